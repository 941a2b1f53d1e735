import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ConnectionOptions } from 'nats';
import { CallContextSigner, inboxPrefixOf } from '@dua/service-kit';
import type { CallContext } from '@dua/unified-models';
import { busEnvOf, ChildProcesses, createDatabase, dropDatabase, freePort, nodeFlagsOf, processEnvOf, startNatsServer } from '../../../tools/stack';
import { EmulatorProcess } from './emulator';

const execFileAsync = promisify(execFile);
const WORKSPACE = join(__dirname, '../../..');
/**
 * How long an app may take to start. Generous: an app starts in 1–5 s, but several starting at once on a loaded 2-core
 * machine took over 20 s; the bound is not what the tests measure.
 */
const APP_START_TIMEOUT_MS = 60_000;

export type ServiceApp = 'auth-service' | 'crm-service' | 'directory-service' | 'sync-service';

export interface StackOptions {
  /** Service replicas to start; default one of each. */
  services?: ServiceApp[];
  /** Extra environment for every app. */
  env?: NodeJS.ProcessEnv;
  /** Extra environment for one app (e.g. its own `METRICS_PORT`). */
  appEnv?: Partial<Record<ServiceApp | 'gateway', NodeJS.ProcessEnv>>;
  /** Extra `node` flags for every app, e.g. `--cpu-prof` for the benchmark's profiles. */
  nodeArgs?: string[];
  /** Start the Dataverse + Entra ID emulator (its own settings, e.g. `EMULATOR_ORGS`) and point the product at it. */
  emulator?: NodeJS.ProcessEnv;
  /**
   * The Postgres server to create the stack's database on (an admin URL); default the suite's `DATABASE_URL`. A test
   * that stops its Postgres passes a private one here: the suite's server is shared and is never restarted.
   */
  databaseAdminUrl?: string;
}

/** A running instance of the product (built apps as real processes), on a private NATS and a fresh database. */
export interface Stack {
  gatewayUrl: string;
  natsUrl: string;
  databaseUrl: string;
  /** What every app is given; each also gets its own NATS credentials (and the gateway and auth-service the call context key). */
  env: NodeJS.ProcessEnv;
  /** How `app` (a NATS user of tools/stack/nats-permissions.js) connects to the stack's NATS; without it, anonymously. */
  natsOptions(app?: string): ConnectionOptions;
  /** A call context as the gateway signs it (for tests that play a service forwarding a gateway request). */
  signContext(context: CallContext): CallContext;
  /** Everything the apps printed, for log scans. */
  logs: string[];
  /** With `emulator`: the running emulator and the first org's app registration used for delegated connections. */
  emulator?: EmulatorProcess;
  startService(app: ServiceApp): Promise<ChildProcess>;
  /** Kills the stack's nats-server (SIGKILL: an outage, not a shutdown). */
  killNats(): Promise<void>;
  /** Starts the stack's nats-server again, on the same port with the same users, and waits until it listens. */
  startNats(): Promise<void>;
  /** SIGTERM, then waits for the replica to drain and exit; resolves with how it ended (a clean stop is code 0). */
  stopService(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  services(app: ServiceApp): ChildProcess[];
  /** Every process of the stack by name (gateway, each service replica, the emulator, nats-server), e.g. for memory readings. */
  processes(): { name: string; child: ChildProcess }[];
  /** Runs the admin CLI; returns its JSON output. */
  admin<T = Record<string, string>>(...args: string[]): Promise<T>;
  stop(): Promise<void>;
}

/** The Postgres server the tests create their databases on (`npm test` provides it). */
export function adminDatabaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is not set: run the suite with `npm test`, which provides a Postgres');
  return url;
}

export function distEntry(app: string, entry = 'main.js'): string {
  return join(WORKSPACE, 'dist/apps', app, entry);
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const children = new ChildProcesses();
  const logs: string[] = [];
  let nats = await startNatsServer(children);
  const callContextKey = randomBytes(32).toString('base64url');
  const adminUrl = options.databaseAdminUrl ?? adminDatabaseUrl();
  const databaseUrl = await createDatabase(adminUrl);
  const gatewayPort = await freePort();
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const emulator = options.emulator
    ? await EmulatorProcess.start({ EMULATOR_REDIRECT_URIS: `${gatewayUrl}/connect/callback`, ...options.emulator })
    : undefined;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    NODE_ENV: 'test',
    NATS_URL: nats.url,
    DATABASE_URL: databaseUrl,
    CURSOR_SIGNING_KEY: randomBytes(32).toString('base64url'),
    ENCRYPTION_KEYS: `test-key:${randomBytes(32).toString('base64')}`,
    METRICS_TOKEN: randomBytes(32).toString('base64url'),
    PORT: String(gatewayPort),
    HOST: '127.0.0.1',
    PUBLIC_URL: gatewayUrl,
    ...(emulator ? await productSettingsFor(emulator) : {}),
    ...options.env,
  };
  const running = new Map<ServiceApp, ChildProcess[]>();
  let gateway: ChildProcess | undefined;

  const startApp = (app: string, onLine?: (line: string) => void): ChildProcess =>
    children.start(app, process.execPath, [...nodeFlagsOf(app), ...(options.nodeArgs ?? []), distEntry(app)], {
      env: { ...processEnvOf(app), ...env, ...options.appEnv?.[app as ServiceApp], ...busEnvOf(app, { passwords: nats.passwords, callContextKey }) },
      onLine: (line) => {
        logs.push(`[${app}] ${line}`);
        onLine?.(line);
      },
    });

  const startService = async (app: ServiceApp): Promise<ChildProcess> => {
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const child = startApp(app, (line) => line.includes(`${app} listening on NATS`) && markReady());
    running.set(app, [...(running.get(app) ?? []), child]);
    child.once('exit', () =>
      running.set(
        app,
        (running.get(app) ?? []).filter((other) => other !== child),
      ),
    );
    await untilReady(ready, child, app);
    return child;
  };

  const stack: Stack = {
    gatewayUrl,
    natsUrl: nats.url,
    databaseUrl,
    env,
    natsOptions: (app) => ({
      servers: nats.url,
      ...(app ? { user: app, pass: nats.passwords[app], inboxPrefix: inboxPrefixOf(app) } : {}),
    }),
    signContext: (context) => new CallContextSigner(callContextKey).sign(context),
    logs,
    emulator,
    startService,
    killNats: async () => {
      const child = nats.child;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    startNats: async () => {
      nats = await startNatsServer(children, { port: nats.port, passwords: nats.passwords });
    },
    stopService: (child) => children.stop(child),
    services: (app) => running.get(app) ?? [],
    processes: () => [
      ...(gateway ? [{ name: 'gateway', child: gateway }] : []),
      ...[...running].flatMap(([app, replicas]) => replicas.map((child, index) => ({ name: replicas.length > 1 ? `${app}#${index + 1}` : app, child }))),
      ...(emulator ? [{ name: 'dataverse-emulator', child: emulator.child }] : []),
      { name: 'nats-server', child: nats.child },
    ],
    admin: async <T>(...args: string[]) => {
      const { stdout } = await execFileAsync(process.execPath, [distEntry('auth-service', 'admin.js'), ...args], { env });
      return JSON.parse(stdout) as T;
    },
    stop: async () => {
      await children.stopAll();
      await emulator?.stop();
      await dropDatabase(adminUrl, databaseUrl).catch(() => undefined);
    },
  };

  try {
    // auth-service first: it applies the migrations.
    await startService('auth-service');
    await Promise.all((options.services ?? ['crm-service', 'directory-service', 'sync-service']).filter((app) => app !== 'auth-service').map(startService));
    gateway = startApp('gateway');
    await waitForHttp(`${gatewayUrl}/health/ready`, APP_START_TIMEOUT_MS);
  } catch (error) {
    await stack.stop();
    throw new Error(`The stack did not start: ${(error as Error).message}\n${logs.slice(-30).join('\n')}`);
  }
  return stack;
}

async function untilReady(ready: Promise<void>, child: ChildProcess, app: string, timeoutMs = APP_START_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${app} did not start within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`${app} exited with ${code}`)));
  });
  failed.catch(() => undefined); // a later exit is the caller's business, not an unhandled rejection
  try {
    await Promise.race([ready, failed]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `url` until it answers 200. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How the product reaches the emulator: Entra ID and Global Discovery at its base URL, the first org's app registration. */
async function productSettingsFor(emulator: EmulatorProcess): Promise<NodeJS.ProcessEnv> {
  const config = await emulator.config();
  const app = config.app_registrations[0];
  return {
    ENTRA_AUTHORITY_URL: emulator.baseUrl,
    ENTRA_TENANT: 'organizations',
    ENTRA_CLIENT_ID: app.client_id,
    ENTRA_CLIENT_SECRET: app.client_secret,
    GLOBAL_DISCOVERY_URL: emulator.baseUrl,
    // The emulator is a local deployment's Dataverse: its plain-http loopback host is allowed, nothing else is.
    ALLOWED_ENVIRONMENT_HOSTS: new URL(emulator.baseUrl).host,
  };
}

/**
 * Connects an emulated org app-only (`POST /integrated-accounts` with the org's own app registration) and returns
 * the integrated account id: the quickest way to a working account in a test.
 */
export async function connectAppOnly(stack: Stack, apiKey: string, org: string): Promise<string> {
  if (!stack.emulator) throw new Error('connectAppOnly needs a stack started with an emulator');
  const config = await stack.emulator.config();
  const target = config.orgs.find((candidate) => candidate.name === org);
  const app = config.app_registrations.find((registration) => registration.tenant_id === target?.tenant_id);
  if (!target || !app) throw new Error(`The emulator has no org ${org}`);
  const response = await fetch(`${stack.gatewayUrl}/integrated-accounts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      auth_type: 'client_credentials',
      environment_url: target.environment_url,
      tenant_id: target.tenant_id,
      client_id: app.client_id,
      client_secret: app.client_secret,
    }),
  });
  if (response.status !== 201) throw new Error(`Connecting ${org} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { result: { id: string } }).result.id;
}
