import {
  consent,
  REDIRECT_PATH,
  startIdentityFixture,
  TENANT,
  WEB_APP,
  type IdentityFixture,
  jsonOf,
} from './testing/identity-fixture';

describe('authenticate: bearer validation for the Web API', () => {
  let fx: IdentityFixture;
  const contoso = () => fx.world.organizations[0];
  const fabrikam = () => fx.world.organizations[1];
  const northwind = () => fx.world.organizations[2];
  const challengeFor = (org: { tenantId: string; environmentUrl: string }) => ({
    ok: false,
    status: 401,
    headers: {
      'WWW-Authenticate': `Bearer authorization_uri=${fx.baseUrl}/${org.tenantId}/oauth2/authorize, resource_id=${org.environmentUrl}`,
    },
  });

  beforeAll(async () => {
    fx = await startIdentityFixture();
  });
  afterAll(() => fx.close());
  beforeEach(() => {
    fx.clock.offsetMs = 0;
  });

  /** Auth code flow over plain HTTP (no msal): the access token for `scope`. */
  async function tokenFor(scope: string): Promise<Record<string, string>> {
    const redirectUri = `${fx.baseUrl}${REDIRECT_PATH}`;
    const authorize = new URL(`${fx.baseUrl}/${TENANT}/oauth2/v2.0/authorize`);
    authorize.search = new URLSearchParams({
      client_id: WEB_APP.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope,
    }).toString();
    const code = (await consent(authorize.toString(), 'alice@contoso.example')).searchParams.get('code')!;
    const res = await fetch(`${fx.baseUrl}/${TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        scope,
        ...{ client_id: WEB_APP.clientId, client_secret: WEB_APP.clientSecret },
      }),
    });
    expect(res.status).toBe(200);
    return (await jsonOf(res)) as Record<string, string>;
  }

  it('accepts a fresh token and returns the systemuser', () => {
    const token = fx.identity.issueAccessToken(contoso());
    expect(fx.identity.authenticate(`Bearer ${token}`, contoso())).toEqual({ ok: true, user: contoso().users[0] });
  });

  it('answers the bearer challenge without a token or with an empty one', () => {
    expect(fx.identity.authenticate(undefined, contoso())).toMatchObject(challengeFor(contoso()));
    expect(fx.identity.authenticate('Bearer ', contoso())).toMatchObject(challengeFor(contoso()));
    expect(fx.identity.authenticate('Basic abc', contoso())).toMatchObject(challengeFor(contoso()));
  });

  it('rejects an expired token', () => {
    const token = fx.identity.issueAccessToken(contoso(), undefined, 60);
    fx.clock.offsetMs = 61_000;
    expect(fx.identity.authenticate(`Bearer ${token}`, contoso())).toMatchObject(challengeFor(contoso()));
  });

  it('expireAllAccessTokens expires every token issued so far, not the next ones', () => {
    const before = fx.identity.issueAccessToken(contoso());
    fx.identity.expireAllAccessTokens();
    const after = fx.identity.issueAccessToken(contoso());
    expect(fx.identity.authenticate(`Bearer ${before}`, contoso())).toMatchObject(challengeFor(contoso()));
    expect(fx.identity.authenticate(`Bearer ${after}`, contoso()).ok).toBe(true);
  });

  it('rejects a token for another environment, even of the same tenant and user', () => {
    const token = fx.identity.issueAccessToken(fabrikam(), 'alice@contoso.example');
    expect(fx.identity.authenticate(`Bearer ${token}`, fabrikam()).ok).toBe(true);
    expect(fx.identity.authenticate(`Bearer ${token}`, contoso())).toMatchObject(challengeFor(contoso()));
  });

  it('rejects a Microsoft Graph token', async () => {
    const body = await tokenFor('openid profile offline_access User.Read');
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
    expect(claims.aud).toBe('https://graph.microsoft.com');
    expect(fx.identity.authenticate(`Bearer ${body.access_token}`, contoso())).toMatchObject(challengeFor(contoso()));
  });

  it('rejects a tampered or foreign-signed token', () => {
    const [h, p, s] = fx.identity.issueAccessToken(contoso()).split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, upn: 'bob@contoso.example' })).toString('base64url');
    expect(fx.identity.authenticate(`Bearer ${h}.${forged}.${s}`, contoso())).toMatchObject(challengeFor(contoso()));
    expect(fx.identity.authenticate('Bearer not.a.jwt', contoso())).toMatchObject(challengeFor(contoso()));
  });

  it('maps a valid token to nobody in the org to 0x80072560, and a disabled user to an error', () => {
    const carol = fx.identity.issueAccessToken(northwind());
    // Pretend northwind's env were contoso's: audience ok, but the user is unknown there.
    const world = fx.world;
    fx.world = { ...world, organizations: [{ ...northwind(), users: [] }, ...world.organizations.slice(1)] };
    expect(fx.identity.authenticate(`Bearer ${carol}`, fx.world.organizations[0])).toMatchObject({
      ok: false,
      status: 401,
      body: { error: { code: '0x80072560', message: 'The user is not a member of the organization.' } },
    });
    fx.world = world;
    const bob = fx.identity.issueAccessToken(contoso(), 'bob@contoso.example');
    expect(fx.identity.authenticate(`Bearer ${bob}`, contoso())).toMatchObject({
      ok: false,
      status: 401,
      body: {
        error: {
          code: '0x80040225',
          message: expect.stringContaining('is disabled. Disabled users cannot access the system.'),
        },
      },
    });
  });

  it('reads the world at call time: a user removed on reset loses access', () => {
    const token = fx.identity.issueAccessToken(contoso());
    const world = fx.world;
    fx.world = {
      ...world,
      organizations: [{ ...contoso(), users: contoso().users.slice(1) }, ...world.organizations.slice(1)],
    };
    expect(fx.identity.authenticate(`Bearer ${token}`, fx.world.organizations[0])).toMatchObject({
      ok: false,
      status: 401,
    });
    fx.world = world;
    expect(fx.identity.authenticate(`Bearer ${token}`, contoso()).ok).toBe(true);
  });

  it('serves the challenge over HTTP as the Dataverse half would send it', async () => {
    const res = await fetch(`${fx.envUrl('contoso')}/api/data/v9.2/WhoAmI`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer authorization_uri=${fx.baseUrl}/${TENANT}/oauth2/authorize, resource_id=${fx.envUrl('contoso')}`,
    );
    expect(await res.text()).toBe('');
  });

  it('stays fast on repeated validation of the same token (cached by string)', () => {
    const token = `Bearer ${fx.identity.issueAccessToken(contoso())}`;
    const start = process.hrtime.bigint();
    for (let i = 0; i < 20_000; i++) fx.identity.authenticate(token, contoso());
    const perCallMicros = Number(process.hrtime.bigint() - start) / 1000 / 20_000;
    expect(perCallMicros).toBeLessThan(50);
  });
});
