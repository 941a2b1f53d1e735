import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { createApiClient, createLinkToken, testIntegratedAccount } from '@dua/sdk';
import { rpcClientAs, startStack, Stack } from '@dua/testing';
import { DomainError } from '@dua/unified-models';
import { connectHeadless } from '../../../tools/stack';

const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless; Playwright gives every launch a fresh, temporary profile. */
function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/** The SaaS developer's own page that end users come back to. */
async function startRedirectReceiver(): Promise<{ url: string; server: Server }> {
  const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('back at the app'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dynamics/connected`, server };
}

describe('connecting a customer’s Dynamics org', () => {
  let stack: Stack;
  let apiKey: string;
  let environmentId: string;
  let receiver: { url: string; server: Server };
  const tokensSeen = new Set<string>();

  const api = () => createApiClient({ baseUrl: stack.gatewayUrl, apiKey });
  const headers = () => ({ authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' });

  async function linkToken(body: Record<string, unknown> = { redirect_uri: receiver.url, customer_ref: 'acme' }): Promise<string> {
    const { data } = await createLinkToken({ client: api(), body, throwOnError: true });
    return data.result.link_token;
  }

  async function connectAccount(upn?: string): Promise<string> {
    const outcome = await connectHeadless({ gatewayUrl: stack.gatewayUrl, linkToken: await linkToken(), upn });
    const id = outcome.finalUrl && new URL(outcome.finalUrl).searchParams.get('integrated_account_id');
    if (!id) throw new Error(`The connect flow did not finish: ${outcome.status} ${outcome.body.slice(0, 300)}`);
    return id;
  }

  async function credentialsOverNats(accountId: string, count: number): Promise<{ access_token?: string; err?: { code: string } }[]> {
    // As crm-service does: its own NATS identity and RPC client, forwarding a context the gateway signed.
    const rpc = await rpcClientAs(stack, 'crm-service');
    const context = stack.signContext({ request_id: 't', environment_id: environmentId });
    try {
      return await Promise.all(
        Array.from({ length: count }, async () => {
          try {
            const grant = await rpc.send<{ access_token?: string }>('auth.credentials.get', { integrated_account_id: accountId }, context);
            if (grant.access_token) tokensSeen.add(grant.access_token);
            return { access_token: grant.access_token };
          } catch (error) {
            return { err: { code: error instanceof DomainError ? error.code : String(error) } };
          }
        }),
      );
    } finally {
      await rpc.close();
    }
  }

  beforeAll(async () => {
    receiver = await startRedirectReceiver();
    stack = await startStack({ emulator: { EMULATOR_ORGS: 'contoso,fabrikam', EMULATOR_SEED_CONTACTS: '50' }, env: { API_KEY_CACHE_TTL_MS: '0' } });
    ({ api_key: apiKey, environment_id: environmentId } = await stack.admin('create-environment', 'Connect tests'));
    await stack.admin('add-redirect-uri', environmentId, receiver.url);
  });

  afterAll(async () => {
    await stack?.stop();
    receiver?.server.close();
  });

  it('goes through the connect page and the Microsoft consent page in a real browser, and the account works', async () => {
    const token = await linkToken();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${stack.gatewayUrl}/connect?link_token=${encodeURIComponent(token)}`);
      await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
      await page.getByLabel(/admin@/).check();
      await page.getByRole('button', { name: 'Accept' }).click();
      await page.getByRole('heading', { name: 'Choose the environment to connect' }).waitFor();
      await page.getByLabel(/contoso/i).check();
      await page.getByRole('button', { name: 'Connect' }).click();
      await page.waitForURL((url) => url.toString().startsWith(receiver.url));
      const landed = new URL(page.url());
      const accountId = landed.searchParams.get('integrated_account_id');
      expect(accountId).toMatch(/^[0-9a-f-]{36}$/);

      const { data } = await testIntegratedAccount({ client: api(), path: { id: accountId! }, throwOnError: true });
      expect(data.result).toMatchObject({ status: 'active', reason: null });
      const account = await (await fetch(`${stack.gatewayUrl}/integrated-accounts/${accountId}`, { headers: headers() })).json();
      expect(account.result).toMatchObject({
        auth_type: 'oauth',
        status: 'active',
        customer_ref: 'acme',
        environment_url: stack.emulator!.environmentUrl('contoso'),
      });
      expect(account.result.user.email).toMatch(/^admin@/);
    } finally {
      await browser.close();
    }
  });

  it('refuses the attacker’s state coming back in the victim’s browser (account-linking CSRF): no account is created', async () => {
    const token = await linkToken({ redirect_uri: receiver.url, customer_ref: 'csrf-attacker' });
    const browser = await launchChromium();
    try {
      // The attacker starts the flow with their own link and stops at Microsoft's sign-in page...
      const attacker = await browser.newContext();
      const attackerPage = await attacker.newPage();
      await attackerPage.goto(`${stack.gatewayUrl}/connect?link_token=${encodeURIComponent(token)}`);
      await attackerPage.getByRole('link', { name: 'Sign in with Microsoft' }).click();
      await attackerPage.getByRole('button', { name: 'Accept' }).waitFor();
      const authorizeUrl = attackerPage.url();
      const cookies = await attacker.cookies();
      expect(cookies.find((cookie) => cookie.name === 'dua_connect')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/connect' });

      // ...and sends that URL to the victim, who signs in to their own org in their own browser.
      const victim = await browser.newContext();
      const victimPage = await victim.newPage();
      await victimPage.goto(authorizeUrl);
      await victimPage.getByLabel(/admin@/).check();
      await victimPage.getByRole('button', { name: 'Accept' }).click();
      await victimPage.getByRole('heading', { name: 'Could not connect' }).waitFor();
      expect(victimPage.url()).toContain('/connect/callback?');
      expect(await victimPage.content()).toContain('not started in this browser');
      const callbackUrl = victimPage.url();

      // The victim's callback (their code, the attacker's state) replayed in the attacker's browser, which holds the
      // state's cookie, gets no further: the refusal ended the attacker's link.
      const replay = await attackerPage.goto(callbackUrl);
      expect(replay?.status()).toBe(400);
      expect(await attackerPage.content()).toContain('already used');

      const accounts = await (await fetch(`${stack.gatewayUrl}/integrated-accounts?customer_ref=csrf-attacker`, { headers: headers() })).json();
      expect(accounts.result.filter((account: { status: string }) => account.status === 'active')).toEqual([]);
      await attacker.close();
      await victim.close();
    } finally {
      await browser.close();
    }
  });

  it('answers HTML, not problem+json, on every connect error', async () => {
    for (const [path, init] of [
      ['/connect/start?link_token=no-such-token', {}],
      ['/connect/environment', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'state=x' }],
      ['/connect/environment', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"state":' }],
      ['/connect/callback?state=%E0%A4%A', {}],
      ['/connect/nowhere', {}],
    ] as const) {
      const response = await fetch(`${stack.gatewayUrl}${path}`, { redirect: 'manual', ...init });
      expect(`${path} ${response.status} ${response.headers.get('content-type')}`).toMatch(/ 4\d\d text\/html/);
    }
  });

  it('lands on the redirect URI with access_denied when the user cancels', async () => {
    const outcome = await connectHeadless({ gatewayUrl: stack.gatewayUrl, linkToken: await linkToken(), action: 'cancel' });
    const landed = new URL(outcome.finalUrl!);
    expect(`${landed.origin}${landed.pathname}`).toBe(receiver.url);
    expect(landed.searchParams.get('error')).toBe('access_denied');
    expect(landed.searchParams.get('integrated_account_id')).toBeNull();
  });

  it('refuses a reused link token, a forged state and an unregistered redirect URI', async () => {
    const token = await linkToken();
    const first = await connectHeadless({ gatewayUrl: stack.gatewayUrl, linkToken: token });
    expect(new URL(first.finalUrl!).searchParams.get('integrated_account_id')).toBeTruthy();
    const again = await fetch(`${stack.gatewayUrl}/connect/start?link_token=${encodeURIComponent(token)}`, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('already used');

    const forged = await fetch(`${stack.gatewayUrl}/connect/callback?state=forged-state&code=anything`, { redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('invalid_state');

    const unregistered = await fetch(`${stack.gatewayUrl}/link-tokens`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ redirect_uri: 'https://evil.example/steal' }),
    });
    expect(unregistered.status).toBe(400);
    expect(await unregistered.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'redirect_uri' }] });
  });

  it('connects app-only with client credentials, verified with WhoAmI; a bad secret stores nothing', async () => {
    const config = await stack.emulator!.config();
    const fabrikam = config.orgs.find((org) => org.name === 'fabrikam')!;
    const app = config.app_registrations.find((registration) => registration.tenant_id === fabrikam.tenant_id)!;
    const body = {
      auth_type: 'client_credentials',
      environment_url: fabrikam.environment_url,
      tenant_id: fabrikam.tenant_id,
      client_id: app.client_id,
      client_secret: app.client_secret,
    };

    const bad = await fetch(`${stack.gatewayUrl}/integrated-accounts`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ ...body, client_secret: 'wrong' }),
    });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: 'UPSTREAM_REJECTED' });

    const created = await fetch(`${stack.gatewayUrl}/integrated-accounts`, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    const account = (await created.json()).result;
    expect(account).toMatchObject({ auth_type: 'client_credentials', status: 'active', organization_id: fabrikam.organization_id });
    expect(JSON.stringify(account)).not.toContain(app.client_secret);

    const deleted = await fetch(`${stack.gatewayUrl}/integrated-accounts/${account.id}`, { method: 'DELETE', headers: headers() });
    expect(await deleted.json()).toEqual({ result: { id: account.id } });
    const after = await (await fetch(`${stack.gatewayUrl}/integrated-accounts/${account.id}`, { headers: headers() })).json();
    expect(after.result.status).toBe('disconnected');
  });

  it('refuses environment URLs the deployment does not allow (SSRF), app-only and typed in the connect flow', async () => {
    const config = await stack.emulator!.config();
    const contoso = config.orgs.find((org) => org.name === 'contoso')!;
    const app = config.app_registrations.find((registration) => registration.tenant_id === contoso.tenant_id)!;
    for (const url of ['http://169.254.169.254/', 'https://127.0.0.1:7070', 'https://attacker.example']) {
      const response = await fetch(`${stack.gatewayUrl}/integrated-accounts`, {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify({
          auth_type: 'client_credentials',
          environment_url: url,
          tenant_id: contoso.tenant_id,
          client_id: app.client_id,
          client_secret: app.client_secret,
        }),
      });
      expect(response.status).toBe(400);
      const problem = await response.json();
      expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'environment_url' }] });
      expect(problem.detail).toContain(url.replace(/\/$/, ''));
    }

    const typed = await connectHeadless({ gatewayUrl: stack.gatewayUrl, linkToken: await linkToken(), environmentUrl: 'https://attacker.example' });
    expect(typed.status).toBe(400);
    expect(typed.body).toContain('invalid_environment');
    expect(typed.body).toContain('https://attacker.example');
  });

  it('hides another environment’s account behind 404', async () => {
    const accountId = await connectAccount();
    const { api_key: otherKey } = await stack.admin('create-environment', 'Someone else');
    for (const [method, path] of [
      ['GET', ''],
      ['POST', '/test'],
      ['DELETE', ''],
    ]) {
      const response = await fetch(`${stack.gatewayUrl}/integrated-accounts/${accountId}${path}`, { method, headers: { authorization: `Bearer ${otherKey}` } });
      expect(response.status).toBe(404);
      expect((await response.json()).code).toBe('NOT_FOUND');
    }
  });

  it('refreshes an expired token exactly once for 100 concurrent callers spread over two auth-service replicas', async () => {
    const accountId = await connectAccount();
    await stack.startService('auth-service');
    expect(stack.services('auth-service')).toHaveLength(2);
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE account_credentials SET access_token_expires_at = now() - interval '1 minute' WHERE integrated_account_id = $1`, [accountId]);
    } finally {
      await db.end();
    }
    await stack.emulator!.resetStats();

    const results = await credentialsOverNats(accountId, 100);
    expect(results.filter((result) => result.err)).toEqual([]);
    expect(new Set(results.map((result) => result.access_token)).size).toBe(1);
    const stats = await stack.emulator!.stats();
    expect(stats.token_requests.by_grant_type['refresh_token']).toBe(1);
  });

  it('turns an account whose refresh token was revoked into needs_reauth, distinct from the caller’s own 401', async () => {
    const accountId = await connectAccount();
    const users = (await stack.emulator!.config()).users.filter((user) => user.org === 'contoso' && !user.is_application_user);
    const account = (await (await fetch(`${stack.gatewayUrl}/integrated-accounts/${accountId}`, { headers: headers() })).json()).result;
    const upn = users.find((user) => user.systemuser_id === account.user.id)!.upn;
    await stack.emulator!.revoke(upn);
    await stack.emulator!.expireTokens();

    const tested = await fetch(`${stack.gatewayUrl}/integrated-accounts/${accountId}/test`, { method: 'POST', headers: headers() });
    expect(tested.status).toBe(200);
    expect((await tested.json()).result).toMatchObject({ status: 'needs_reauth' });
    const listed = (await (await fetch(`${stack.gatewayUrl}/integrated-accounts/${accountId}`, { headers: headers() })).json()).result;
    expect(listed.status).toBe('needs_reauth');
    const [credentials] = await credentialsOverNats(accountId, 1);
    expect(credentials.err?.code).toBe('NEEDS_REAUTH');
  });

  it('keeps every token and secret out of the database in clear and out of the logs', async () => {
    const config = await stack.emulator!.config();
    const secrets = [apiKey, ...config.app_registrations.map((app) => app.client_secret), ...tokensSeen].filter((secret) => secret.length >= 16);
    expect(tokensSeen.size).toBeGreaterThan(0);
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    let dump = '';
    try {
      for (const table of ['environments', 'api_keys', 'integrated_accounts', 'link_tokens', 'account_credentials', 'environment_redirect_uris']) {
        dump += JSON.stringify((await db.query(`SELECT * FROM ${table}`)).rows);
      }
    } finally {
      await db.end();
    }
    expect(dump.length).toBeGreaterThan(1000);
    for (const secret of secrets) {
      expect(dump.includes(secret)).toBe(false);
      expect(stack.logs.some((line) => line.includes(secret))).toBe(false);
    }
    expect(dump).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    expect(stack.logs.some((line) => /eyJ[A-Za-z0-9_-]{10,}\./.test(line))).toBe(false);
  });
});
