import { createApiClient, listIntegratedAccounts } from '@dua/sdk';
import { startStack, Stack } from '@dua/testing';

describe('one request through every hop: HTTP → gateway → NATS → auth-service → Postgres', () => {
  let stack: Stack;
  let apiKey: string;

  beforeAll(async () => {
    stack = await startStack({ env: { API_KEY_CACHE_TTL_MS: '0' } });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Acme'));
  });

  afterAll(() => stack?.stop());

  it('lists the (empty) integrated accounts of the key’s environment through the SDK', async () => {
    const client = createApiClient({ baseUrl: stack.gatewayUrl, apiKey });
    const { data, response } = await listIntegratedAccounts({ client, throwOnError: true });
    expect(response.status).toBe(200);
    expect(data).toEqual({ result: [], next_cursor: null, result_count: 0 });
  });

  it('answers 401 UNAUTHENTICATED problem+json to a wrong key and to no key', async () => {
    for (const headers of [{ authorization: 'Bearer dua_wrong' }, {}] as Record<string, string>[]) {
      const response = await fetch(`${stack.gatewayUrl}/integrated-accounts`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await response.json();
      expect(problem).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', type: '/problems/unauthenticated' });
      expect(problem.request_id).toBe(response.headers.get('x-request-id'));
    }
  });

  it('answers an unknown route with 404 NOT_FOUND problem+json, with or without a key', async () => {
    for (const headers of [{ authorization: `Bearer ${apiKey}` }, {}] as Record<string, string>[]) {
      const response = await fetch(`${stack.gatewayUrl}/no/such/route`, { headers });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
  });

  it('echoes a sane x-request-id and mints one otherwise', async () => {
    const echoed = await fetch(`${stack.gatewayUrl}/health/live`, { headers: { 'x-request-id': 'trace-42' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-42');
    const minted = await fetch(`${stack.gatewayUrl}/health/live`, { headers: { 'x-request-id': 'bad id\twith junk' } });
    expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects unknown and out-of-range query parameters with 400 and one entry per field', async () => {
    const response = await fetch(`${stack.gatewayUrl}/integrated-accounts?limit=5001&colour=blue`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(response.status).toBe(400);
    const problem = await response.json();
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((error: { field: string }) => error.field).sort()).toEqual(['colour', 'limit']);
  });

  it('answers a forged cursor with 400 INVALID_CURSOR', async () => {
    const response = await fetch(`${stack.gatewayUrl}/integrated-accounts?next_cursor=eyJiIjoiIn0.forged`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('INVALID_CURSOR');
  });

  it('answers an unparsable JSON body with 400 problem+json, never 500', async () => {
    const response = await fetch(`${stack.gatewayUrl}/integrated-accounts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: '{"unterminated',
    });
    expect(response.status).toBe(400);
    expect((await response.json()).code).toBe('VALIDATION_FAILED');
  });

  it('answers a body of the wrong type with 415 and an oversized body with 413, as problem+json', async () => {
    const wrongType = await fetch(`${stack.gatewayUrl}/link-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/plain' },
      body: 'customer_ref=acme',
    });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });

    const oversized = await fetch(`${stack.gatewayUrl}/link-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ customer_ref: 'x'.repeat(2_000_000) }),
    });
    expect(oversized.status).toBe(413);
    expect(await oversized.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('stops accepting a revoked key', async () => {
    const { environment_id: environmentId } = await stack.admin('create-environment', 'Revocable');
    const { api_key: key, api_key_id: keyId } = await stack.admin('create-api-key', environmentId);
    const headers = { authorization: `Bearer ${key}` };
    expect((await fetch(`${stack.gatewayUrl}/integrated-accounts`, { headers })).status).toBe(200);
    await stack.admin('revoke-api-key', keyId);
    expect((await fetch(`${stack.gatewayUrl}/integrated-accounts`, { headers })).status).toBe(401);
  });

  it('counts requests by route template and status in /metrics, for the metrics token only', async () => {
    const withApiKey = await fetch(`${stack.gatewayUrl}/metrics`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(withApiKey.status).toBe(401);
    expect(withApiKey.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await fetch(`${stack.gatewayUrl}/metrics`)).status).toBe(401);
    const response = await fetch(`${stack.gatewayUrl}/metrics`, { headers: { authorization: `Bearer ${stack.env['METRICS_TOKEN']}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/integrated-accounts",status="200"\} [1-9]/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/integrated-accounts",status="401"\}/);
  });

  it('never writes an API key to a log line', () => {
    expect(stack.logs.length).toBeGreaterThan(0);
    expect(stack.logs.filter((line) => line.includes(apiKey) || /dua_[A-Za-z0-9_-]{20,}/.test(line))).toEqual([]);
  });
});
