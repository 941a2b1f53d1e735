// The product runs on Node ≥ 22.19 (current LTS lines 22 and 24; undici 8 sets the floor). Where the machine's own
// Node is older, the scripts rerun themselves on the Node 24 that `npm ci` installs from the npm registry (the `node`
// devDependency, in node_modules/.bin), with that directory first on PATH so every child (nx, Jest, the apps) uses it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ROOT } from './local-state.mjs';

export const MINIMUM_NODE = [22, 19];
const LOCAL_BIN = join(ROOT, 'node_modules/.bin');

export function isSupportedNode(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
}

/** Returns at once on a supported Node; otherwise reruns this script on the local Node 24 and exits with its status. */
export async function runOnSupportedNode() {
  if (isSupportedNode()) return;
  const localNode = join(LOCAL_BIN, 'node');
  if (!existsSync(localNode)) {
    console.error(`Node ${process.version} is too old (≥ ${MINIMUM_NODE.join('.')} needed) and node_modules/.bin/node is missing: run \`npm ci\`, or install Node 22 or 24.`);
    process.exit(1);
  }
  const child = spawn(localNode, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${LOCAL_BIN}${delimiter}${process.env.PATH ?? ''}` },
  });
  // The child handles Ctrl-C itself (it is in the same process group); a SIGTERM sent to us alone is passed on.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  const code = await new Promise((resolve) => child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
  process.exit(code);
}
