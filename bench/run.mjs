#!/usr/bin/env node
// `npm run bench`: builds what the benchmarks run, then runs every scenario on this machine, each against its
// baseline measured in the same run: the product's scenarios (apps/bench) and the emulator's own
// (apps/dataverse-emulator/bench). Results: bench/results/latest.json (format in DESIGN.md), also printed.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(args[0], args.slice(1), { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } }).status;

if (run(['npx', 'nx', 'run-many', '-t', 'build', '--parallel=2', '--outputStyle=static']) !== 0) process.exit(1);
const { providePostgres } = createRequire(import.meta.url)('../tools/stack');
const postgres = await providePostgres(join(root, '.data/test-postgres'));
process.env.DATABASE_URL = postgres.url;
const benchStatus = run([process.execPath, join(root, 'dist/apps/bench/main.js')]);
await postgres.stop();
if (benchStatus !== 0) process.exit(1);
const emulatorResults = join(root, 'apps/dataverse-emulator/bench/results/latest.json');
if (!process.argv.includes('--skip-emulator') && run([process.execPath, join(root, 'apps/dataverse-emulator/bench/emulator.bench.mjs')]) === 0 && existsSync(emulatorResults)) {
  const latest = join(root, 'bench/results/latest.json');
  const ours = JSON.parse(readFileSync(latest, 'utf8'));
  const emulator = JSON.parse(readFileSync(emulatorResults, 'utf8'));
  ours.scenarios.push(...emulator.scenarios.map((scenario) => ({ ...scenario, name: `emulator: ${scenario.name}` })));
  writeFileSync(latest, `${JSON.stringify(ours, null, 2)}\n`);
  console.log(`All scenarios: ${latest}`);
}
