#!/usr/bin/env node
// `npm start`: from a fresh clone to the whole product running on embedded defaults.
//   installs what is missing → builds → Postgres (DATABASE_URL, else embedded under .data/) → NATS (NATS_URL, else a
//   nats-server from PATH) → auth-service (migrations) → crm-service, directory-service, sync-service → gateway → a demo environment.
// Ctrl-C (SIGINT/SIGTERM) stops every child: the gateway and the services first (each finishes what it holds, within its
// SHUTDOWN_GRACE_MS), then the emulator and NATS, then Postgres.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DATA_DIR, ROOT, localSecrets, writeRuntime } from './lib/local-state.mjs';
import { runOnSupportedNode } from './lib/supported-node.mjs';

const log = (message) => console.log(`\x1b[36m[start]\x1b[0m ${message}`);
const fail = (message) => {
  console.error(`\x1b[31m[start]\x1b[0m ${message}`);
  process.exit(1);
};

if (!existsSync(join(ROOT, 'node_modules/.package-lock.json'))) {
  log('Installing dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
}
// On a machine whose Node is older than 22.19, the rest runs on the Node 24 `npm ci` installed (node_modules/.bin).
await runOnSupportedNode();

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
  log('Stopping (the apps finish the requests they hold first)…');
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

  // Each app reaches NATS as its own user with its own permissions (tools/stack/nats-permissions.js). Our own
  // nats-server gets fresh passwords; a NATS_URL of yours takes them from NATS_PASSWORD_<APP> (see nats.conf).
  let natsUrl = process.env.NATS_URL;
  let natsPasswords;
  if (!natsUrl) {
    if (!stack.natsServerOnPath()) fail(stack.INSTALL_HINT);
    log('Starting nats-server…');
    ({ url: natsUrl, passwords: natsPasswords } = await stack.startNatsServer(children));
  } else {
    const given = stack.NATS_APPS.map((app) => [app.user, process.env[stack.passwordVariableOf(app.user)]]);
    if (given.every(([, password]) => password)) natsPasswords = Object.fromEntries(given);
    else log('NATS_PASSWORD_<APP> are not all set: the apps connect to NATS_URL without credentials');
  }
  const callContextKey = process.env.CALL_CONTEXT_SIGNING_KEY ?? secrets.call_context_signing_key;

  // The Dataverse + Entra ID emulator with a demo organization: the product connects to it like to Microsoft.
  const emulatorPort = Number(process.env.EMULATOR_PORT ?? 7070);
  const emulatorAdminToken = process.env.EMULATOR_ADMIN_TOKEN ?? secrets.emulator_admin_token;
  const gatewayPublicUrl = `http://localhost:${port}`;
  log(`Starting the Dataverse emulator on port ${emulatorPort}…`);
  const emulator = children.start('emulator', process.execPath, [join(ROOT, 'dist/apps/dataverse-emulator/main.js')], {
    env: {
      ...process.env,
      EMULATOR_PORT: String(emulatorPort),
      EMULATOR_ADMIN_TOKEN: emulatorAdminToken,
      EMULATOR_ORGS: process.env.EMULATOR_ORGS ?? 'contoso',
      EMULATOR_REDIRECT_URIS: `${gatewayPublicUrl}/connect/callback,http://127.0.0.1:${port}/connect/callback`,
    },
    infrastructure: true,
  });
  await stack.waitForLine(emulator, (line) => line.includes('"event":"ready"'), 120_000);
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const emulatorConfig = await (await fetch(`${emulatorUrl}/_emulator/config`, { headers: { authorization: `Bearer ${emulatorAdminToken}` } })).json();
  const demoApp = emulatorConfig.app_registrations[0];

  const env = {
    ...process.env,
    PUBLIC_URL: process.env.PUBLIC_URL ?? gatewayPublicUrl,
    ENTRA_AUTHORITY_URL: process.env.ENTRA_AUTHORITY_URL ?? emulatorUrl,
    ENTRA_TENANT: process.env.ENTRA_TENANT ?? 'organizations',
    ENTRA_CLIENT_ID: process.env.ENTRA_CLIENT_ID ?? demoApp.client_id,
    ENTRA_CLIENT_SECRET: process.env.ENTRA_CLIENT_SECRET ?? demoApp.client_secret,
    GLOBAL_DISCOVERY_URL: process.env.GLOBAL_DISCOVERY_URL ?? emulatorUrl,
    // Our emulator is the one plain-http, loopback "Dataverse" this deployment may connect.
    ALLOWED_ENVIRONMENT_HOSTS: process.env.ALLOWED_ENVIRONMENT_HOSTS ?? `127.0.0.1:${emulatorPort}`,
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    CURSOR_SIGNING_KEY: process.env.CURSOR_SIGNING_KEY ?? secrets.cursor_signing_key,
    ENCRYPTION_KEYS: process.env.ENCRYPTION_KEYS ?? secrets.encryption_keys,
    // A local deployment: webhook receivers on http://127.0.0.1 are allowed (production requires https and public hosts).
    WEBHOOK_ALLOW_LOCAL_HTTP: process.env.WEBHOOK_ALLOW_LOCAL_HTTP ?? 'true',
    METRICS_TOKEN: process.env.METRICS_TOKEN ?? secrets.metrics_token,
    PORT: String(port),
  };
  const envOf = (app) => ({ ...stack.processEnvOf(app), ...env, ...stack.busEnvOf(app, { passwords: natsPasswords, callContextKey }) });
  writeRuntime({ database_url: databaseUrl, nats_url: natsUrl, gateway_url: `http://localhost:${port}` });

  const startApp = async (app, readyLine) => {
    const child = children.start(app, process.execPath, [...stack.nodeFlagsOf(app), join(ROOT, 'dist/apps', app, 'main.js')], { env: envOf(app), inheritOutput: true });
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
  await Promise.all([startApp('crm-service', 'crm-service listening on NATS'), startApp('directory-service', 'directory-service listening on NATS'), startApp('sync-service', 'sync-service listening on NATS')]);
  await startApp('gateway', 'Gateway listening');

  const apiKey = process.env.DEMO_API_KEY ?? secrets.demo_api_key;
  const demo = JSON.parse(
    execFileSync(process.execPath, [join(ROOT, 'dist/apps/auth-service/admin.js'), 'ensure-environment', 'Demo'], {
      env: { ...env, ENVIRONMENT_API_KEY: apiKey },
      encoding: 'utf8',
    }),
  );

  const gatewayUrl = `http://localhost:${port}`;
  const accountId = await connectDemoAccount(gatewayUrl, apiKey);
  const ready = await fetch(`${gatewayUrl}/health/ready`).then((response) => response.status);
  console.log(`
\x1b[32mDynamics 365 Unified API is running\x1b[0m (ready: ${ready === 200 ? 'yes' : 'no'})

  Gateway         ${gatewayUrl}
  API docs        ${gatewayUrl}/docs
  Environment     ${demo.environment_id}
  API key         ${apiKey}
  Demo account    ${accountId}  (the emulated org "contoso", connected through the real OAuth flow)
  Emulator        ${emulatorUrl}  (admin token in .data/secrets.json)
  Metrics         ${gatewayUrl}/metrics  (Authorization: Bearer <metrics_token of .data/secrets.json>)

  curl -H "Authorization: Bearer ${apiKey}" ${gatewayUrl}/integrated-accounts/${accountId}

Press Ctrl-C to stop.`);
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}

/**
 * Connects (or re-authorizes) the demo integrated account through the hosted connect flow, headless: the same
 * pages and OAuth code flow an end user goes through.
 */
async function connectDemoAccount(gatewayUrl, apiKey) {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const existing = (await (await fetch(`${gatewayUrl}/integrated-accounts?customer_ref=demo&limit=1`, { headers })).json()).result?.[0];
  const body = existing ? { customer_ref: 'demo', integrated_account_id: existing.id } : { customer_ref: 'demo' };
  const link = await (await fetch(`${gatewayUrl}/link-tokens`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
  if (!link.result) throw new Error(`Could not create a link token: ${JSON.stringify(link)}`);
  const outcome = await stack.connectHeadless({ gatewayUrl, linkToken: link.result.link_token });
  const accountId = /Integrated account ([0-9a-f-]{36})/.exec(outcome.body)?.[1];
  if (!accountId) throw new Error(`The demo account could not be connected (${outcome.status})`);
  return accountId;
}
