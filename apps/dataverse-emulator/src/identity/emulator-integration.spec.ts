import { ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';
import { startEmulator, type RunningEmulator } from '../emulator';
import { consent, jsonOf } from './testing/identity-fixture';

/** The identity half inside the whole emulator (one port, seeded world, Dataverse Web API behind `authenticate`). */
describe('identity through startEmulator', () => {
  let emu: RunningEmulator;
  const redirectUri = 'http://localhost:3000/connect/callback';

  beforeAll(async () => {
    emu = await startEmulator({
      orgs: ['contoso'],
      seedSizes: { accounts: 2, contacts: 2, leads: 1, opportunities: 1, activities: 1, notes: 1, users: 3 },
      redirectUris: [redirectUri],
    });
  });
  afterAll(() => emu?.close());

  it('signs in with msal-node, calls WhoAmI, and is challenged once tokens are expired', async () => {
    const org = emu.world.organizations[0];
    const app = emu.world.appRegistrations.find((a) => a.tenantId === org.tenantId)!;
    const metadata = await jsonOf(await fetch(`${emu.baseUrl}/${org.tenantId}/v2.0/.well-known/openid-configuration`));
    const cca = new ConfidentialClientApplication({
      auth: {
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        authority: `https://login.emulator.test/${org.tenantId}`,
        knownAuthorities: ['login.emulator.test'],
        authorityMetadata: JSON.stringify(metadata),
      },
    });
    const scopes = [`${org.environmentUrl}/user_impersonation`];
    const pkce = await new CryptoProvider().generatePkceCodes();
    const authUrl = await cca.getAuthCodeUrl({
      scopes,
      redirectUri,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
    });
    const upn = org.users.find((u) => !u.isApplicationUser && !u.isDisabled)!.upn;
    const code = (await consent(authUrl, upn)).searchParams.get('code')!;
    const result = await cca.acquireTokenByCode({ code, scopes, redirectUri, codeVerifier: pkce.verifier });

    const whoAmI = () =>
      fetch(`${org.environmentUrl}/api/data/v9.2/WhoAmI`, {
        headers: { Authorization: `Bearer ${result.accessToken}` },
      });
    const ok = await whoAmI();
    expect(ok.status).toBe(200);
    expect((await jsonOf(ok)).UserId).toBe(org.users.find((u) => u.upn === upn)!.systemuserId);

    emu.identity.expireAllAccessTokens();
    const expired = await whoAmI();
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe(
      `Bearer authorization_uri=${emu.baseUrl}/${org.tenantId}/oauth2/authorize, resource_id=${org.environmentUrl}`,
    );

    const refreshed = await cca.acquireTokenSilent({ account: result.account!, scopes, forceRefresh: true });
    const again = await fetch(`${org.environmentUrl}/api/data/v9.2/WhoAmI`, {
      headers: { Authorization: `Bearer ${refreshed.accessToken}` },
    });
    expect(again.status).toBe(200);
  });

  it('client credentials reach the Web API as the application user', async () => {
    const org = emu.world.organizations[0];
    const app = emu.world.appRegistrations.find((a) => a.tenantId === org.tenantId)!;
    const res = await fetch(`${emu.baseUrl}/${org.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        scope: `${org.environmentUrl}/.default`,
      }),
    });
    const { access_token } = await jsonOf(res);
    const whoAmI = await fetch(`${org.environmentUrl}/api/data/v9.2/WhoAmI`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(whoAmI.status).toBe(200);
    const appUser = org.users.find((u) => u.isApplicationUser)!;
    expect((await jsonOf(whoAmI)).UserId).toBe(appUser.systemuserId);
  });
});
