#!/usr/bin/env node
// `npm run admin -- <command>`: the admin CLI of auth-service, pointed at the database of the running `npm start`
// (from .data/) unless DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, localSecrets, readRuntime } from './lib/local-state.mjs';

const cli = join(ROOT, 'dist/apps/auth-service/admin.js');
if (!existsSync(cli)) {
  const build = spawnSync('npx', ['nx', 'build', 'auth-service'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const runtime = readRuntime();
const databaseUrl = process.env.DATABASE_URL ?? runtime?.database_url;
if (!databaseUrl) {
  console.error('No database: set DATABASE_URL, or run `npm start` first (it records where its database is).');
  process.exit(78);
}
const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  CURSOR_SIGNING_KEY: process.env.CURSOR_SIGNING_KEY ?? localSecrets().cursor_signing_key,
  ENCRYPTION_KEYS: process.env.ENCRYPTION_KEYS ?? localSecrets().encryption_keys,
};
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { env, stdio: 'inherit' });
process.exit(result.status ?? 1);
