// The developer's local state under .data/ (git-ignored): generated secrets and how to reach the running stack.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA_DIR = join(ROOT, '.data');

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function writePrivateJson(file, value) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
}

/** Secrets generated on first start and kept, so cursors and the demo key survive restarts. */
export function localSecrets() {
  const file = join(DATA_DIR, 'secrets.json');
  const secrets = readJson(file) ?? {};
  let changed = false;
  const ensure = (name, make) => {
    if (!secrets[name]) {
      secrets[name] = make();
      changed = true;
    }
  };
  ensure('cursor_signing_key', () => randomBytes(32).toString('base64url'));
  ensure('demo_api_key', () => `dua_${randomBytes(32).toString('base64url')}`);
  ensure('emulator_admin_token', () => randomBytes(24).toString('base64url'));
  ensure('encryption_keys', () => `local-1:${randomBytes(32).toString('base64')}`);
  ensure('call_context_signing_key', () => randomBytes(32).toString('base64url'));
  ensure('metrics_token', () => randomBytes(32).toString('base64url'));
  if (changed) writePrivateJson(file, secrets);
  return secrets;
}

/** Where the running stack is (written by `npm start`, read by `npm run admin`). */
export const runtimeFile = join(DATA_DIR, 'runtime.json');
export const readRuntime = () => readJson(runtimeFile);
export const writeRuntime = (runtime) => writePrivateJson(runtimeFile, runtime);
