import { Stack, connectAppOnly, startStack } from '@dua/testing';

describe('the proxy: Dataverse 1-to-1 with the account’s credentials', () => {
  let stack: Stack;
  let apiKey: string;
  let accountId: string;
  let otherAccountId: string;

  const call = (path: string, init: RequestInit & { account?: string } = {}) => {
    const separator = path.includes('?') ? '&' : '?';
    return fetch(`${stack.gatewayUrl}/proxy/${path}${separator}integrated_account_id=${init.account ?? accountId}`, {
      ...init,
      headers: { authorization: `Bearer ${apiKey}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) },
    });
  };

  beforeAll(async () => {
    stack = await startStack({ emulator: { EMULATOR_ORGS: 'contoso,fabrikam', EMULATOR_SEED_CONTACTS: '25' } });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Proxy tests'));
    accountId = await connectAppOnly(stack, apiKey, 'contoso');
    otherAccountId = await connectAppOnly(stack, apiKey, 'fabrikam');
  });

  afterAll(() => stack?.stop());

  it('lists with the caller’s query options and pages through next_cursor', async () => {
    const seen: string[] = [];
    let response = await call('contacts?$select=fullname,contactid', { headers: { prefer: 'odata.maxpagesize=10' } });
    for (let pages = 0; ; pages++) {
      expect(response.status).toBe(200);
      const body = await response.json();
      seen.push(...body.result.map((row: { contactid: string }) => row.contactid));
      if (!body.next_cursor) break;
      expect(pages).toBeLessThan(10);
      response = await call(`contacts?$select=fullname,contactid&next_cursor=${encodeURIComponent(body.next_cursor)}`, { headers: { prefer: 'odata.maxpagesize=10' } });
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it('creates with a body and reads the row back as {result: row}', async () => {
    const created = await call('contacts?$select=contactid,lastname', { method: 'POST', body: JSON.stringify({ lastname: 'Proxied' }), headers: { prefer: 'return=representation' } });
    expect(created.status).toBe(200);
    const row = (await created.json()).result;
    expect(row.lastname).toBe('Proxied');
    const read = await call(`contacts(${row.contactid})?$select=lastname`);
    expect((await read.json()).result).toMatchObject({ lastname: 'Proxied', contactid: row.contactid });
  });

  it('refuses every path that could leave the account’s environment', async () => {
    for (const path of ['..%2f..%2forgs%2ffabrikam%2fapi%2fdata%2fv9.2%2fcontacts', 'https:%2f%2fevil.example%2fx', '%252e%252e/%252e%252e/orgs/fabrikam', '%5c..%5c..%5corgs']) {
      const response = await call(path);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('passes Dataverse’s refusals through as problem+json with the remote error', async () => {
    const missing = await call('contacts(00000000-0000-4000-8000-000000000000)');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND', remote: { status: 404 } });
    const badColumn = await call('contacts?$select=nosuchcolumn');
    expect(badColumn.status).toBe(422);
    expect(await badColumn.json()).toMatchObject({ code: 'UPSTREAM_REJECTED', remote: { status: 400 } });
  });

  it('refuses a cursor from another account and requires integrated_account_id', async () => {
    const first = await (await call('contacts?$select=contactid', { headers: { prefer: 'odata.maxpagesize=5' } })).json();
    const replay = await call(`contacts?$select=contactid&next_cursor=${encodeURIComponent(first.next_cursor)}`, { account: otherAccountId });
    expect(replay.status).toBe(400);
    expect((await replay.json()).code).toBe('INVALID_CURSOR');
    const missing = await fetch(`${stack.gatewayUrl}/proxy/contacts`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(missing.status).toBe(400);
  });

  it('answers hostile input at the edges with a 400 problem, never a 500 or a framework page', async () => {
    const auth = { authorization: `Bearer ${apiKey}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const cases: [string, string, RequestInit, string?][] = [
      ['malformed escape in a proxy query key', `/proxy/contacts?%E0%A4%A=1&integrated_account_id=${accountId}`, { headers: auth }, 'query'],
      ['NUL in customer_ref', '/integrated-accounts?customer_ref=%00', { headers: auth }, 'customer_ref'],
      ['deeply nested body', '/link-tokens', { method: 'POST', headers: json, body: `${'['.repeat(1000)}${']'.repeat(1000)}` }],
      ['prototype poisoning', '/link-tokens', { method: 'POST', headers: json, body: '{"__proto__":{"admin":true}}' }],
      // validator's isEmail throws on a lone surrogate; found by the OpenAPI fuzzer (seed 1931787518).
      ['lone surrogate in an email', '/unified/crm/engagements', { method: 'POST', headers: json, body: '{"participants":[{"email":"\\ud800"}]}' }],
      ['over-long path id', `/integrated-accounts/${'a'.repeat(300)}`, { headers: auth }],
      ['bad URL', '/integrated-accounts/%E0%A4%A', { headers: auth }],
      [
        'tenant_id ".."',
        '/integrated-accounts',
        { method: 'POST', headers: json, body: JSON.stringify({ auth_type: 'client_credentials', environment_url: 'https://contoso.crm.dynamics.com', tenant_id: '..', client_id: '00000000-0000-4000-8000-000000000000', client_secret: 's' }) },
        'tenant_id',
      ],
    ];
    for (const [name, path, init, field] of cases) {
      const response = await fetch(`${stack.gatewayUrl}${path}`, init);
      const body = await response.text();
      expect(`${name}: ${response.status} ${response.headers.get('content-type')?.split(';')[0]}`).toBe(`${name}: 400 application/problem+json`);
      expect(JSON.parse(body)).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, request_id: response.headers.get('x-request-id') });
      if (field) expect(JSON.parse(body).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
  });
});
