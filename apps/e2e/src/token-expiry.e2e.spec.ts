import { Client } from 'pg';
import { createLinkToken, createApiClient } from '@dua/sdk';
import { Stack, connectAppOnly, startStack } from '@dua/testing';
import { connectHeadless } from '../../../tools/stack';

/**
 * Every access token Entra issued expires, and the accounts keep answering: delegated accounts through their refresh
 * token, app-only accounts through a new client-credentials grant in the tenant they were connected with.
 */
describe('accounts outliving their access tokens', () => {
  let stack: Stack;
  let apiKey: string;

  const whoAmI = (accountId: string) =>
    fetch(`${stack.gatewayUrl}/proxy/WhoAmI?integrated_account_id=${accountId}`, { headers: { authorization: `Bearer ${apiKey}` } });
  const contacts = (accountId: string) =>
    fetch(`${stack.gatewayUrl}/unified/crm/contacts?limit=2&integrated_account_id=${accountId}`, { headers: { authorization: `Bearer ${apiKey}` } });

  async function connectDelegated(): Promise<string> {
    const api = createApiClient({ baseUrl: stack.gatewayUrl, apiKey });
    const { data } = await createLinkToken({ client: api, body: { customer_ref: 'expiry' }, throwOnError: true });
    await connectHeadless({ gatewayUrl: stack.gatewayUrl, linkToken: data.result.link_token });
    const listed = await fetch(`${stack.gatewayUrl}/integrated-accounts?customer_ref=expiry`, { headers: { authorization: `Bearer ${apiKey}` } });
    const [account] = (await listed.json()).result as { id: string }[];
    if (!account) throw new Error('The connect flow stored no account');
    return account.id;
  }

  beforeAll(async () => {
    stack = await startStack({ emulator: { EMULATOR_SEED_CONTACTS: '10' } });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Token expiry'));
  });

  afterAll(() => stack?.stop());

  it('stores the tenant an app-only account was connected with', async () => {
    const accountId = await connectAppOnly(stack, apiKey, 'contoso');
    const tenantId = (await stack.emulator!.config()).orgs.find((org) => org.name === 'contoso')!.tenant_id;
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT tenant_id FROM integrated_accounts WHERE id = $1', [accountId]);
      expect(rows).toEqual([{ tenant_id: tenantId }]);
    } finally {
      await db.end();
    }
  });

  it('keeps delegated and app-only accounts answering after every access token expired, one refresh each', async () => {
    const accounts = { delegated: await connectDelegated(), appOnly: await connectAppOnly(stack, apiKey, 'contoso') };
    for (const accountId of Object.values(accounts)) expect((await whoAmI(accountId)).status).toBe(200);

    await stack.emulator!.expireTokens();
    await stack.emulator!.resetStats();

    for (const accountId of Object.values(accounts)) {
      const [who, page] = await Promise.all([whoAmI(accountId), contacts(accountId)]);
      expect(who.status).toBe(200);
      expect(page.status).toBe(200);
      expect((await page.json()).result).toHaveLength(2);
    }
    const grants = (await stack.emulator!.stats()).token_requests.by_grant_type;
    expect(grants).toEqual({ refresh_token: 1, client_credentials: 1 });
  });
});
