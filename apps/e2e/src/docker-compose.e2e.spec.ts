import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { distEntry } from '@dua/testing';
import { NATS_APPS, passwordVariableOf } from '../../../tools/stack';

/**
 * docker-compose.yml is checked without Docker: every app of the workspace is a service built from the one
 * Dockerfile, each service's environment (as Compose interpolates it from an operator's `.env`) passes that app's own
 * configuration check, and the dependencies match what the environment points at.
 */
const ROOT = join(__dirname, '../../..');

/** What a self-hoster puts in `.env`: a value for each variable docker-compose.yml requires (`${VAR:?…}`). */
const OPERATOR_ENV: Record<string, string> = {
  POSTGRES_PASSWORD: 'compose-test-password',
  CURSOR_SIGNING_KEY: 'compose-test-cursor-signing-key-0123456789',
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  CALL_CONTEXT_SIGNING_KEY: 'compose-test-call-context-signing-key-0123456789',
  METRICS_TOKEN: 'compose-test-metrics-token-0123456789',
  // One NATS password per app (nats.conf reads them; each app gets its own).
  ...Object.fromEntries(NATS_APPS.map((app) => [passwordVariableOf(app.user), `compose-test-nats-password-${app.user}`])),
};

interface ComposeService {
  build?: string;
  image?: string;
  command?: unknown;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition?: string }> | string[];
  profiles?: string[];
}

/** Compose's variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `$$`. */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, name, operator, argument, bare) => {
    if (match === '$$') return '$';
    const variable = (name ?? bare) as string;
    const current = env[variable];
    const unset = operator?.startsWith(':') ? current === undefined || current === '' : current === undefined;
    if (!unset) return current ?? '';
    if (operator?.endsWith('?')) throw new Error(`docker-compose.yml requires ${variable}: ${argument}`);
    if (operator?.endsWith('-')) return argument as string;
    return '';
  });
}

function loadCompose(): Record<string, ComposeService> {
  const document = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  return document.services;
}

function environmentOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolate(String(value ?? ''), OPERATOR_ENV)]));
}

function dependenciesOf(service: ComposeService): Record<string, string | undefined> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, options]) => [name, options.condition]));
}

/** The workspace's deployable apps: projects tagged `type:app`. */
function deployableApps(): string[] {
  return readdirSync(join(ROOT, 'apps')).filter((app) => {
    const project = join(ROOT, 'apps', app, 'project.json');
    return existsSync(project) && (JSON.parse(readFileSync(project, 'utf8')) as { tags?: string[] }).tags?.includes('type:app');
  });
}

function checkConfig(app: string, env: Record<string, string>): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [distEntry(app), '--check-config'], { env: { PATH: process.env['PATH'], ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('docker-compose.yml', () => {
  const services = loadCompose();
  const appServices = Object.entries(services).filter(([, service]) => service.environment?.['APP'] !== undefined);

  it('runs every deployable app, each from the one Dockerfile, whose command starts the app named by APP', () => {
    expect(appServices.map(([, service]) => service.environment!['APP']).sort()).toEqual(deployableApps().sort());
    for (const [name, service] of appServices) {
      expect({ name, build: service.build, image: service.image, command: service.command }).toEqual({ name, build: '.', image: 'dynamics-unified-api:local', command: undefined });
    }
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/CMD \[.*dist\/apps\/\$\{APP\}\/main\.js/);
  });

  it.each(appServices.map(([name]) => name))('gives %s an environment its configuration check accepts', (name) => {
    const env = environmentOf(services[name]);
    expect(checkConfig(env['APP'], env)).toEqual({ status: 0, output: expect.stringContaining('configuration ok') });
  });

  it('fails the check when a required variable is missing, naming it', () => {
    const env = environmentOf(services['crm-service']);
    delete env['CURSOR_SIGNING_KEY'];
    const check = checkConfig('crm-service', env);
    expect(check.status).toBe(78);
    expect(check.output).toContain('CURSOR_SIGNING_KEY is required');
  });

  it('starts each app after what its environment points at: NATS, and a healthy Postgres for the apps that use one', () => {
    for (const [name, service] of appServices) {
      const env = environmentOf(service);
      const dependencies = dependenciesOf(service);
      for (const variable of ['NATS_URL', 'DATABASE_URL']) {
        if (!env[variable]) continue;
        const host = new URL(env[variable]).hostname;
        expect({ name, variable, host, known: host in services }).toEqual({ name, variable, host, known: true });
        expect({ name, dependsOn: host, condition: dependencies[host] }).toEqual({
          name,
          dependsOn: host,
          condition: variable === 'DATABASE_URL' ? 'service_healthy' : 'service_started',
        });
      }
    }
  });

  it('interpolates as Compose does', () => {
    const env = { SET: 'value', EMPTY: '' };
    expect(interpolate('${SET:-x} ${EMPTY:-x} ${EMPTY-x} ${UNSET-x} $SET $$SET', env)).toBe('value x  x value $SET');
    expect(() => interpolate('${EMPTY:?set EMPTY}', env)).toThrow('docker-compose.yml requires EMPTY: set EMPTY');
  });
});
