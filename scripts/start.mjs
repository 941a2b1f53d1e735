#!/usr/bin/env node
// `npm start`: from a fresh clone to the whole product running on embedded defaults.
//   installs what is missing → builds → Postgres (DATABASE_URL, else embedded under .data/) → NATS (NATS_URL, else a
//   nats-server from PATH) → auth-service (migrations) → crm-service, directory-service → gateway → a demo environment.
// Ctrl-C (SIGINT/SIGTERM) stops every child.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DATA_DIR, ROOT, localSecrets, writeRuntime } from './lib/local-state.mjs';

const log = (message) => console.log(`\x1b[36m[start]\x1b[0m ${message}`);
const fail = (message) => {
  console.error(`\x1b[31m[start]\x1b[0m ${message}`);
  process.exit(1);
};

if (!existsSync(join(ROOT, 'node_modules/.package-lock.json'))) {
  log('Installing dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
}

const require = createRequire(import.meta.url);
const stack = require('../tools/stack');

log('Building (cached after the first run)…');
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--parallel=2', '--outputStyle=static'], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, NX_DAEMON: 'false' },
});
if (build.status !== 0) fail('The build failed (run `npx nx run-many -t build` to see why).');

const children = new stack.ChildProcesses();
const cleanups = [];
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  log('Stopping…');
  await children.stopAll();
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const secrets = localSecrets();
  const port = Number(process.env.PORT ?? 3000);

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = join(DATA_DIR, 'postgres');
    mkdirSync(dataDir, { recursive: true });
    log(`Starting an embedded Postgres (data in ${dataDir})…`);
    const embedded = await stack.startEmbeddedPostgres(dataDir, await stack.freePort());
    cleanups.push(embedded.stop);
    databaseUrl = embedded.adminUrl;
  }

  let natsUrl = process.env.NATS_URL;
  if (!natsUrl) {
    if (!stack.natsServerOnPath()) fail(stack.INSTALL_HINT);
    log('Starting nats-server…');
    natsUrl = (await stack.startNatsServer(children)).url;
  }

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    CURSOR_SIGNING_KEY: process.env.CURSOR_SIGNING_KEY ?? secrets.cursor_signing_key,
    PORT: String(port),
  };
  writeRuntime({ database_url: databaseUrl, nats_url: natsUrl, gateway_url: `http://localhost:${port}` });

  const startApp = async (app, readyLine) => {
    const child = children.start(app, process.execPath, [join(ROOT, 'dist/apps', app, 'main.js')], { env, inheritOutput: true });
    if (readyLine) await stack.waitForLine(child, (line) => line.includes(readyLine), 60_000);
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(`[start] ${app} exited (${code}); stopping everything`);
        void shutdown(1);
      }
    });
    return child;
  };

  await startApp('auth-service', 'auth-service listening on NATS');
  await Promise.all([startApp('crm-service', 'crm-service listening on NATS'), startApp('directory-service', 'directory-service listening on NATS')]);
  await startApp('gateway', 'Gateway listening');

  const apiKey = process.env.DEMO_API_KEY ?? secrets.demo_api_key;
  const demo = JSON.parse(
    execFileSync(process.execPath, [join(ROOT, 'dist/apps/auth-service/admin.js'), 'ensure-environment', 'Demo'], {
      env: { ...env, ENVIRONMENT_API_KEY: apiKey },
      encoding: 'utf8',
    }),
  );

  const gatewayUrl = `http://localhost:${port}`;
  const ready = await fetch(`${gatewayUrl}/health/ready`).then((response) => response.status);
  console.log(`
\x1b[32mDynamics 365 Unified API is running\x1b[0m (ready: ${ready === 200 ? 'yes' : 'no'})

  Gateway         ${gatewayUrl}
  API docs        ${gatewayUrl}/docs
  Environment     ${demo.environment_id}
  API key         ${apiKey}

  curl -H "Authorization: Bearer ${apiKey}" ${gatewayUrl}/integrated-accounts

Press Ctrl-C to stop.`);
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}
