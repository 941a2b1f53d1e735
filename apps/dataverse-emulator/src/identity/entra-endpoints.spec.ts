import { createHash, createPublicKey, verify } from 'node:crypto';
import {
  ALICE_OID,
  consent,
  hiddenFields,
  OTHER_TENANT,
  PUBLIC_APP,
  REDIRECT_PATH,
  SERVICE_APP,
  startIdentityFixture,
  TENANT,
  WEB_APP,
  type IdentityFixture,
  jsonOf,
} from './testing/identity-fixture';

const ERROR_FIELDS = [
  'error',
  'error_description',
  'error_codes',
  'timestamp',
  'trace_id',
  'correlation_id',
  'error_uri',
];

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}

describe('Entra ID v2.0 endpoints over HTTP', () => {
  let fx: IdentityFixture;
  let redirectUri: string;
  let env: string;

  beforeAll(async () => {
    fx = await startIdentityFixture();
    redirectUri = `${fx.baseUrl}${REDIRECT_PATH}`;
    env = fx.envUrl('contoso');
  });
  afterAll(() => fx.close());
  beforeEach(() => {
    fx.clock.offsetMs = 0;
    fx.identity.setTokenEndpointFault(undefined);
  });

  const authorizeUrl = (params: Record<string, string>, tenant = TENANT) => {
    const url = new URL(`${fx.baseUrl}/${tenant}/oauth2/v2.0/authorize`);
    url.search = new URLSearchParams({
      client_id: WEB_APP.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: `${env}/user_impersonation offline_access openid profile`,
      state: 's1',
      ...params,
    }).toString();
    return url.toString();
  };
  const token = (form: Record<string, string>, tenant = TENANT, headers: Record<string, string> = {}) =>
    fetch(`${fx.baseUrl}/${tenant}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams(form), headers });
  const webClient = { client_id: WEB_APP.clientId, client_secret: WEB_APP.clientSecret };

  async function codeFor(params: Record<string, string> = {}, upn = 'alice@contoso.example') {
    return (await consent(authorizeUrl(params), upn)).searchParams.get('code')!;
  }

  async function expectEntraError(res: Response, status: number, error: string, code: number) {
    expect(res.status).toBe(status);
    const body = await jsonOf(res);
    expect(Object.keys(body)).toEqual(expect.arrayContaining(ERROR_FIELDS));
    expect(body).toMatchObject({
      error,
      error_codes: [code],
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    });
    expect(body.error_description).toMatch(
      new RegExp(
        `^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
      ),
    );
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    return body;
  }

  describe('metadata', () => {
    it('serves the tenant openid-configuration with the fields msal requires', async () => {
      const res = await fetch(`${fx.baseUrl}/${TENANT}/v2.0/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
      expect(await jsonOf(res)).toMatchObject({
        issuer: `${fx.baseUrl}/${TENANT}/v2.0`,
        authorization_endpoint: `${fx.baseUrl}/${TENANT}/oauth2/v2.0/authorize`,
        token_endpoint: `${fx.baseUrl}/${TENANT}/oauth2/v2.0/token`,
        jwks_uri: `${fx.baseUrl}/${TENANT}/discovery/v2.0/keys`,
        end_session_endpoint: `${fx.baseUrl}/${TENANT}/oauth2/v2.0/logout`,
      });
      const common = await jsonOf(await fetch(`${fx.baseUrl}/common/v2.0/.well-known/openid-configuration`));
      expect(common.issuer).toBe(`${fx.baseUrl}/{tenantid}/v2.0`);
      const unknown = await fetch(
        `${fx.baseUrl}/00000000-0000-0000-0000-000000000000/v2.0/.well-known/openid-configuration`,
      );
      expect(unknown.status).toBe(400);
      expect((await jsonOf(unknown)).error_codes).toEqual([90002]);
    });

    it('publishes a JWKS that verifies the issued tokens', async () => {
      const jwks = await jsonOf(await fetch(`${fx.baseUrl}/${TENANT}/discovery/v2.0/keys`));
      const accessToken = fx.identity.issueAccessToken(fx.world.organizations[0]);
      const [h, p, s] = accessToken.split('.');
      const header = JSON.parse(Buffer.from(h, 'base64url').toString());
      const jwk = jwks.keys.find((k: { kid: string }) => k.kid === header.kid);
      expect(jwk).toMatchObject({ kty: 'RSA', use: 'sig' });
      const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
      expect(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))).toBe(true);
    });

    it('answers instance discovery for the host asked about', async () => {
      const res = await fetch(
        `${fx.baseUrl}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://login.emulator.test/x/oauth2/v2.0/authorize')}`,
      );
      const body = await jsonOf(res);
      expect(body.tenant_discovery_endpoint).toContain('/v2.0/.well-known/openid-configuration');
      expect(body.metadata[0].aliases).toContain('login.emulator.test');
    });

    it('leaves other paths to the Dataverse half', async () => {
      expect((await fetch(`${fx.baseUrl}/nothing/here`)).status).toBe(404);
    });
  });

  describe('authorize', () => {
    it('lists the tenant’s interactive users, each with a label, and preselects login_hint', async () => {
      const html = await (await fetch(authorizeUrl({ login_hint: 'alice@contoso.example' }))).text();
      expect(html).toContain('<html lang="en">');
      expect(html).toMatch(
        /<input type="radio" id="account-0" name="login" value="alice@contoso.example" required checked>\s*<label for="account-0">Alice Example/,
      );
      expect(html).toContain('bob@contoso.example');
      expect(html).not.toContain('carol@northwind.example');
      expect(html).not.toContain('Sales Integration');
      expect(hiddenFields(html)).toMatchObject({ client_id: WEB_APP.clientId, state: 's1', redirect_uri: redirectUri });
    });

    it('redirects with code, state and client_info on Accept', async () => {
      const back = await consent(authorizeUrl({ client_info: '1' }), 'alice@contoso.example');
      expect(back.origin + back.pathname).toBe(redirectUri);
      expect(back.searchParams.get('state')).toBe('s1');
      expect(back.searchParams.get('code')).toMatch(/^[\w.-]{40,}$/);
      expect(JSON.parse(Buffer.from(back.searchParams.get('client_info')!, 'base64url').toString())).toEqual({
        uid: ALICE_OID,
        utid: TENANT,
      });
    });

    it('redirects with error=access_denied on Cancel', async () => {
      const back = await consent(authorizeUrl({}), 'alice@contoso.example', 'cancel');
      expect(back.searchParams.get('error')).toBe('access_denied');
      expect(back.searchParams.get('error_subcode')).toBe('cancel');
      expect(back.searchParams.get('error_description')).toMatch(/^AADSTS65004: /);
      expect(back.searchParams.get('state')).toBe('s1');
    });

    it('supports response_mode=fragment and form_post', async () => {
      const fragment = await consent(authorizeUrl({ response_mode: 'fragment' }), 'alice@contoso.example');
      expect(new URLSearchParams(fragment.hash.slice(1)).get('code')).toBeTruthy();
      const page = await (await fetch(authorizeUrl({ response_mode: 'form_post' }))).text();
      const res = await fetch(`${fx.baseUrl}/${TENANT}/oauth2/v2.0/authorize`, {
        method: 'POST',
        body: new URLSearchParams({ ...hiddenFields(page), login: 'alice@contoso.example', action: 'accept' }),
      });
      const posted = await res.text();
      expect(posted).toContain(`<form method="post" action="${redirectUri}">`);
      expect(hiddenFields(posted).code).toBeTruthy();
    });

    it('shows AADSTS700016 for an unknown app and AADSTS50011 for a redirect URI mismatch, without redirecting', async () => {
      const unknownApp = await fetch(authorizeUrl({ client_id: '11111111-2222-4333-8444-555555555555' }), {
        redirect: 'manual',
      });
      expect(unknownApp.status).toBe(400);
      expect(await unknownApp.text()).toContain(
        'AADSTS700016: Application with identifier &#39;11111111-2222-4333-8444-555555555555&#39; was not found',
      );
      const mismatch = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }), { redirect: 'manual' });
      expect(mismatch.status).toBe(400);
      expect(await mismatch.text()).toContain(
        'AADSTS50011: The redirect URI &#39;https://evil.example/cb&#39; specified in the request does not match',
      );
    });

    it('redirects AADSTS500011 for an unknown resource and rejects two resources at once', async () => {
      const unknown = await fetch(
        authorizeUrl({ scope: 'https://nowhere.crm.dynamics.com/user_impersonation openid' }),
        { redirect: 'manual' },
      );
      expect(unknown.status).toBe(302);
      const location = new URL(unknown.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe('invalid_resource');
      expect(location.searchParams.get('error_description')).toMatch(
        /^AADSTS500011: The resource principal named https:\/\/nowhere.crm.dynamics.com was not found in the tenant named 7f3a6c1e/,
      );
      const other = await fetch(authorizeUrl({ scope: `${fx.envUrl('northwind')}/user_impersonation` }), {
        redirect: 'manual',
      });
      expect(new URL(other.headers.get('location')!).searchParams.get('error_description')).toMatch(/^AADSTS500011: /);
      const two = await fetch(
        authorizeUrl({ scope: `${env}/user_impersonation ${fx.envUrl('fabrikam')}/user_impersonation` }),
        { redirect: 'manual' },
      );
      expect(new URL(two.headers.get('location')!).searchParams.get('error_description')).toMatch(/^AADSTS28000: /);
      const badPermission = await fetch(authorizeUrl({ scope: `${env}/Accounts.Read` }), { redirect: 'manual' });
      expect(new URL(badPermission.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
    });

    it('answers prompt=none with login_required (the emulator keeps no sign-in session)', async () => {
      const res = await fetch(authorizeUrl({ prompt: 'none' }), { redirect: 'manual' });
      const location = new URL(res.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe('login_required');
      expect(location.searchParams.get('error_description')).toMatch(/^AADSTS50058: /);
    });

    it('accepts {env}/.default, the double-slash form and the Global Discovery scope', async () => {
      for (const scope of [`${env}/.default`, `${env}//.default`, `${fx.baseUrl}/user_impersonation`]) {
        const res = await fetch(authorizeUrl({ scope }));
        expect(res.status).toBe(200);
      }
    });
  });

  describe('token', () => {
    it('returns the full token response with the claims Dataverse needs', async () => {
      const code = await codeFor();
      const res = await token({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_info: '1',
        ...webClient,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('no-store');
      const body = await jsonOf(res);
      expect(body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        scope: `${env}/user_impersonation`,
      });
      expect(Object.keys(body)).toEqual(
        expect.arrayContaining(['access_token', 'refresh_token', 'id_token', 'client_info']),
      );
      const at = claimsOf(body.access_token);
      expect(at).toMatchObject({
        aud: env,
        iss: `https://sts.windows.net/${TENANT}/`,
        tid: TENANT,
        oid: ALICE_OID,
        upn: 'alice@contoso.example',
        appid: WEB_APP.clientId,
        scp: 'user_impersonation',
        ver: '1.0',
      });
      expect(at.exp).toBe((at.iat as number) + 3599);
      expect(at.nbf).toBe(at.iat);
      const id = claimsOf(body.id_token);
      expect(id).toMatchObject({
        aud: WEB_APP.clientId,
        iss: `${fx.baseUrl}/${TENANT}/v2.0`,
        oid: ALICE_OID,
        tid: TENANT,
        preferred_username: 'alice@contoso.example',
        ver: '2.0',
      });
    });

    it('echoes the nonce into the ID token and has no refresh token without offline_access', async () => {
      const code = await codeFor({ nonce: 'n-123', scope: `${env}/user_impersonation openid` });
      const body = await jsonOf(
        await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...webClient }),
      );
      expect(claimsOf(body.id_token).nonce).toBe('n-123');
      expect(body.refresh_token).toBeUndefined();
      expect(body.client_info).toBeUndefined();
    });

    it('checks PKCE S256 and plain', async () => {
      const verifier = 'a'.repeat(50);
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const s256 = await codeFor({ code_challenge: challenge, code_challenge_method: 'S256' });
      await expectEntraError(
        await token({ grant_type: 'authorization_code', code: s256, redirect_uri: redirectUri, ...webClient }),
        400,
        'invalid_grant',
        501481,
      );
      expect(
        (
          await token({
            grant_type: 'authorization_code',
            code: s256,
            redirect_uri: redirectUri,
            code_verifier: verifier,
            ...webClient,
          })
        ).status,
      ).toBe(200);
      const plain = await codeFor({ code_challenge: verifier });
      expect(
        (
          await token({
            grant_type: 'authorization_code',
            code: plain,
            redirect_uri: redirectUri,
            code_verifier: verifier,
            ...webClient,
          })
        ).status,
      ).toBe(200);
    });

    it('codes are single use (AADSTS54005) and expire after 10 minutes (AADSTS70008)', async () => {
      const code = await codeFor();
      const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...webClient };
      expect((await token(form)).status).toBe(200);
      const reuse = await expectEntraError(await token(form), 400, 'invalid_grant', 54005);
      expect(reuse.error_description).toContain(
        'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
      );
      const late = await codeFor();
      fx.clock.offsetMs = 601_000;
      await expectEntraError(await token({ ...form, code: late }), 400, 'invalid_grant', 70008);
    });

    it('checks the redirect URI and the client of the code', async () => {
      const code = await codeFor();
      await expectEntraError(
        await token({
          grant_type: 'authorization_code',
          code,
          redirect_uri: 'http://localhost:3000/auth/callback',
          ...webClient,
        }),
        400,
        'invalid_grant',
        500112,
      );
      await expectEntraError(
        await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: WEB_APP.clientId }),
        401,
        'invalid_client',
        7000218,
      );
      await expectEntraError(
        await token({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: WEB_APP.clientId,
          client_secret: 'nope',
        }),
        401,
        'invalid_client',
        7000215,
      );
    });

    it('accepts client credentials in an HTTP Basic header and lets a public client redeem without a secret', async () => {
      const code = await codeFor();
      const basic = `Basic ${Buffer.from(`${WEB_APP.clientId}:${WEB_APP.clientSecret}`).toString('base64')}`;
      expect(
        (
          await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }, TENANT, {
            Authorization: basic,
          })
        ).status,
      ).toBe(200);
      const publicCode = await codeFor({ client_id: PUBLIC_APP.clientId });
      const res = await token({
        grant_type: 'authorization_code',
        code: publicCode,
        redirect_uri: redirectUri,
        client_id: PUBLIC_APP.clientId,
      });
      expect(res.status).toBe(200);
      expect(claimsOf((await jsonOf(res)).access_token).appidacr).toBe('0');
    });

    it('echoes client-request-id as the correlation id', async () => {
      const correlation = '0e87b495-1e24-4882-be85-d012c216f4f6';
      const body = await expectEntraError(
        await token(
          { grant_type: 'authorization_code', code: 'garbage', redirect_uri: redirectUri, ...webClient },
          TENANT,
          { 'client-request-id': correlation },
        ),
        400,
        'invalid_grant',
        9002313,
      );
      expect(body.correlation_id).toBe(correlation);
    });

    it('rotates refresh tokens; the old one stays valid until it expires', async () => {
      const code = await codeFor();
      const first = (
        await jsonOf(await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...webClient }))
      ).refresh_token;
      const second = await jsonOf(await token({ grant_type: 'refresh_token', refresh_token: first, ...webClient }));
      expect(second.refresh_token).toBeTruthy();
      expect(second.refresh_token).not.toBe(first);
      expect(second.id_token).toBeTruthy();
      expect((await token({ grant_type: 'refresh_token', refresh_token: first, ...webClient })).status).toBe(200);
      expect(
        (await token({ grant_type: 'refresh_token', refresh_token: second.refresh_token, ...webClient })).status,
      ).toBe(200);
      await expectEntraError(
        await token({
          grant_type: 'refresh_token',
          refresh_token: first,
          client_id: SERVICE_APP.clientId,
          client_secret: SERVICE_APP.clientSecret,
        }),
        400,
        'invalid_grant',
        70000,
      );
    });

    it('refresh token lifetime comes from options (AADSTS700082 with bad_token)', async () => {
      const short = await startIdentityFixture({ refreshTokenLifetimeSeconds: 120 });
      try {
        const url = new URL(`${short.baseUrl}/${TENANT}/oauth2/v2.0/authorize`);
        const cb = `${short.baseUrl}${REDIRECT_PATH}`;
        url.search = new URLSearchParams({
          client_id: WEB_APP.clientId,
          response_type: 'code',
          redirect_uri: cb,
          scope: `${short.envUrl('contoso')}/.default offline_access`,
        }).toString();
        const code = (await consent(url.toString(), 'alice@contoso.example')).searchParams.get('code')!;
        const post = (form: Record<string, string>) =>
          fetch(`${short.baseUrl}/${TENANT}/oauth2/v2.0/token`, {
            method: 'POST',
            body: new URLSearchParams({ ...form, ...webClient }),
          });
        const first = await jsonOf(await post({ grant_type: 'authorization_code', code, redirect_uri: cb }));
        expect(first.scope).toBe(`${short.envUrl('contoso')}/user_impersonation ${short.envUrl('contoso')}/.default`);
        // No refresh_token_expires_in (Entra sends it to SPAs only): msal must learn the expiry from the server.
        expect(first.refresh_token_expires_in).toBeUndefined();
        short.clock.offsetMs = 121_000;
        const body = await expectEntraError(
          await post({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
          400,
          'invalid_grant',
          700082,
        );
        expect(body.suberror).toBe('bad_token');
        expect(body.error_description).toMatch(
          /^AADSTS700082: The refresh token has expired due to inactivity\. The token was issued on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z and was inactive for 00:02:00\./,
        );
      } finally {
        await short.close();
      }
    });

    it('revocation answers AADSTS50173 with the grant and TokensValidFrom dates', async () => {
      const code = await codeFor();
      const { refresh_token } = await jsonOf(
        await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...webClient }),
      );
      fx.identity.revokeRefreshTokens('alice@contoso.example');
      const body = await expectEntraError(
        await token({ grant_type: 'refresh_token', refresh_token, ...webClient }),
        400,
        'invalid_grant',
        50173,
      );
      expect(body.error_description).toMatch(
        /The grant was issued on '.+Z' and the TokensValidFrom date \(before which tokens are not valid\) for this user is '.+Z'\./,
      );
      expect(body.suberror).toBeUndefined();
    });

    it('client credentials need /.default and a known resource', async () => {
      const cc = {
        grant_type: 'client_credentials',
        client_id: SERVICE_APP.clientId,
        client_secret: SERVICE_APP.clientSecret,
      };
      const ok = await jsonOf(await token({ ...cc, scope: `${env}/.default` }));
      expect(Object.keys(ok).sort()).toEqual(['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
      expect(claimsOf(ok.access_token)).toMatchObject({
        aud: env,
        appid: SERVICE_APP.clientId,
        idtyp: 'app',
        oid: 'a99a0000-0000-4000-8000-000000000003',
      });
      expect(claimsOf(ok.access_token).scp).toBeUndefined();
      await expectEntraError(await token({ ...cc, scope: `${env}/user_impersonation` }), 400, 'invalid_scope', 1002012);
      await expectEntraError(
        await token({ ...cc, scope: 'https://nowhere.example/.default' }),
        400,
        'invalid_resource',
        500011,
      );
      await expectEntraError(
        await token({ ...cc, scope: `${env}/.default`, client_secret: 'wrong' }),
        401,
        'invalid_client',
        7000215,
      );
      await expectEntraError(
        await token({ ...cc, scope: `${env}/.default`, client_id: '11111111-2222-4333-8444-555555555555' }),
        400,
        'unauthorized_client',
        700016,
      );
      await expectEntraError(
        await token({ ...cc, scope: `${env}/.default` }, OTHER_TENANT),
        400,
        'unauthorized_client',
        700016,
      );
      await expectEntraError(
        await token({ ...cc, scope: `${env}/.default` }, 'no-such-tenant.example'),
        400,
        'invalid_request',
        90002,
      );
    });

    it('rejects unknown grant types, a missing grant type and GET', async () => {
      await expectEntraError(
        await token({ grant_type: 'password', ...webClient }),
        400,
        'unsupported_grant_type',
        70003,
      );
      await expectEntraError(await token({ ...webClient }), 400, 'invalid_request', 900144);
      await expectEntraError(await fetch(`${fx.baseUrl}/${TENANT}/oauth2/v2.0/token`), 400, 'invalid_request', 900561);
    });

    it('answers an injected fault with that status and an Entra-shaped body until cleared', async () => {
      const cc = {
        grant_type: 'client_credentials',
        client_id: SERVICE_APP.clientId,
        client_secret: SERVICE_APP.clientSecret,
        scope: `${env}/.default`,
      };
      fx.identity.setTokenEndpointFault(503);
      await expectEntraError(await token(cc), 503, 'temporarily_unavailable', 90033);
      fx.identity.setTokenEndpointFault(500);
      await expectEntraError(await token(cc), 500, 'server_error', 50000);
      fx.identity.setTokenEndpointFault(429);
      await expectEntraError(await token(cc), 429, 'temporarily_unavailable', 90055);
      fx.identity.setTokenEndpointFault(undefined);
      expect((await token(cc)).status).toBe(200);
    });

    it('counts token requests by grant type and resets', async () => {
      fx.identity.resetStats();
      const cc = {
        grant_type: 'client_credentials',
        client_id: SERVICE_APP.clientId,
        client_secret: SERVICE_APP.clientSecret,
        scope: `${env}/.default`,
      };
      await token(cc);
      await token(cc);
      await token({ grant_type: 'refresh_token', refresh_token: 'x', ...webClient });
      expect(fx.identity.tokenRequestsByGrantType()).toEqual({ client_credentials: 2, refresh_token: 1 });
      fx.identity.resetStats();
      expect(fx.identity.tokenRequestsByGrantType()).toEqual({});
    });
  });

  describe('Global Discovery', () => {
    async function discoveryToken(upn: string, tenant = TENANT) {
      const url = new URL(`${fx.baseUrl}/${tenant}/oauth2/v2.0/authorize`);
      url.search = new URLSearchParams({
        client_id: WEB_APP.clientId,
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: `${fx.baseUrl}/user_impersonation offline_access`,
      }).toString();
      const code = (await consent(url.toString(), upn)).searchParams.get('code')!;
      return (await jsonOf(
        await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...webClient }),
      )) as Record<string, string>;
    }

    it('lists the environments the user belongs to', async () => {
      const body = await discoveryToken('alice@contoso.example');
      expect(claimsOf(body.access_token).aud).toBe(fx.baseUrl);
      const res = await fetch(`${fx.baseUrl}/api/discovery/v2.0/Instances`, {
        headers: { Authorization: `Bearer ${body.access_token}` },
      });
      expect(res.status).toBe(200);
      const json = await jsonOf(res);
      expect(json['@odata.context']).toBe(`${fx.baseUrl}/api/discovery/v2.0/$metadata#Instances`);
      expect(json.value.map((i: { UniqueName: string }) => i.UniqueName)).toEqual(['contoso', 'fabrikam']);
      expect(json.value[0]).toMatchObject({
        ApiUrl: env,
        Url: env,
        UniqueName: 'contoso',
        UrlName: 'contoso',
        FriendlyName: 'Contoso Sales',
        Id: 'c0000000-0000-4000-8000-0000000000c1',
        EnvironmentId: expect.any(String),
        State: 0,
        Version: expect.stringMatching(/^9\.2\./),
        Region: 'NA',
        TenantId: TENANT,
        Purpose: expect.any(String),
        TrialExpirationDate: null,
      });
    });

    it('supports $select, $filter (case-sensitive) and Instances(UniqueName=…)', async () => {
      const { access_token } = await discoveryToken('alice@contoso.example');
      const get = async (path: string) =>
        jsonOf(
          await fetch(`${fx.baseUrl}/api/discovery/v2.0/${path}`, {
            headers: { Authorization: `Bearer ${access_token}` },
          }),
        );
      expect((await get("Instances?$select=UniqueName,ApiUrl&$filter=UniqueName eq 'fabrikam'")).value).toEqual([
        { UniqueName: 'fabrikam', ApiUrl: fx.envUrl('fabrikam') },
      ]);
      expect((await get("Instances?$filter=UniqueName eq 'Fabrikam'")).value).toEqual([]);
      expect((await get("Instances(UniqueName='contoso')")).value).toHaveLength(1);
      expect((await get('Instances(c0000000-0000-4000-8000-0000000000c1)')).value[0].UniqueName).toBe('contoso');
    });

    it('refuses a Dataverse token and no token with a challenge; a discovery refresh token gets a Dataverse token', async () => {
      const dataverse = fx.identity.issueAccessToken(fx.world.organizations[0]);
      const res = await fetch(`${fx.baseUrl}/api/discovery/v2.0/Instances`, {
        headers: { Authorization: `Bearer ${dataverse}` },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer authorization_uri=${fx.baseUrl}/common/oauth2/authorize, resource_id=${fx.baseUrl}`,
      );
      const { refresh_token } = await discoveryToken('alice@contoso.example');
      const next = await jsonOf(
        await token({
          grant_type: 'refresh_token',
          refresh_token,
          scope: `${env}/user_impersonation offline_access`,
          ...webClient,
        }),
      );
      expect(fx.identity.authenticate(`Bearer ${next.access_token}`, fx.world.organizations[0]).ok).toBe(true);
    });

    it('lists only the app’s own directory through /organizations (single-tenant apps)', async () => {
      const url = new URL(`${fx.baseUrl}/organizations/oauth2/v2.0/authorize`);
      url.search = new URLSearchParams({
        client_id: WEB_APP.clientId,
        response_type: 'code',
        redirect_uri: redirectUri,
        scope: `${fx.baseUrl}/user_impersonation`,
      }).toString();
      const page = await (await fetch(url)).text();
      expect(page).toContain('alice@contoso.example');
      expect(page).not.toContain('carol@northwind.example');
    });
  });
});
