import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fixture, startFixture } from './support/emulator-fixture';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));

describe('admin API, service protection limits and faults', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ orgs: ['contoso', 'fabrikam'] });
  });
  afterAll(() => f.close());
  afterEach(async () => {
    await f.admin('DELETE', '/_emulator/faults');
    await f.admin('PUT', '/_emulator/limits', { requests_per_window: 6000, window_seconds: 300, execution_ms_per_window: 1_200_000, concurrent_requests: 52 });
    await f.admin('POST', '/_emulator/reset', {});
  });

  it('refuses admin calls without the admin token', async () => {
    const res = await fetch(`${f.emu.baseUrl}/_emulator/config`, { headers: { Authorization: 'Bearer wrong' } });
    expect(res.status).toBe(401);
  });

  it('describes orgs, app registrations and users', async () => {
    const res = await f.admin('GET', '/_emulator/config');
    expect(res.status).toBe(200);
    expect(res.json.orgs.map((o: { name: string }) => o.name)).toEqual(['contoso', 'fabrikam']);
    expect(res.json.orgs[0]).toMatchObject({ environment_url: `${f.emu.baseUrl}/orgs/contoso`, tenant_id: f.org.tenantId, organization_id: f.org.organizationId });
    expect(res.json.app_registrations).toHaveLength(2);
    const appUser = res.json.users.find((u: { org: string; is_application_user: boolean }) => u.org === 'contoso' && u.is_application_user);
    expect(appUser.application_id).toBe(res.json.app_registrations[0].client_id);
    expect(res.json.users.filter((u: { org: string }) => u.org === 'contoso')).toHaveLength(9);
  });

  it('reseeds deterministically, undoing writes, with new sizes on request', async () => {
    const before = await f.call('GET', 'accounts?$select=name,revenue&$orderby=name');
    await f.call('POST', 'accounts', { body: { name: 'Temporary' } });
    const firstId = before.json.value[0].accountid;
    await f.call('DELETE', `accounts(${firstId})`);
    expect((await f.admin('POST', '/_emulator/reset', { org: 'contoso' })).status).toBe(200);
    const after = await f.call('GET', 'accounts?$select=name,revenue&$orderby=name');
    expect(after.json.value.map((a: { accountid: string; name: string }) => [a.accountid, a.name])).toEqual(
      before.json.value.map((a: { accountid: string; name: string }) => [a.accountid, a.name]),
    );
    await f.admin('POST', '/_emulator/reset', { org: 'contoso', seed: { accounts: 7 } });
    expect((await f.call('GET', 'accounts/$count')).text).toBe('7');
    // Tokens issued before the reset keep working: the users are the same.
    expect((await f.call('GET', 'WhoAmI')).status).toBe(200);
  });

  it('counts requests by status and entity set, and resets the counters', async () => {
    await f.admin('DELETE', '/_emulator/stats');
    await f.call('GET', 'contacts?$top=1');
    await f.call('GET', 'contacts?$top=1');
    await f.call('GET', 'Nope');
    const stats = await f.admin('GET', '/_emulator/stats');
    expect(stats.json.requests.total).toBe(3);
    expect(stats.json.requests.by_status).toEqual({ 200: 2, 404: 1 });
    expect(stats.json.requests.by_entity_set).toEqual({ contacts: 2 });
    expect(stats.json.max_concurrent_seen).toBeGreaterThanOrEqual(1);
    expect(typeof stats.json.token_requests.by_grant_type).toBe('object');
    await f.admin('DELETE', '/_emulator/stats');
    expect((await f.admin('GET', '/_emulator/stats')).json.requests.total).toBe(0);
  });

  it('issues tokens for a user without the browser flow, and expires them', async () => {
    const user = f.org.users.find((u) => !u.isDisabled && !u.isApplicationUser && u !== f.org.users[0])!;
    const issued = await f.admin('POST', '/_emulator/tokens', { org: 'contoso', upn: user.upn });
    const who = await f.call('GET', 'WhoAmI', { token: issued.json.access_token });
    expect(who.json.UserId).toBe(user.systemuserId);
    const other = await f.call('GET', `${f.emu.baseUrl}/orgs/fabrikam/api/data/v9.2/WhoAmI`, { token: issued.json.access_token });
    expect(other.status).toBe(401);
    expect(other.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=/);
    await f.admin('POST', '/_emulator/expire-tokens');
    expect((await f.call('GET', 'WhoAmI', { token: issued.json.access_token })).status).toBe(401);
    f.renewToken();
  });

  it('refuses a disabled user', async () => {
    const disabled = f.org.users.find((u) => u.isDisabled)!;
    const res = await f.call('GET', 'WhoAmI', { token: f.emu.identity.issueAccessToken(f.org, disabled.upn) });
    expect(res.status).toBe(401);
    expect(res.json.error.message).toContain('is disabled');
  });

  it('sends the rate-limit headers and answers 429 with Retry-After past the request limit', async () => {
    await f.admin('PUT', '/_emulator/limits', { org: 'contoso', requests_per_window: 3, window_seconds: 60 });
    const first = await f.call('GET', 'WhoAmI');
    expect(first.headers.get('x-ms-ratelimit-burst-remaining-xrm-requests')).toBe('2');
    expect(first.headers.get('x-ms-ratelimit-time-remaining-xrm-requests')).toMatch(/^1,19\d\.\d\d$|^1,200\.00$/);
    await f.call('GET', 'WhoAmI');
    await f.call('GET', 'WhoAmI');
    const limited = await f.call('GET', 'WhoAmI');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(limited.json).toEqual({
      error: { code: '0x80072322', message: fixture('error-429-number-of-requests.json').error.message.replace('6000', '3').replace('300', '60') },
    });
    // Limits are per user: another user is not throttled.
    const other = f.org.users.find((u) => !u.isDisabled && !u.isApplicationUser && u !== f.org.users[0])!;
    expect((await f.call('GET', 'WhoAmI', { token: f.emu.identity.issueAccessToken(f.org, other.upn) })).status).toBe(200);
  });

  it('enforces the concurrency limit immediately with the documented body', async () => {
    await f.admin('PUT', '/_emulator/limits', { org: 'contoso', concurrent_requests: 2 });
    await f.admin('POST', '/_emulator/faults', { org: 'contoso', latency_ms: 150 });
    const results = await Promise.all([1, 2, 3, 4].map(() => f.call('GET', 'WhoAmI')));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    const limited = results.find((r) => r.status === 429)!;
    expect(limited.json).toEqual({ error: { ...fixture('error-429-concurrent-requests.json').error, message: 'Number of concurrent requests exceeded the limit of 2.' } });
    expect(limited.headers.get('retry-after')).not.toBeNull();
  });

  it('enforces the execution-time limit on subsequent requests', async () => {
    await f.admin('PUT', '/_emulator/limits', { org: 'contoso', execution_ms_per_window: 0 });
    const first = await f.call('GET', 'WhoAmI');
    expect(first.status).toBe(429);
    const sample = fixture('error-429-execution-time.json');
    expect(first.json.error.code).toBe(sample.error.code);
    expect(first.json.error.message).toBe(sample.error.message.replace('1,200,000', '0'));
  });

  it('injects errors, 429 storms and latency, scoped to an org and a duration', async () => {
    await f.admin('POST', '/_emulator/faults', { org: 'contoso', error_status: 503, error_rate: 1 });
    const failed = await f.call('GET', 'WhoAmI');
    expect(failed.status).toBe(503);
    expect(failed.json.error.message).toBeTruthy();
    expect((await f.call('GET', `${f.emu.baseUrl}/orgs/fabrikam/api/data/v9.2/WhoAmI`, { token: f.emu.identity.issueAccessToken(f.emu.world.organizations[1]) })).status).toBe(200);
    await f.admin('DELETE', '/_emulator/faults');
    await f.admin('POST', '/_emulator/faults', { throttle_seconds: 7, duration_seconds: 0.2 });
    const storm = await f.call('GET', 'WhoAmI');
    expect(storm.status).toBe(429);
    expect(storm.headers.get('retry-after')).toBe('7');
    await new Promise((r) => setTimeout(r, 250));
    expect((await f.call('GET', 'WhoAmI')).status).toBe(200);
    await f.admin('POST', '/_emulator/faults', { latency_ms: 120, duration_seconds: 5 });
    const started = Date.now();
    await f.call('GET', 'WhoAmI');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('makes the token endpoint fail on request', async () => {
    await f.admin('POST', '/_emulator/faults', { token_endpoint_error: 500 });
    const app = f.emu.world.appRegistrations[0];
    const res = await fetch(`${f.emu.baseUrl}/${app.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, scope: `${f.org.environmentUrl}/.default` }),
    });
    expect(res.status).toBe(500);
    await f.admin('DELETE', '/_emulator/faults');
    const ok = await fetch(`${f.emu.baseUrl}/${app.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, scope: `${f.org.environmentUrl}/.default` }),
    });
    expect(ok.status).toBe(200);
    const { access_token } = (await ok.json()) as { access_token: string };
    const who = await f.call('GET', 'WhoAmI', { token: access_token });
    const appUser = f.org.users.find((u) => u.isApplicationUser)!;
    expect(who.json.UserId).toBe(appUser.systemuserId);
  });
});
