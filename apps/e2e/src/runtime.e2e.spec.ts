import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const WORKSPACE = join(__dirname, '../../..');

/** `22.19.0` → [22, 19]. */
function majorMinorOf(version: string): [number, number] {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return [major!, minor!];
}

function atLeast(version: string, minimum: string): boolean {
  const [major, minor] = majorMinorOf(version);
  const [minMajor, minMinor] = majorMinorOf(minimum);
  return major > minMajor || (major === minMajor && minor >= minMinor);
}

/**
 * The suite runs on a supported Node whatever the machine's own is: Jest's workers, the `node` every script and
 * shebang resolves from PATH (nx, Jest), and the one the apps are started with (`process.execPath`) are the same
 * current LTS, and it satisfies `engines`.
 */
describe('runtime', () => {
  const minimum = (JSON.parse(readFileSync(join(WORKSPACE, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node.replace(/^>=/, '');

  it('runs the tests, the tools and the apps on the same supported Node', () => {
    const onPath = spawnSync('node', ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim();
    const ofApps = spawnSync(process.execPath, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim();
    console.log(`Node: Jest worker ${process.version}, PATH ${onPath}, apps ${ofApps} (${process.execPath})`);
    expect(atLeast(process.version, minimum)).toBe(true);
    expect(onPath).toBe(process.version);
    expect(ofApps).toBe(process.version);
  });

  it('provides Node 24 from the npm registry in node_modules/.bin', () => {
    const local = spawnSync(join(WORKSPACE, 'node_modules/.bin/node'), ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim();
    expect(local).toMatch(/^v24\./);
    expect(atLeast(local, minimum)).toBe(true);
  });
});
