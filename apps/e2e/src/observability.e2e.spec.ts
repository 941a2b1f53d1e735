import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, WebhookReceiver, connectAppOnly, secretsOf, startStack } from '@dua/testing';
import { freePort } from '../../../tools/stack';

const SERVICE_APPS = ['gateway', 'auth-service', 'crm-service', 'directory-service', 'sync-service'];

interface LogLine {
  app: string;
  entry: Record<string, unknown>;
}

/** The stack's captured lines (`[app] …`) that are JSON log entries. */
function entriesOf(lines: string[]): LogLine[] {
  return lines.flatMap((line) => {
    const match = /^\[([\w-]+)\] (\{.*\})$/.exec(line);
    if (!match) return [];
    try {
      return [{ app: match[1]!, entry: JSON.parse(match[2]!) as Record<string, unknown> }];
    } catch {
      return [];
    }
  });
}

const DASHBOARD = join(__dirname, '../../../deploy/grafana/dynamics-unified-api.dashboard.json');

/** The metric names a dashboard's queries read (histogram series reduced to their metric). */
function metricsOfDashboard(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { targets: { expr: string }[] }[] };
  const exprs = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
  const names = exprs.flatMap((expr) => expr.match(/\b[a-z][a-z0-9_]*_(?:total|seconds|bytes|bucket|count)\b/g) ?? []);
  return [...new Set(names.map((name) => name.replace(/_(?:bucket|count)$/, '')))];
}

/**
 * Observability: one request is followed across the apps by its x-request-id, no app logs a secret, and every
 * service's metrics (the ones the Grafana dashboard reads) are scraped from it with the metrics token.
 */
describe('structured logs and metrics', () => {
  let stack: Stack;
  let apiKey: string;
  let accountId: string;
  const receiver = new WebhookReceiver();
  const metricsPorts: Record<string, number> = {};

  const scrape = (port: number, token = stack.env['METRICS_TOKEN']) =>
    fetch(`http://127.0.0.1:${port}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    for (const app of ['auth-service', 'crm-service', 'directory-service']) metricsPorts[app] = await freePort();
    await receiver.start();
    stack = await startStack({
      emulator: { EMULATOR_SEED_CONTACTS: '5' },
      env: { WEBHOOK_ALLOW_LOCAL_HTTP: 'true' },
      appEnv: Object.fromEntries(Object.entries(metricsPorts).map(([app, port]) => [app, { METRICS_PORT: String(port), METRICS_HOST: '127.0.0.1' }])),
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Logging'));
    accountId = await connectAppOnly(stack, apiKey, 'contoso');
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
  });

  it("finds one request's lines in the gateway, crm-service and auth-service by its x-request-id", async () => {
    const requestId = `logs-${randomUUID()}`;
    const response = await fetch(`${stack.gatewayUrl}/unified/crm/contacts?limit=2&integrated_account_id=${accountId}`, {
      headers: { authorization: `Bearer ${apiKey}`, 'x-request-id': requestId },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const lines = entriesOf(stack.logs.filter((line) => line.includes(requestId)));
    const apps = new Set(lines.map((line) => line.app));
    expect([...apps].sort()).toEqual(expect.arrayContaining(['auth-service', 'crm-service', 'gateway']));
    for (const { app, entry } of lines) {
      expect(entry).toMatchObject({ service: app, request_id: requestId });
    }
    const handled = lines.filter(({ app, entry }) => app === 'crm-service' && entry['msg'] === 'message handled');
    expect(handled).toEqual([expect.objectContaining({ entry: expect.objectContaining({ integrated_account_id: accountId, outcome: 'ok' }) })]);
    const completed = lines.find(({ app, entry }) => app === 'gateway' && entry['msg'] === 'request completed');
    expect(completed?.entry).toMatchObject({ integrated_account_id: accountId, res: { status_code: 200 }, req: { method: 'GET', path: '/unified/crm/contacts' } });
  });

  it('writes every line of every app as JSON naming its service', () => {
    for (const app of SERVICE_APPS) {
      const lines = stack.logs.filter((line) => line.startsWith(`[${app}] `) && !line.includes('Warning:') && !line.includes('--trace-'));
      expect(lines.length).toBeGreaterThan(0);
      expect(entriesOf(lines)).toHaveLength(lines.length);
      for (const { entry } of entriesOf(lines)) expect(entry).toMatchObject({ service: app, level: expect.any(String), time: expect.any(String) });
    }
  });

  it("serves each service's metrics to the metrics token only, with every metric the dashboard reads", async () => {
    await fetch(`${stack.gatewayUrl}/unified/crm/contacts?limit=1&integrated_account_id=${accountId}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect((await scrape(metricsPorts['crm-service']!, '')).status).toBe(401);
    expect((await scrape(metricsPorts['crm-service']!, apiKey)).status).toBe(401);

    const texts: Record<string, string> = {};
    for (const [app, port] of Object.entries(metricsPorts)) {
      const response = await scrape(port);
      expect(response.status).toBe(200);
      texts[app] = await response.text();
    }
    const gateway = await fetch(`${stack.gatewayUrl}/metrics`, { headers: { authorization: `Bearer ${stack.env['METRICS_TOKEN']}` } });
    texts['gateway'] = await gateway.text();

    const crm = texts['crm-service']!;
    expect(crm).toMatch(/^dataverse_requests_total\{method="GET",status="200"\} [1-9]/m);
    expect(crm).toMatch(/^nats_message_duration_seconds_count\{subject="crm\.[\w.-]+",outcome="ok"\} [1-9]/m);
    expect(crm).toMatch(/^cache_lookups_total\{cache="access_token",result="hit"\} [1-9]/m);
    expect(texts['auth-service']).toMatch(/^entra_token_requests_total\{grant_type="client_credentials"\} [1-9]/m);
    expect(texts['auth-service']).toMatch(/^nats_message_duration_seconds_count\{subject="auth\.credentials\.get",outcome="ok"\} [1-9]/m);

    const everything = Object.values(texts).join('\n');
    const dashboardMetrics = metricsOfDashboard();
    expect(dashboardMetrics.length).toBeGreaterThan(8);
    expect(dashboardMetrics.filter((name) => !everything.includes(`# TYPE ${name} `))).toEqual([]);
  });

  it('keeps every key, secret and token out of the logs of every app', async () => {
    // A webhook subscription: its signing secret passes through the gateway and sync-service once.
    const created = await fetch(`${stack.gatewayUrl}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${receiver.url}/hook`, events: ['record.changed'], integrated_account_id: accountId }),
    });
    expect(created.status).toBe(201);
    const webhookSecret = ((await created.json()) as { result: { secret: string } }).result.secret;

    const secrets = await secretsOf(stack, webhookSecret, apiKey);
    expect(secrets.length).toBeGreaterThan(4);
    // The scan covers every app of the stack, each of which logged.
    for (const app of SERVICE_APPS) expect(stack.logs.some((line) => line.startsWith(`[${app}] `))).toBe(true);
    for (const secret of secrets) expect(stack.logs.filter((line) => line.includes(secret))).toEqual([]);
    expect(stack.logs.filter((line) => /eyJ[A-Za-z0-9_-]{10,}\./.test(line) || /dua_[A-Za-z0-9_-]{20,}/.test(line))).toEqual([]);
  });
});
