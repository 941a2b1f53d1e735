import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppRegistration } from '../world';
import {
  correlationIdFrom,
  dotNetRoundTrip,
  dotNetTimeSpan,
  EntraError,
  entraErrorBody,
  faultError,
} from './entra-errors';
import type { IdentityContext } from './identity-context';
import { basicCredentials } from './http-util';
import { grantedScopeString, parseScopes, scpClaim, splitScopes, type ParsedScopes } from './scopes';
import { clientInfo } from './token-issuer';
import {
  findApp,
  findDirectoryUser,
  resolveTenant,
  tenantMatches,
  type DirectoryUser,
  type TenantRef,
} from './user-directory';

export interface TokenRequest {
  tenantSegment: string;
  method: string;
  form: URLSearchParams;
  authorization?: string;
  clientRequestId?: string | string[];
}

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

interface Client {
  app: AppRegistration;
  /** A secret was presented and matched (confidential client). */
  authenticated: boolean;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (!value) throw new EntraError(900144, { name });
  return value;
}

/**
 * `POST /{tenant}/oauth2/v2.0/token`: authorization_code (PKCE, single use), refresh_token (rotation, expiry,
 * revocation) and client_credentials.
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 */
export class TokenEndpoint {
  private fault: number | undefined;
  private counts: Record<string, number> = {};

  constructor(private readonly ctx: IdentityContext) {}

  setFault(status: number | undefined): void {
    this.fault = status;
  }

  requestsByGrantType(): Record<string, number> {
    return { ...this.counts };
  }

  resetStats(): void {
    this.counts = {};
  }

  handle(request: TokenRequest): TokenResponse {
    const correlationId = correlationIdFrom(request.clientRequestId);
    const headers = {
      'Cache-Control': 'no-store, no-cache',
      Pragma: 'no-cache',
      'client-request-id': correlationId,
    };
    try {
      if (request.method !== 'POST') throw new EntraError(900561, { method: request.method });
      const grantType = request.form.get('grant_type') ?? '';
      this.counts[grantType || 'none'] = (this.counts[grantType || 'none'] ?? 0) + 1;
      if (this.fault !== undefined) throw faultError(this.fault);
      if (!grantType) throw new EntraError(900144, { name: 'grant_type' });
      const body = this.grant(grantType, request);
      return { status: 200, body, headers };
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      const { status, body } = entraErrorBody(err, { nowMs: this.ctx.options.now(), correlationId });
      return { status, body: { ...body }, headers: { ...headers, 'x-ms-request-id': body.trace_id } };
    }
  }

  private grant(grantType: string, request: TokenRequest): Record<string, unknown> {
    const world = this.ctx.world();
    const tenant = resolveTenant(world, request.tenantSegment);
    if (!tenant) throw new EntraError(90002, { tenant: request.tenantSegment });
    switch (grantType) {
      case 'authorization_code':
        return this.authorizationCode(request, tenant);
      case 'refresh_token':
        return this.refreshToken(request, tenant);
      case 'client_credentials':
        return this.clientCredentials(request, tenant);
      default:
        throw new EntraError(70003, { grantType });
    }
  }

  /** Resolves the app and checks its credentials: confidential apps (with a secret) must present it. */
  private client(request: TokenRequest, tenant: TenantRef): Client {
    const basic = basicCredentials(request.authorization);
    const clientId = request.form.get('client_id') || basic?.clientId;
    if (!clientId) throw new EntraError(900144, { name: 'client_id' });
    const app = findApp(this.ctx.world(), clientId);
    if (!app || !tenantMatches(tenant, app.tenantId)) {
      throw new EntraError(700016, { clientId, tenant: request.tenantSegment });
    }
    const secret = request.form.get('client_secret') ?? basic?.clientSecret;
    if (!app.clientSecret) return { app, authenticated: false };
    if (secret === undefined || secret === null) throw new EntraError(7000218);
    if (!safeEqual(secret, app.clientSecret)) throw new EntraError(7000215, { clientId: app.clientId });
    return { app, authenticated: true };
  }

  private authorizationCode(request: TokenRequest, tenant: TenantRef): Record<string, unknown> {
    const { form } = request;
    const code = required(form, 'code');
    const client = this.client(request, tenant);
    const grant = this.ctx.store.getCode(code);
    if (!grant) throw new EntraError(9002313);
    if (grant.redeemed) throw new EntraError(54005);
    if (this.ctx.options.now() > grant.issuedAtMs + this.ctx.options.authorizationCodeLifetimeSeconds * 1000) {
      throw new EntraError(70008);
    }
    if (!tenantMatches(tenant, grant.tenantId)) throw new EntraError(700005);
    if (grant.clientId.toLowerCase() !== client.app.clientId.toLowerCase()) throw new EntraError(70000);
    const redirectUri = required(form, 'redirect_uri');
    if (redirectUri !== grant.redirectUri) {
      throw new EntraError(500112, { redirectUri, expected: grant.redirectUri });
    }
    // PKCE: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#request-an-authorization-code
    if (grant.codeChallenge) {
      const verifier = form.get('code_verifier') ?? '';
      const computed =
        grant.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
      if (!verifier || computed !== grant.codeChallenge) throw new EntraError(501481);
    }
    grant.redeemed = true;
    const world = this.ctx.world();
    const user = findDirectoryUser(world, { kind: 'tenant', tenantId: grant.tenantId }, grant.upn);
    if (!user) throw new EntraError(50034, { upn: grant.upn, tenant: grant.tenantId });
    const scopes = parseScopes(world, grant.scope, { kind: 'tenant', tenantId: grant.tenantId }, grant.tenantId);
    return this.userTokens({ client, user, scopes, originalScope: grant.scope, nonce: grant.nonce, form });
  }

  private refreshToken(request: TokenRequest, tenant: TenantRef): Record<string, unknown> {
    const { form } = request;
    const token = required(form, 'refresh_token');
    const client = this.client(request, tenant);
    const grant = this.ctx.store.getRefreshToken(token);
    if (!grant) throw new EntraError(9002313);
    if (grant.clientId.toLowerCase() !== client.app.clientId.toLowerCase()) throw new EntraError(70000);
    const now = this.ctx.options.now();
    const lifetime = this.ctx.options.refreshTokenLifetimeSeconds;
    // https://learn.microsoft.com/entra/identity-platform/refresh-tokens#token-lifetime
    if (now >= grant.issuedAtMs + lifetime * 1000) {
      throw new EntraError(700082, {
        issuedOn: dotNetRoundTrip(grant.issuedAtMs),
        inactiveFor: dotNetTimeSpan(lifetime),
      });
    }
    const revokedAt = this.ctx.store.revokedSince(grant);
    if (revokedAt !== undefined) {
      throw new EntraError(50173, {
        issuedOn: dotNetRoundTrip(grant.issuedAtMs),
        validFrom: dotNetRoundTrip(Math.floor(revokedAt / 1000) * 1000),
      });
    }
    if (!tenantMatches(tenant, grant.tenantId)) throw new EntraError(700005);
    const world = this.ctx.world();
    const home: TenantRef = { kind: 'tenant', tenantId: grant.tenantId };
    const user = findDirectoryUser(world, home, grant.upn);
    if (!user) throw new EntraError(50034, { upn: grant.upn, tenant: grant.tenantId });
    // A refresh token is not bound to a resource: the request may name another consented one.
    const requested = form.get('scope');
    const scope = requested && splitScopes(requested).length ? requested : grant.scope;
    const scopes = parseScopes(world, scope, home, grant.tenantId);
    // offline_access and openid stick to the grant even when a refresh request leaves them out.
    for (const s of splitScopes(grant.scope)) {
      if (['openid', 'profile', 'email', 'offline_access'].includes(s.toLowerCase())) scopes.oidc.add(s.toLowerCase());
    }
    return this.userTokens({ client, user, scopes, originalScope: grant.scope, form });
  }

  private userTokens(input: {
    client: Client;
    user: DirectoryUser;
    scopes: ParsedScopes;
    originalScope: string;
    nonce?: string;
    form: URLSearchParams;
  }): Record<string, unknown> {
    const { client, user, scopes, form } = input;
    const access = this.ctx.issuer.userAccessToken({
      audience: scopes.resource.audience,
      user,
      clientId: client.app.clientId,
      confidential: client.authenticated,
      scp: scpClaim(scopes),
    });
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: grantedScopeString(scopes),
      expires_in: access.expiresIn,
      ext_expires_in: access.expiresIn,
      access_token: access.token,
    };
    if (scopes.oidc.has('offline_access')) {
      // Rotation: a new refresh token on every use; the old one stays valid until it expires.
      // https://learn.microsoft.com/entra/identity-platform/refresh-tokens
      body.refresh_token = this.ctx.store.createRefreshToken(
        {
          clientId: client.app.clientId,
          tenantId: user.tenantId,
          upn: user.upn,
          objectId: user.objectId,
          name: user.name,
          scope: input.originalScope,
        },
        this.ctx.options.refreshTokenLifetimeSeconds * 1000,
      );
    }
    if (scopes.oidc.has('openid')) {
      body.id_token = this.ctx.issuer.idToken({
        baseUrl: this.ctx.world().baseUrl,
        user,
        clientId: client.app.clientId,
        nonce: input.nonce,
      });
    }
    if (form.get('client_info') === '1') body.client_info = clientInfo(user);
    return body;
  }

  /** https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow */
  private clientCredentials(request: TokenRequest, tenant: TenantRef): Record<string, unknown> {
    const scope = required(request.form, 'scope');
    const client = this.client(request, tenant);
    if (!client.authenticated) throw new EntraError(7000218);
    const resourceScopes = splitScopes(scope).filter(
      (s) => !['openid', 'profile', 'email', 'offline_access'].includes(s.toLowerCase()),
    );
    const bad = resourceScopes.find((s) => !s.endsWith('/.default'));
    if (bad !== undefined || resourceScopes.length === 0) throw new EntraError(1002012, { scope: bad ?? scope });
    const home: TenantRef = { kind: 'tenant', tenantId: client.app.tenantId.toLowerCase() };
    const parsed = parseScopes(this.ctx.world(), resourceScopes.join(' '), home, request.tenantSegment);
    // The token's oid is the service principal; Dataverse's application user carries the same app id.
    const appUser =
      parsed.resource.kind === 'dataverse'
        ? parsed.resource.org.users.find(
            (u) => u.isApplicationUser && u.applicationId?.toLowerCase() === client.app.clientId.toLowerCase(),
          )
        : undefined;
    const access = this.ctx.issuer.appAccessToken({
      audience: parsed.resource.audience,
      tenantId: client.app.tenantId.toLowerCase(),
      clientId: client.app.clientId,
      objectId: appUser?.entraObjectId,
    });
    return {
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      ext_expires_in: access.expiresIn,
      access_token: access.token,
    };
  }
}
