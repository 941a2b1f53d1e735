import { trimSlashes } from './user-directory';
import { v2Issuer } from './token-issuer';

/**
 * `/{tenant}/v2.0/.well-known/openid-configuration`. msal accepts a network answer only when it has
 * `authorization_endpoint`, `token_endpoint`, `issuer` and `jwks_uri`; for `common` / `organizations` the issuer keeps
 * the `{tenantid}` placeholder, as Entra's does.
 * https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
 */
export function openIdConfiguration(
  baseUrl: string,
  tenantSegment: string,
  tenantId: string | undefined,
): Record<string, unknown> {
  const base = trimSlashes(baseUrl);
  const t = tenantSegment;
  return {
    token_endpoint: `${base}/${t}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${t}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2Issuer(base, tenantId ?? '{tenantid}'),
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/${t}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${t}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${t}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/${t}/kerberos`,
    tenant_region_scope: tenantId ? 'NA' : null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/**
 * `/common/discovery/instance?api-version=1.1&authorization_endpoint=…`: instance discovery for clients that do not
 * pin `knownAuthorities`. The emulator vouches for whatever host the client asked about, plus its own.
 */
export function instanceDiscovery(baseUrl: string, authorizationEndpoint: string | null): Record<string, unknown> {
  const own = new URL(baseUrl).host;
  let asked = own;
  try {
    if (authorizationEndpoint) asked = new URL(authorizationEndpoint).host;
  } catch {
    // Keep the emulator's own host.
  }
  const aliases = [...new Set([asked, own])];
  return {
    tenant_discovery_endpoint: `${trimSlashes(baseUrl)}/{tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: asked, preferred_cache: asked, aliases }],
  };
}
