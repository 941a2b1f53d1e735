#!/usr/bin/env node
// `npm test`: builds and lints the apps, provides a Postgres (DATABASE_URL, else the local server, else an embedded one),
// runs every Jest project and prints a last line `N passed, N failed`. Extra arguments go to Jest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOnSupportedNode } from './lib/supported-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await runOnSupportedNode();
// Everything below (nx, the type check, Jest and its workers, the apps the tests start) runs on this Node.
console.log(`Node ${process.version} (${process.execPath})`);
const require = createRequire(import.meta.url);
const { providePostgres, natsServerOnPath, INSTALL_HINT } = require('../tools/stack');

if (!natsServerOnPath()) {
  console.error(INSTALL_HINT);
  process.exit(1);
}

const checks = spawnSync('npx', ['nx', 'run-many', '-t', 'build', 'lint', '--parallel=2', '--outputStyle=static'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NX_DAEMON: 'false' },
});
if (checks.status !== 0) {
  console.error('Build or lint failed: no tests were run.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// Tests compile with SWC, which strips types without checking them: type-check every project, tests included,
// under the same compiler settings as the code.
const typecheck = spawnSync(process.execPath, [join(root, 'scripts/typecheck.mjs')], { cwd: root, stdio: 'inherit' });
if (typecheck.status !== 0) {
  console.error('Type errors: no tests were run.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const postgres = await providePostgres(join(root, '.data/test-postgres'));
const resultsFile = join(root, 'tmp/jest-results.json');
mkdirSync(dirname(resultsFile), { recursive: true });
const jest = spawnSync(
  process.execPath,
  [require.resolve('jest/bin/jest'), '--ci', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, DATABASE_URL: postgres.url, NX_DAEMON: 'false' } },
);
await postgres.stop();

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} catch {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(jest.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
