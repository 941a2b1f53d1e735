#!/usr/bin/env node
// Type-checks every project with its test configuration (sources and tests), two at a time.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const configs = ['apps', 'libs']
  .flatMap((folder) => readdirSync(join(root, folder)).map((project) => join(folder, project)))
  .map((project) => [join(project, 'tsconfig.spec.json'), join(project, 'tsconfig.json')].find((config) => existsSync(join(root, config))))
  .filter(Boolean);

let failed = 0;
const queue = [...configs];
async function worker() {
  for (let config = queue.shift(); config; config = queue.shift()) {
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, [tsc, '--noEmit', '-p', config], { cwd: root, stdio: 'inherit' });
      child.on('exit', resolve);
    });
    if (code !== 0) {
      failed++;
      console.error(`type errors in ${config}`);
    }
  }
}
await Promise.all([worker(), worker()]);
process.exit(failed ? 1 : 0);
