import { randomUUID } from 'node:crypto';
import { OtlpReceiver, ReceivedSpan, SPAN_KIND, Stack, connectAppOnly, secretsOf, startStack } from '@dua/testing';

/**
 * OpenTelemetry traces across the hops: the gateway's HTTP request → NATS → crm-service → NATS → auth-service, and
 * crm-service → Dataverse (the emulator) over HTTP, exported over OTLP/HTTP to a receiver this test runs, all in one
 * trace whose parent links follow the hops, and with nothing secret in any span.
 */
describe('traces', () => {
  let receiver: OtlpReceiver;
  let stack: Stack;
  let apiKey: string;
  let accountId: string;

  beforeAll(async () => {
    receiver = new OtlpReceiver();
    await receiver.start();
    stack = await startStack({
      emulator: { EMULATOR_SEED_CONTACTS: '5' },
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' },
      // directory-service holds its spans (an hour's batching): they leave only when it stops.
      appEnv: { 'directory-service': { OTEL_BSP_SCHEDULE_DELAY: '3600000' } },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Tracing'));
    accountId = await connectAppOnly(stack, apiKey, 'contoso');
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });

  it('follows one unified read from the gateway through crm-service and auth-service to Dataverse in one trace', async () => {
    const requestId = `trace-${randomUUID()}`;
    const response = await fetch(`${stack.gatewayUrl}/unified/crm/contacts?limit=2&integrated_account_id=${accountId}`, {
      headers: { authorization: `Bearer ${apiKey}`, 'x-request-id': requestId },
    });
    expect(response.status).toBe(200);

    // The spans of this request: they arrive from four processes, each on its own export schedule.
    const isComplete = (spans: ReceivedSpan[]) => {
      const crm = spans.find((span) => span.service === 'crm-service' && span.kind === SPAN_KIND.SERVER && span.attributes['request_id'] === requestId);
      if (!crm) return undefined;
      const trace = spans.filter((span) => span.traceId === crm.traceId);
      const services = new Set(trace.map((span) => span.service));
      const dataverse = trace.some((span) => span.service === 'crm-service' && span.kind === SPAN_KIND.CLIENT && span.attributes['messaging.system'] === undefined);
      const gatewayServer = trace.some((span) => span.service === 'gateway' && span.kind === SPAN_KIND.SERVER);
      return services.has('auth-service') && dataverse && gatewayServer ? trace : undefined;
    };
    const trace = await receiver.waitFor(isComplete);
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const parentOf = (span: ReceivedSpan) => (span.parentSpanId ? byId.get(span.parentSpanId) : undefined);

    // gateway: the HTTP request is the root; its NATS request to crm-service is its child.
    const root = trace.find((span) => span.service === 'gateway' && span.kind === SPAN_KIND.SERVER)!;
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes['request_id']).toBe(requestId);
    const gatewaySend = trace.find((span) => span.service === 'gateway' && span.kind === SPAN_KIND.CLIENT && String(span.attributes['messaging.destination.name']).startsWith('crm.'))!;
    expect(gatewaySend).toBeDefined();
    expect(parentOf(gatewaySend)).toBe(root);
    expect(gatewaySend.attributes).toMatchObject({ 'messaging.system': 'nats', request_id: requestId });

    // crm-service: handles the message as a child of the gateway's send.
    const crmProcess = trace.find((span) => span.service === 'crm-service' && span.kind === SPAN_KIND.SERVER)!;
    expect(parentOf(crmProcess)).toBe(gatewaySend);
    expect(crmProcess.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': gatewaySend.attributes['messaging.destination.name'],
      request_id: requestId,
    });

    // crm-service → auth-service (the account's credentials), a child of crm-service's handling.
    const crmSendToAuth = trace.find((span) => span.service === 'crm-service' && span.kind === SPAN_KIND.CLIENT && String(span.attributes['messaging.destination.name']).startsWith('auth.'))!;
    expect(crmSendToAuth).toBeDefined();
    expect(parentOf(crmSendToAuth)).toBe(crmProcess);
    const authProcess = trace.find((span) => span.service === 'auth-service' && span.kind === SPAN_KIND.SERVER && span.parentSpanId === crmSendToAuth.spanId);
    expect(authProcess?.attributes).toMatchObject({ request_id: requestId, 'messaging.destination.name': crmSendToAuth.attributes['messaging.destination.name'] });

    // crm-service → Dataverse: an HTTP client span to the emulator, under crm-service's handling, with its status.
    const emulatorHost = new URL(stack.emulator!.baseUrl).hostname;
    const dataverseCalls = trace.filter((span) => span.service === 'crm-service' && span.kind === SPAN_KIND.CLIENT && span.attributes['messaging.system'] === undefined);
    expect(dataverseCalls.length).toBeGreaterThan(0);
    for (const call of dataverseCalls) {
      expect(parentOf(call)).toBe(crmProcess);
      expect(call.attributes['server.address']).toBe(emulatorHost);
      expect(call.attributes['http.response.status_code']).toBe(200);
      expect(String(call.attributes['url.full'])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/orgs\/contoso\/api\/data\/v9\.2\/[^?]+$/);
    }
    // The read itself (its OData query string removed), besides any metadata the mapping needed.
    expect(dataverseCalls.map((call) => call.attributes['url.full'])).toContain(`${stack.emulator!.environmentUrl('contoso')}/api/data/v9.2/contacts`);
  });

  it('exports the spans a service still holds when it stops', async () => {
    const requestId = `trace-${randomUUID()}`;
    const response = await fetch(`${stack.gatewayUrl}/unified/user-directory/users?limit=1&integrated_account_id=${accountId}`, {
      headers: { authorization: `Bearer ${apiKey}`, 'x-request-id': requestId },
    });
    expect(response.status).toBe(200);
    const directorySpans = () => receiver.spans.filter((span) => span.service === 'directory-service' && span.attributes['request_id'] === requestId);
    await receiver.waitFor((spans) => (spans.some((span) => span.service === 'gateway' && span.attributes['request_id'] === requestId) ? true : undefined));
    expect(directorySpans()).toEqual([]);

    await stack.stopService(stack.services('directory-service')[0]!);
    await receiver.waitFor(() => (directorySpans().length > 0 ? true : undefined), 10_000);
    expect(directorySpans()).toContainEqual(expect.objectContaining({ kind: SPAN_KIND.SERVER, name: expect.stringMatching(/^process directory\./) }));
  });

  it('keeps query strings, keys, secrets and tokens out of every span', async () => {
    // A request whose query carries a value that must not leave the gateway in a span.
    const marker = `secret-${randomUUID()}`;
    const response = await fetch(`${stack.gatewayUrl}/unified/crm/contacts?limit=1&integrated_account_id=${accountId}&cursor=${marker}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(response.status).toBe(400);
    await receiver.waitFor((spans) => (spans.some((span) => span.service === 'gateway' && span.kind === SPAN_KIND.SERVER && span.attributes['http.response.status_code'] === 400) ? true : undefined));

    const secrets = await secretsOf(stack, marker, apiKey);
    const everything = receiver.bodies.join('\n');
    for (const secret of secrets) expect(everything.includes(secret)).toBe(false);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(everything).not.toMatch(/dua_[A-Za-z0-9_-]{20,}/);
    expect(everything.toLowerCase()).not.toContain('authorization');
    for (const span of receiver.spans) {
      for (const [key, value] of Object.entries(span.attributes)) {
        if (key.startsWith('url.') || key.startsWith('http.')) expect({ key, value }).toEqual({ key, value: expect.not.stringContaining('?') });
      }
      expect(span.attributes['url.query']).toBeUndefined();
    }
  });
});
