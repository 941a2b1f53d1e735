import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import {
  REDIRECT_PATH,
  startIdentityFixture,
  TENANT,
  WEB_APP,
  type IdentityFixture,
  jsonOf,
} from './testing/identity-fixture';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

jest.setTimeout(60_000);

describe('the sign-in and consent page in a real browser', () => {
  let fx: IdentityFixture;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    // Fail loudly rather than skip: a skipped browser test would pass CI without ever running.
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}; install it with: apt-get update && apt-get install -y chromium`,
      );
    }
    fx = await startIdentityFixture();
    profile = mkdtempSync(join(tmpdir(), 'identity-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await fx?.close();
  });

  const authorizeUrl = () => {
    const url = new URL(`${fx.baseUrl}/${TENANT}/oauth2/v2.0/authorize`);
    url.search = new URLSearchParams({
      client_id: WEB_APP.clientId,
      response_type: 'code',
      redirect_uri: `${fx.baseUrl}${REDIRECT_PATH}`,
      scope: `${fx.envUrl('contoso')}/user_impersonation offline_access openid profile`,
      state: 'browser-state',
    }).toString();
    return url.toString();
  };

  it('signs in and consents, then the code redeems for a working token', async () => {
    const page = await context.newPage();
    await page.goto(authorizeUrl());
    await expect(page.title()).resolves.toBe('Sign in to your account');
    await page.getByRole('radio', { name: 'Alice Example (alice@contoso.example)' }).check();
    await Promise.all([
      page.waitForURL((u) => u.pathname === REDIRECT_PATH),
      page.getByRole('button', { name: 'Accept' }).click(),
    ]);
    const back = new URL(page.url());
    expect(back.searchParams.get('state')).toBe('browser-state');
    const code = back.searchParams.get('code')!;
    const res = await fetch(`${fx.baseUrl}/${TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: `${fx.baseUrl}${REDIRECT_PATH}`,
        client_id: WEB_APP.clientId,
        client_secret: WEB_APP.clientSecret,
      }),
    });
    const { access_token } = await jsonOf(res);
    expect(fx.identity.authenticate(`Bearer ${access_token}`, fx.world.organizations[0]).ok).toBe(true);
    await page.close();
  });

  it('Cancel returns access_denied to the app', async () => {
    const page = await context.newPage();
    await page.goto(authorizeUrl());
    await Promise.all([
      page.waitForURL((u) => u.pathname === REDIRECT_PATH),
      page.getByRole('button', { name: 'Cancel' }).click(),
    ]);
    expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
    await page.close();
  });

  it('Accept without choosing an account keeps the user on the page', async () => {
    const page = await context.newPage();
    await page.goto(authorizeUrl());
    await page.getByRole('button', { name: 'Accept' }).click();
    // The radio group is required: the browser blocks the submit.
    expect(new URL(page.url()).pathname).toBe(`/${TENANT}/oauth2/v2.0/authorize`);
    await expect(page.getByRole('radio', { name: 'Bob Disabled (bob@contoso.example)' }).isVisible()).resolves.toBe(
      true,
    );
    await page.close();
  });
});
