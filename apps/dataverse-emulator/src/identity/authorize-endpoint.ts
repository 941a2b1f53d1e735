import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderConsentPage, renderErrorPage, renderFormPost } from './consent-page';
import { correlationIdFrom, EntraError, entraErrorBody, ENTRA_ERRORS } from './entra-errors';
import type { IdentityContext } from './identity-context';
import { readForm, redirect, sendHtml } from './http-util';
import { parseScopes, type ParsedScopes } from './scopes';
import { clientInfo } from './token-issuer';
import {
  directoryUsers,
  findApp,
  findDirectoryUser,
  resolveTenant,
  tenantMatches,
  type TenantRef,
} from './user-directory';

/** Authorize parameters echoed back by the consent form as hidden inputs. */
const FORWARDED_PARAMS = [
  'client_id',
  'response_type',
  'redirect_uri',
  'scope',
  'response_mode',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'login_hint',
  'domain_hint',
  'client_info',
  'client-request-id',
];

type ResponseMode = 'query' | 'fragment' | 'form_post';

/**
 * `GET|POST /{tenant}/oauth2/v2.0/authorize`: the sign-in and consent page, then a redirect with `code` + `state`
 * or an `error`. Errors about the app or the redirect URI are shown on a page, never redirected, as Entra does
 * (an unverified redirect URI must not receive anything).
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
 */
export async function handleAuthorize(
  ctx: IdentityContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  tenantSegment: string,
): Promise<void> {
  const params = req.method === 'POST' ? await readForm(req) : url.searchParams;
  const correlationId = correlationIdFrom(params.get('client-request-id') ?? req.headers['client-request-id']);
  const nowMs = ctx.options.now();
  const world = ctx.world();

  const showError = (err: EntraError) => {
    const { status, body } = entraErrorBody(err, { nowMs, correlationId });
    sendHtml(
      res,
      status,
      renderErrorPage({
        code: err.code,
        message: ENTRA_ERRORS[err.code].message(err.params),
        traceId: body.trace_id,
        correlationId,
        timestamp: body.timestamp,
      }),
    );
  };

  const tenant = resolveTenant(world, tenantSegment);
  if (!tenant) return showError(new EntraError(90002, { tenant: tenantSegment }));
  const clientId = params.get('client_id');
  if (!clientId) return showError(new EntraError(900144, { name: 'client_id' }));
  const app = findApp(world, clientId);
  if (!app || !tenantMatches(tenant, app.tenantId)) {
    return showError(new EntraError(700016, { clientId, tenant: tenantSegment }));
  }
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) return showError(new EntraError(900144, { name: 'redirect_uri' }));
  if (!app.redirectUris.includes(redirectUri)) {
    return showError(new EntraError(50011, { redirectUri, clientId: app.clientId }));
  }

  // From here on the redirect URI is trusted: answers go back to it.
  const responseMode = (
    ['query', 'fragment', 'form_post'].includes(params.get('response_mode') ?? '')
      ? params.get('response_mode')
      : 'query'
  ) as ResponseMode;
  const state = params.get('state') ?? undefined;
  const answer = (fields: Record<string, string | undefined>) =>
    respond(res, redirectUri, responseMode, { ...fields, state });
  const answerError = (err: EntraError, extra: Record<string, string> = {}) => {
    const { body } = entraErrorBody(err, { nowMs, correlationId });
    answer({ error: body.error, ...extra, error_description: body.error_description, error_uri: body.error_uri });
  };

  const responseType = params.get('response_type');
  if (!responseType) return answerError(new EntraError(900144, { name: 'response_type' }));
  if (responseType !== 'code') return answerError(new EntraError(700054, { responseType }));
  let scopes: ParsedScopes;
  try {
    scopes = parseScopes(world, params.get('scope') ?? undefined, tenant, tenantSegment);
  } catch (err) {
    if (err instanceof EntraError) return answerError(err);
    throw err;
  }
  // No sign-in session is kept, so a silent request always needs interaction.
  if (params.get('prompt') === 'none') return answerError(new EntraError(50058));

  const action = req.method === 'POST' ? params.get('action') : null;
  if (action === 'cancel') return answerError(new EntraError(65004), { error_subcode: 'cancel' });

  const hidden: Record<string, string> = {};
  for (const name of FORWARDED_PARAMS) {
    const value = params.get(name);
    if (value !== null) hidden[name] = value;
  }
  // App registrations are single-tenant: through common/organizations only the app's own directory can sign in.
  const directory: TenantRef = { kind: 'tenant', tenantId: app.tenantId.toLowerCase() };
  const users = directoryUsers(world, directory);
  const page = (message?: string) =>
    sendHtml(
      res,
      200,
      renderConsentPage({
        action: url.pathname,
        appName: app.clientId,
        resourceLabel: resourceLabel(scopes),
        permissions: permissionLabels(scopes),
        users: users.map((u) => ({ upn: u.upn, name: u.name })),
        selectedUpn: params.get('login') ?? params.get('login_hint') ?? undefined,
        hidden,
        message,
      }),
    );

  if (action !== 'accept') return page();
  const login = params.get('login');
  const user = login ? findDirectoryUser(world, directory, login) : undefined;
  if (!user) return page('Pick one of the accounts below.');
  if (
    scopes.resource.kind === 'dataverse' &&
    !tenantMatches({ kind: 'tenant', tenantId: user.tenantId }, scopes.resource.org.tenantId)
  ) {
    return answerError(new EntraError(500011, { resource: scopes.resource.audience, tenant: user.tenantId }));
  }

  const challenge = params.get('code_challenge') ?? undefined;
  const code = ctx.store.createCode(
    {
      clientId: app.clientId,
      redirectUri,
      tenantId: user.tenantId,
      upn: user.upn,
      objectId: user.objectId,
      name: user.name,
      scope: params.get('scope') ?? '',
      codeChallenge: challenge,
      // Without a method the challenge is plain text (RFC 7636 §4.3).
      codeChallengeMethod: challenge ? (params.get('code_challenge_method') ?? 'plain') : undefined,
      nonce: params.get('nonce') ?? undefined,
    },
    ctx.options.authorizationCodeLifetimeSeconds * 1000,
  );
  answer({
    code,
    client_info: params.get('client_info') === '1' ? clientInfo(user) : undefined,
    session_state: correlationId,
  });
}

function resourceLabel(scopes: ParsedScopes): string {
  switch (scopes.resource.kind) {
    case 'dataverse':
      return `${scopes.resource.org.friendlyName} (Dataverse)`;
    case 'discovery':
      return 'Dynamics 365 Global Discovery';
    default:
      return 'Microsoft Graph';
  }
}

function permissionLabels(scopes: ParsedScopes): string[] {
  const labels =
    scopes.resource.kind === 'graph'
      ? ['Sign you in and read your profile']
      : [`Access ${resourceLabel(scopes)} as you (user_impersonation)`];
  if (scopes.oidc.has('offline_access')) labels.push('Maintain access to data you have given it access to');
  if (scopes.oidc.has('openid') || scopes.oidc.has('profile')) labels.push('View your basic profile');
  return labels;
}

function respond(
  res: ServerResponse,
  redirectUri: string,
  mode: ResponseMode,
  fields: Record<string, string | undefined>,
): void {
  const defined: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) defined[k] = v;
  if (mode === 'form_post') return sendHtml(res, 200, renderFormPost(redirectUri, defined));
  const target = new URL(redirectUri);
  const query = new URLSearchParams(defined).toString();
  if (mode === 'fragment') {
    target.hash = query;
  } else {
    for (const [k, v] of Object.entries(defined)) target.searchParams.append(k, v);
  }
  redirect(res, target.toString());
}
