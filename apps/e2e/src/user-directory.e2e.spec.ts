import { createApiClient, createLinkToken, getDirectoryOrganization, getDirectoryUser, listDirectoryOrganizations, listDirectoryUsers } from '@dua/sdk';
import { Stack, connectAppOnly, startStack } from '@dua/testing';
import { connectHeadless } from '../../../tools/stack';

interface EmulatedUserRow {
  systemuserid: string;
  isdisabled: boolean;
  applicationid: string | null;
  businessunitid: { name: string };
}

describe('the Unified User Directory API over an emulated org', () => {
  let stack: Stack;
  let apiKey: string;
  let environmentId: string;
  let accountId: string;
  let organizationId: string;
  let clientSecret: string;

  const api = () => createApiClient({ baseUrl: stack.gatewayUrl, apiKey });
  const get = (path: string, key = apiKey) => fetch(`${stack.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });

  /** The users as Dataverse itself lists them, straight from the emulator: the oracle. */
  async function usersInEmulator(): Promise<EmulatedUserRow[]> {
    const token = await stack.emulator!.token('contoso');
    const url = `${stack.emulator!.environmentUrl('contoso')}/api/data/v9.2/systemusers?$select=systemuserid,isdisabled,applicationid&$expand=businessunitid($select=name)`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    expect(response.status).toBe(200);
    return (await response.json()).value;
  }

  beforeAll(async () => {
    stack = await startStack({
      emulator: {
        EMULATOR_ORGS: 'contoso',
        EMULATOR_SEED_USERS: '13',
        EMULATOR_SEED_ACCOUNTS: '5',
        EMULATOR_SEED_CONTACTS: '5',
        EMULATOR_SEED_LEADS: '5',
        EMULATOR_SEED_OPPORTUNITIES: '5',
        EMULATOR_SEED_ACTIVITIES: '5',
        EMULATOR_SEED_NOTES: '5',
      },
      env: { API_KEY_CACHE_TTL_MS: '0' },
    });
    ({ api_key: apiKey, environment_id: environmentId } = await stack.admin('create-environment', 'Directory tests'));
    // App-only connection with the emulated org's own app registration.
    const config = await stack.emulator!.config();
    const contoso = config.orgs.find((org) => org.name === 'contoso')!;
    const app = config.app_registrations.find((registration) => registration.tenant_id === contoso.tenant_id)!;
    organizationId = contoso.organization_id;
    clientSecret = app.client_secret;
    accountId = await connectAppOnly(stack, apiKey, 'contoso');
  }, 120_000);

  afterAll(() => stack?.stop());

  it('lists every user exactly once across small pages, with business unit names, disabled and application users flagged', async () => {
    const expected = await usersInEmulator();
    await stack.emulator!.resetStats();
    const seen: string[] = [];
    const pages: number[] = [];
    let cursor: string | undefined;
    const byId = new Map<string, { status: string; is_application_user: boolean; business_unit: { id: string; name: string | null } | null }>();
    do {
      const { data } = await listDirectoryUsers({ client: api(), query: { integrated_account_id: accountId, limit: 4, next_cursor: cursor }, throwOnError: true });
      pages.push(data.result_count);
      for (const user of data.result) {
        seen.push(user.id);
        byId.set(user.id, user);
      }
      cursor = data.next_cursor ?? undefined;
    } while (cursor);

    expect(pages.length).toBeGreaterThan(3);
    // One Dataverse request per page: business unit names come with the users, not one lookup per user.
    const stats = await stack.emulator!.stats();
    expect(stats.requests.by_entity_set['systemusers']).toBe(pages.length);
    expect(stats.requests.by_entity_set['businessunits'] ?? 0).toBe(0);
    expect(pages.every((count) => count <= 4)).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(expected.map((row) => row.systemuserid).sort());
    for (const row of expected) {
      const user = byId.get(row.systemuserid)!;
      expect(user.business_unit?.name).toBe(row.businessunitid.name);
      expect(user.status).toBe(row.isdisabled ? 'disabled' : 'active');
      expect(user.is_application_user).toBe(row.applicationid !== null);
    }
    expect(new Set(expected.map((row) => row.businessunitid.name)).size).toBeGreaterThanOrEqual(4);
    expect(expected.some((row) => row.isdisabled)).toBe(true);
    expect(expected.some((row) => row.applicationid)).toBe(true);
  });

  it('gets one user, with remote_data when asked; a missing one is 404 and a malformed id 400', async () => {
    const disabled = (await usersInEmulator()).find((row) => row.isdisabled)!;
    const { data } = await getDirectoryUser({ client: api(), path: { id: disabled.systemuserid }, query: { integrated_account_id: accountId, include_remote_data: true }, throwOnError: true });
    expect(data.result).toMatchObject({ id: disabled.systemuserid, status: 'disabled', business_unit: { name: disabled.businessunitid.name } });
    expect(data.result.remote_data).toMatchObject({ systemuserid: disabled.systemuserid, isdisabled: true });

    const missing = await get(`/unified/user-directory/users/00000000-0000-4000-8000-000000000001?integrated_account_id=${accountId}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' });
    const malformed = await get(`/unified/user-directory/users/not-a-guid?integrated_account_id=${accountId}`);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('filters by status, exact email (quotes included, safely) and updated_after', async () => {
    const expected = await usersInEmulator();
    const { data: disabled } = await listDirectoryUsers({ client: api(), query: { integrated_account_id: accountId, status: 'disabled' }, throwOnError: true });
    expect(disabled.result.map((user) => user.id).sort()).toEqual(expected.filter((row) => row.isdisabled).map((row) => row.systemuserid).sort());

    const config = await stack.emulator!.config();
    const admin = config.users.find((user) => user.upn.startsWith('admin@'))!;
    const { data: byEmail } = await listDirectoryUsers({ client: api(), query: { integrated_account_id: accountId, email: admin.upn.toUpperCase() }, throwOnError: true });
    expect(byEmail.result.map((user) => user.id)).toEqual([admin.systemuser_id]);
    expect(byEmail.result[0]).toMatchObject({ email: admin.upn, username: admin.upn, external_ids: { entra_object_id: admin.entra_object_id } });

    const injected = await get(`/unified/user-directory/users?integrated_account_id=${accountId}&email=${encodeURIComponent("x' or isdisabled eq false or internalemailaddress eq 'y")}`);
    expect(injected.status).toBe(200);
    expect((await injected.json()).result).toEqual([]);

    const { data: future } = await listDirectoryUsers({ client: api(), query: { integrated_account_id: accountId, updated_after: '2099-01-01T00:00:00Z' }, throwOnError: true });
    expect(future.result).toEqual([]);
    const { data: past } = await listDirectoryUsers({ client: api(), query: { integrated_account_id: accountId, updated_after: '2000-01-01T00:00:00Z' }, throwOnError: true });
    expect(past.result_count).toBe(expected.length);
  });

  it('refuses a tampered cursor, a cursor reused with other filters, unknown parameters and bad limits', async () => {
    const first = await (await get(`/unified/user-directory/users?integrated_account_id=${accountId}&limit=2`)).json();
    const cursor: string = first.next_cursor;
    expect(cursor).toBeTruthy();

    const tampered = `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`;
    for (const path of [
      `/unified/user-directory/users?integrated_account_id=${accountId}&limit=2&next_cursor=${encodeURIComponent(tampered)}`,
      `/unified/user-directory/users?integrated_account_id=${accountId}&limit=2&status=active&next_cursor=${encodeURIComponent(cursor)}`,
      `/unified/user-directory/organizations?integrated_account_id=${accountId}&next_cursor=${encodeURIComponent(cursor)}`,
    ]) {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'INVALID_CURSOR' });
    }
    // The same cursor with another page size continues where the first page ended.
    const next = await get(`/unified/user-directory/users?integrated_account_id=${accountId}&limit=5&next_cursor=${encodeURIComponent(cursor)}`);
    expect(next.status).toBe(200);
    const nextIds: string[] = (await next.json()).result.map((user: { id: string }) => user.id);
    expect(nextIds).toHaveLength(5);
    expect(nextIds.filter((id) => first.result.some((user: { id: string }) => user.id === id))).toEqual([]);

    for (const query of [`integrated_account_id=${accountId}&colour=blue`, '', `integrated_account_id=${accountId}&limit=0`, `integrated_account_id=${accountId}&limit=5001`, `integrated_account_id=${accountId}&status=gone`, `integrated_account_id=${accountId}&updated_after=yesterday`]) {
      const response = await get(`/unified/user-directory/users?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('lists and gets the organization with its language and base currency', async () => {
    const { data } = await listDirectoryOrganizations({ client: api(), query: { integrated_account_id: accountId }, throwOnError: true });
    expect(data).toMatchObject({ result_count: 1, next_cursor: null });
    expect(data.result[0]).toMatchObject({ id: organizationId, name: 'contoso', language: 'en-US', base_currency: 'USD' });

    const { data: one } = await getDirectoryOrganization({ client: api(), path: { id: organizationId }, query: { integrated_account_id: accountId }, throwOnError: true });
    expect(one.result).toEqual(data.result[0]);
    const missing = await get(`/unified/user-directory/organizations/00000000-0000-4000-8000-000000000002?integrated_account_id=${accountId}`);
    expect(missing.status).toBe(404);
  });

  it('reads the directory the same through a delegated connection (the admin signed in and consented)', async () => {
    const redirectUri = 'http://127.0.0.1:9/directory/connected';
    await stack.admin('add-redirect-uri', environmentId, redirectUri);
    const { data: link } = await createLinkToken({ client: api(), body: { redirect_uri: redirectUri }, throwOnError: true });
    const outcome = await connectHeadless({ gatewayUrl: stack.gatewayUrl, linkToken: link.result.link_token });
    const delegatedId = outcome.finalUrl && new URL(outcome.finalUrl).searchParams.get('integrated_account_id');
    expect(delegatedId).toMatch(/^[0-9a-f-]{36}$/);

    const { data } = await listDirectoryUsers({ client: api(), query: { integrated_account_id: delegatedId!, limit: 5000 }, throwOnError: true });
    expect(data.result_count).toBe((await usersInEmulator()).length);
    expect(data.next_cursor).toBeNull();
  });

  it("answers 404 for another environment's integrated account", async () => {
    const { api_key: otherKey } = await stack.admin('create-environment', 'Someone else');
    for (const path of [`/unified/user-directory/users?integrated_account_id=${accountId}`, `/unified/user-directory/organizations?integrated_account_id=${accountId}`]) {
      const response = await get(path, otherKey);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('answers 503 SERVICE_UNAVAILABLE while directory-service is down, leaves the rest working, and recovers without a gateway restart', async () => {
    const [directory] = stack.services('directory-service');
    await stack.stopService(directory);
    const down = await get(`/unified/user-directory/users?integrated_account_id=${accountId}`);
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await down.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect((await get('/integrated-accounts')).status).toBe(200);

    await stack.startService('directory-service');
    const back = await get(`/unified/user-directory/users?integrated_account_id=${accountId}&limit=1`);
    expect(back.status).toBe(200);
    expect((await back.json()).result_count).toBe(1);
  });

  it('never wrote a token or the client secret to a log line', () => {
    const logs = stack.logs.join('\n');
    expect(logs).toContain('directory-service listening on NATS');
    expect(logs).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./);
    expect(logs).not.toContain(clientSecret);
  });
});
