#!/usr/bin/env node
// `npm run bench`: builds what the benchmarks run, then runs them all (apps/bench) in one process.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--parallel=2', '--outputStyle=static'], { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
if (build.status !== 0) process.exit(build.status ?? 1);
const bench = spawnSync(process.execPath, [join(root, 'dist/apps/bench/main.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(bench.status ?? 1);
