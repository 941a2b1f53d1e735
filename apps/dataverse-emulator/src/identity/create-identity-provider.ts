import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatedOrganization, EmulatorWorld } from '../world';
import { handleAuthorize } from './authorize-endpoint';
import { BearerValidator } from './bearer-validator';
import { correlationIdFrom, EntraError, entraErrorBody } from './entra-errors';
import { discoveryInstances } from './global-discovery';
import { readForm, redirect, sendHtml, sendJson } from './http-util';
import type { IdentityContext } from './identity-context';
import { resolveIdentityOptions, type IdentityOptions } from './identity-options';
import type { IdentityProvider } from './identity-provider';
import { createJwtSigner } from './jwt-signer';
import { instanceDiscovery, openIdConfiguration } from './openid-metadata';
import { TokenEndpoint } from './token-endpoint';
import { TokenIssuer } from './token-issuer';
import { TokenStore } from './token-store';
import { resolveTenant, trimSlashes } from './user-directory';

/** Microsoft Power Apps' first-party client id: the `appid` of tokens minted through `/_emulator/tokens`. */
const DEFAULT_ISSUING_APP_ID = '51f81489-12ee-4a9e-aaae-a2591f45987d';

const TENANT_ROUTE =
  /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|discovery\/keys|oauth2\/v2\.0\/(?:authorize|token|logout))$/;
const DISCOVERY_ROUTE = /^\/api\/discovery\/v2\.0\/(.+)$/;

/**
 * The Microsoft identity platform half of the emulator. `world` may be a getter: it is read on every call, so the
 * Dataverse half can replace the world on reset. Tokens, codes and refresh tokens survive a world reset (as they
 * survive data changes in the cloud); they stop working where the user no longer exists.
 */
export function createIdentityProvider(
  world: EmulatorWorld | (() => EmulatorWorld),
  options: IdentityOptions = {},
): IdentityProvider {
  const resolved = resolveIdentityOptions(options);
  const store = new TokenStore(resolved.now);
  const signer = createJwtSigner();
  const ctx: IdentityContext = {
    world: typeof world === 'function' ? world : () => world,
    options: resolved,
    signer,
    store,
    issuer: new TokenIssuer(signer, store, resolved),
  };
  const tokenEndpoint = new TokenEndpoint(ctx);
  const validator = new BearerValidator(ctx);
  const startedAt = new Date(resolved.now()).toISOString();
  let tokenEndpointLatencyMs = 0;

  async function handleTenantRoute(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    tenantSegment: string,
    route: string,
  ) {
    const w = ctx.world();
    const tenant = resolveTenant(w, tenantSegment);
    if (route === 'oauth2/v2.0/authorize') return handleAuthorize(ctx, req, res, url, tenantSegment);
    if (route === 'oauth2/v2.0/token') {
      const form = req.method === 'POST' ? await readForm(req) : new URLSearchParams();
      if (tokenEndpointLatencyMs > 0) await new Promise((resolve) => setTimeout(resolve, tokenEndpointLatencyMs));
      const answer = tokenEndpoint.handle({
        tenantSegment,
        method: req.method ?? 'GET',
        form,
        authorization: req.headers.authorization,
        clientRequestId: req.headers['client-request-id'],
      });
      return sendJson(res, answer.status, answer.body, answer.headers);
    }
    if (!tenant) {
      const err = new EntraError(90002, { tenant: tenantSegment });
      const { body } = entraErrorBody(err, {
        nowMs: resolved.now(),
        correlationId: correlationIdFrom(req.headers['client-request-id']),
      });
      return sendJson(res, 400, { ...body, error: 'invalid_tenant' });
    }
    if (route === 'v2.0/.well-known/openid-configuration') {
      return sendJson(
        res,
        200,
        openIdConfiguration(w.baseUrl, tenantSegment, tenant.kind === 'tenant' ? tenant.tenantId : undefined),
      );
    }
    if (route === 'oauth2/v2.0/logout') {
      const target = url.searchParams.get('post_logout_redirect_uri');
      if (target) return redirect(res, target);
      return sendHtml(
        res,
        200,
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head><body><main><h1>You signed out of your account</h1></main></body></html>',
      );
    }
    return sendJson(res, 200, signer.jwks());
  }

  function handleDiscovery(req: IncomingMessage, res: ServerResponse, url: URL, segment: string) {
    const w = ctx.world();
    const base = trimSlashes(w.baseUrl);
    const result = validator.check(req.headers.authorization, base);
    if (!result.ok) {
      res.writeHead(401, {
        'WWW-Authenticate': `Bearer authorization_uri=${base}/common/oauth2/authorize, resource_id=${base}`,
        'Content-Length': 0,
      });
      return res.end();
    }
    const { claims } = result;
    const answer = claims.upn
      ? discoveryInstances(w, { tenantId: claims.tid, upn: claims.upn }, segment, url.searchParams, startedAt)
      : { status: 200, body: { '@odata.context': `${base}/api/discovery/v2.0/$metadata#Instances`, value: [] } };
    sendJson(res, answer.status, answer.body, { 'OData-Version': '4.0' });
  }

  function findIssuingApp(org: EmulatedOrganization): string {
    const app = ctx.world().appRegistrations.find((a) => a.tenantId.toLowerCase() === org.tenantId.toLowerCase());
    return app?.clientId ?? DEFAULT_ISSUING_APP_ID;
  }

  return {
    async handle(req, res, url) {
      const path = url.pathname;
      if (path === '/common/discovery/instance') {
        sendJson(res, 200, instanceDiscovery(ctx.world().baseUrl, url.searchParams.get('authorization_endpoint')));
        return true;
      }
      const disco = path.match(DISCOVERY_ROUTE);
      if (disco) {
        handleDiscovery(req, res, url, decodeURIComponent(disco[1]));
        return true;
      }
      const m = path.match(TENANT_ROUTE);
      if (!m || m[1] === 'orgs' || m[1] === '_emulator') return false;
      await handleTenantRoute(req, res, url, decodeURIComponent(m[1]), m[2]);
      return true;
    },

    authenticate(authorizationHeader, org) {
      return validator.authenticate(authorizationHeader, org);
    },

    issueAccessToken(org, upn, expiresInSeconds) {
      const user = upn
        ? org.users.find((u) => !u.isApplicationUser && u.upn.toLowerCase() === upn.toLowerCase())
        : org.users.find((u) => !u.isApplicationUser && !!u.upn);
      if (!user)
        throw new Error(upn ? `No user '${upn}' in org '${org.name}'.` : `Org '${org.name}' has no interactive user.`);
      return ctx.issuer.userAccessToken({
        audience: trimSlashes(org.environmentUrl),
        user: { tenantId: org.tenantId.toLowerCase(), upn: user.upn, name: user.name, objectId: user.entraObjectId },
        clientId: findIssuingApp(org),
        confidential: false,
        scp: 'user_impersonation',
        lifetimeSeconds: expiresInSeconds,
      }).token;
    },

    expireAllAccessTokens() {
      store.expireAllAccessTokens();
    },

    revokeRefreshTokens(upn) {
      store.revoke(upn);
    },

    setTokenEndpointFault(status) {
      tokenEndpoint.setFault(status);
    },

    setTokenEndpointLatency(ms) {
      tokenEndpointLatencyMs = ms ?? 0;
    },

    tokenRequestsByGrantType() {
      return tokenEndpoint.requestsByGrantType();
    },

    resetStats() {
      tokenEndpoint.resetStats();
    },
  };
}
