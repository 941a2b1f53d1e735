import {
  ConfidentialClientApplication,
  CryptoProvider,
  InteractionRequiredAuthError,
  ServerError,
  type Configuration,
} from '@azure/msal-node';
import {
  consent,
  REDIRECT_PATH,
  SERVICE_APP,
  startIdentityFixture,
  TENANT,
  WEB_APP,
  type IdentityFixture,
  jsonOf,
} from './testing/identity-fixture';

/** msal-node configured as the project configures it for the emulator (STACK.md pitfall 4). */
async function msalConfig(
  fx: IdentityFixture,
  app: { clientId: string; clientSecret: string },
): Promise<Configuration> {
  const metadata = await jsonOf(await fetch(`${fx.baseUrl}/${TENANT}/v2.0/.well-known/openid-configuration`));
  return {
    auth: {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      authority: `https://login.emulator.test/${TENANT}`,
      knownAuthorities: ['login.emulator.test'],
      authorityMetadata: JSON.stringify(metadata),
    },
  };
}

function refreshTokenIn(cca: ConfidentialClientApplication): string {
  const cache = JSON.parse(cca.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
  const tokens = Object.values(cache.RefreshToken);
  expect(tokens).toHaveLength(1);
  return tokens[0].secret;
}

describe('msal-node 7 against the emulated Entra ID', () => {
  let fx: IdentityFixture;
  let redirectUri: string;
  let scopes: string[];

  beforeAll(async () => {
    fx = await startIdentityFixture();
    redirectUri = `${fx.baseUrl}${REDIRECT_PATH}`;
    scopes = [`${fx.envUrl('contoso')}/user_impersonation`];
  });
  afterAll(() => fx.close());
  beforeEach(() => {
    fx.clock.offsetMs = 0;
  });

  async function signIn(cca: ConfidentialClientApplication, upn = 'alice@contoso.example') {
    const pkce = await new CryptoProvider().generatePkceCodes();
    const authUrl = await cca.getAuthCodeUrl({
      scopes,
      redirectUri,
      state: 'round-trip-state',
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
    });
    expect(authUrl.startsWith(`${fx.baseUrl}/${TENANT}/oauth2/v2.0/authorize?`)).toBe(true);
    const back = await consent(authUrl, upn);
    expect(back.pathname).toBe(REDIRECT_PATH);
    expect(back.searchParams.get('state')).toBe('round-trip-state');
    const code = back.searchParams.get('code')!;
    return { code, verifier: pkce.verifier };
  }

  it('completes the auth code flow with PKCE and the token works on the Web API', async () => {
    const cca = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP));
    const { code, verifier } = await signIn(cca);
    const result = await cca.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: verifier });
    expect(result.account?.username).toBe('alice@contoso.example');
    expect(result.account?.homeAccountId).toBe(`a11ce000-0000-4000-8000-000000000001.${TENANT}`);
    expect(result.tenantId).toBe(TENANT);
    expect(result.scopes).toEqual(expect.arrayContaining(scopes));
    const whoAmI = await fetch(`${fx.envUrl('contoso')}/api/data/v9.2/WhoAmI`, {
      headers: { Authorization: `Bearer ${result.accessToken}` },
    });
    expect(whoAmI.status).toBe(200);
    expect((await jsonOf(whoAmI)).UserId).toBe('00000000-0000-4000-8000-000000000101');

    // acquireTokenSilent answers from the cache, then refreshes once the access token is gone.
    const silent = await cca.acquireTokenSilent({ account: result.account!, scopes, forceRefresh: true });
    expect(silent.accessToken).not.toBe(result.accessToken);
    expect(fx.identity.authenticate(`Bearer ${silent.accessToken}`, fx.world.organizations[0]).ok).toBe(true);
  });

  it('rejects a reused authorization code with AADSTS54005', async () => {
    const cca = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP));
    const { code, verifier } = await signIn(cca);
    await cca.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: verifier });
    const again = cca.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: verifier });
    await expect(again).rejects.toBeInstanceOf(ServerError);
    await expect(again).rejects.toMatchObject({ errorCode: 'invalid_grant', errorNo: 54005 });
  });

  it('rejects a wrong PKCE verifier', async () => {
    const cca = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP));
    const { code } = await signIn(cca);
    const wrong = cca.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: 'x'.repeat(43) });
    await expect(wrong).rejects.toMatchObject({ errorCode: 'invalid_grant', errorNo: 501481 });
  });

  it('refreshes with acquireTokenByRefreshToken and the rotated refresh token works too', async () => {
    const cca = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP));
    const { code, verifier } = await signIn(cca);
    await cca.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: verifier });
    const first = refreshTokenIn(cca);

    const other = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP));
    const refreshed = await other.acquireTokenByRefreshToken({ refreshToken: first, scopes, forceCache: true });
    expect(refreshed?.account?.username).toBe('alice@contoso.example');
    const rotated = refreshTokenIn(other);
    expect(rotated).not.toBe(first);

    const third = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP));
    const again = await third.acquireTokenByRefreshToken({ refreshToken: rotated, scopes });
    expect(fx.identity.authenticate(`Bearer ${again!.accessToken}`, fx.world.organizations[0]).ok).toBe(true);

    // A refresh token is not bound to a resource: the same one gets a token for another environment.
    const fabrikamScopes = [`${fx.envUrl('fabrikam')}/user_impersonation`];
    const fabrikam = await third.acquireTokenByRefreshToken({ refreshToken: rotated, scopes: fabrikamScopes });
    expect(fx.identity.authenticate(`Bearer ${fabrikam!.accessToken}`, fx.world.organizations[1]).ok).toBe(true);
  });

  it('gives invalid_grant AADSTS700082 with suberror bad_token for an expired refresh token', async () => {
    const cca = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP));
    const { code, verifier } = await signIn(cca);
    await cca.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: verifier });
    const refreshToken = refreshTokenIn(cca);
    fx.clock.offsetMs = 91 * 24 * 3600 * 1000;
    const expired = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP)).acquireTokenByRefreshToken({
      refreshToken,
      scopes,
    });
    await expect(expired).rejects.toBeInstanceOf(InteractionRequiredAuthError);
    await expect(expired).rejects.toMatchObject({ errorCode: 'invalid_grant', subError: 'bad_token', errorNo: 700082 });
    await expect(expired).rejects.toThrow(
      /AADSTS700082: The refresh token has expired due to inactivity\. .* was inactive for 90\.00:00:00\./,
    );
  });

  it('acquireTokenSilent surfaces the expired refresh token as InteractionRequiredAuthError', async () => {
    const cca = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP));
    const { code, verifier } = await signIn(cca);
    const { account } = await cca.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: verifier });
    fx.clock.offsetMs = 91 * 24 * 3600 * 1000;
    const silent = cca.acquireTokenSilent({ account: account!, scopes, forceRefresh: true });
    await expect(silent).rejects.toBeInstanceOf(InteractionRequiredAuthError);
    await expect(silent).rejects.toMatchObject({ errorNo: 700082 });
  });

  it('gives invalid_grant AADSTS50173 once the user’s refresh tokens are revoked', async () => {
    const cca = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP));
    const { code, verifier } = await signIn(cca);
    await cca.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: verifier });
    const refreshToken = refreshTokenIn(cca);
    fx.identity.revokeRefreshTokens('ALICE@contoso.example');
    const revoked = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP)).acquireTokenByRefreshToken({
      refreshToken,
      scopes,
    });
    await expect(revoked).rejects.toBeInstanceOf(ServerError);
    await expect(revoked).rejects.toMatchObject({ errorCode: 'invalid_grant', errorNo: 50173 });

    // Signing in again after the revocation gives a working refresh token.
    const fresh = new ConfidentialClientApplication(await msalConfig(fx, WEB_APP));
    const next = await signIn(fresh);
    await fresh.acquireTokenByCode({ code: next.code, scopes, redirectUri, codeVerifier: next.verifier });
    const ok = await new ConfidentialClientApplication(await msalConfig(fx, WEB_APP)).acquireTokenByRefreshToken({
      refreshToken: refreshTokenIn(fresh),
      scopes,
    });
    expect(ok?.accessToken).toBeTruthy();
  });

  it('gets an app-only token with client credentials for the application user', async () => {
    const cca = new ConfidentialClientApplication(await msalConfig(fx, SERVICE_APP));
    const result = await cca.acquireTokenByClientCredential({ scopes: [`${fx.envUrl('contoso')}/.default`] });
    const check = fx.identity.authenticate(`Bearer ${result!.accessToken}`, fx.world.organizations[0]);
    expect(check).toMatchObject({ ok: true, user: { isApplicationUser: true, applicationId: SERVICE_APP.clientId } });
    // The same app has no application user in fabrikam: Entra issues the token, Dataverse refuses the caller.
    const other = await cca.acquireTokenByClientCredential({ scopes: [`${fx.envUrl('fabrikam')}/.default`] });
    expect(fx.identity.authenticate(`Bearer ${other!.accessToken}`, fx.world.organizations[1])).toMatchObject({
      ok: false,
      status: 401,
      body: { error: { code: '0x80072560', message: 'The user is not a member of the organization.' } },
    });
  });

  it('rejects a bad client secret with invalid_client AADSTS7000215', async () => {
    const cca = new ConfidentialClientApplication(await msalConfig(fx, { ...SERVICE_APP, clientSecret: 'wrong' }));
    const bad = cca.acquireTokenByClientCredential({ scopes: [`${fx.envUrl('contoso')}/.default`] });
    await expect(bad).rejects.toBeInstanceOf(ServerError);
    await expect(bad).rejects.toMatchObject({ errorCode: 'invalid_client', errorNo: 7000215 });
  });

  it('counts token requests by grant type', () => {
    const counts = fx.identity.tokenRequestsByGrantType();
    expect(counts.authorization_code).toBeGreaterThanOrEqual(5);
    expect(counts.refresh_token).toBeGreaterThanOrEqual(3);
    expect(counts.client_credentials).toBeGreaterThanOrEqual(3);
  });
});
