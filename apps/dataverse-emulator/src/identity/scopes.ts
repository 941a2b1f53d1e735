import type { EmulatedOrganization, EmulatorWorld } from '../world';
import { EntraError } from './entra-errors';
import { sameUrl, tenantMatches, trimSlashes, type TenantRef } from './user-directory';

/** Microsoft Graph, the resource Entra picks when only OpenID Connect scopes (or bare names like `User.Read`) are asked. */
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
/** Dataverse and Global Discovery expose one delegated permission. */
const DYNAMICS_PERMISSIONS = new Set(['user_impersonation', '.default']);

export type Resource =
  | { kind: 'dataverse'; audience: string; org: EmulatedOrganization }
  | { kind: 'discovery'; audience: string }
  | { kind: 'graph'; audience: string };

export interface ParsedScopes {
  resource: Resource;
  /** Permission names on the resource, e.g. `user_impersonation`, `.default`, `User.Read`. */
  permissions: string[];
  /** OpenID Connect scopes present, lower case. */
  oidc: Set<string>;
}

export function splitScopes(scope: string | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter(Boolean);
}

/** `https://org.crm.dynamics.com/user_impersonation` → resource + permission; `{env}//.default` works too. */
function splitResourceScope(scope: string): { resource: string; permission: string } {
  const slash = scope.lastIndexOf('/');
  return { resource: trimSlashes(scope.slice(0, slash)), permission: scope.slice(slash + 1) };
}

function findResource(world: EmulatorWorld, resource: string): Resource | undefined {
  if (sameUrl(resource, GRAPH_AUDIENCE)) return { kind: 'graph', audience: GRAPH_AUDIENCE };
  // The emulator's base URL stands for https://globaldisco.crm.dynamics.com.
  if (sameUrl(resource, world.baseUrl)) return { kind: 'discovery', audience: trimSlashes(world.baseUrl) };
  const org = world.organizations.find((o) => sameUrl(o.environmentUrl, resource));
  return org ? { kind: 'dataverse', audience: trimSlashes(org.environmentUrl), org } : undefined;
}

/**
 * Validates a v2 `scope` parameter the way Entra does: one resource per request (AADSTS28000), the resource must
 * exist in the tenant (AADSTS500011), and Dynamics resources only know `user_impersonation` / `.default` (AADSTS70011).
 * https://learn.microsoft.com/entra/identity-platform/scopes-oidc
 */
export function parseScopes(
  world: EmulatorWorld,
  scope: string | undefined,
  tenant: TenantRef,
  tenantName: string,
): ParsedScopes {
  const all = splitScopes(scope);
  if (all.length === 0) throw new EntraError(900144, { name: 'scope' });
  const oidc = new Set<string>();
  const byResource = new Map<string, string[]>();
  for (const s of all) {
    if (OIDC_SCOPES.has(s.toLowerCase())) {
      oidc.add(s.toLowerCase());
      continue;
    }
    const { resource, permission } = s.includes('/')
      ? splitResourceScope(s)
      : { resource: GRAPH_AUDIENCE, permission: s };
    const key = resource.toLowerCase();
    byResource.set(key, [...(byResource.get(key) ?? []), permission]);
  }
  if (byResource.size > 1) throw new EntraError(28000, { scope: all.join(' ') });
  if (byResource.size === 0)
    return { resource: { kind: 'graph', audience: GRAPH_AUDIENCE }, permissions: ['User.Read'], oidc };

  const [[resourceName, permissions]] = [...byResource.entries()];
  const original = all.find((s) => s.toLowerCase().startsWith(resourceName)) ?? resourceName;
  const resource = findResource(world, resourceName);
  if (!resource || (resource.kind === 'dataverse' && !tenantMatches(tenant, resource.org.tenantId))) {
    throw new EntraError(500011, {
      resource: splitResourceScope(original).resource || resourceName,
      tenant: tenantName,
    });
  }
  if (resource.kind !== 'graph') {
    const bad = permissions.find((p) => !DYNAMICS_PERMISSIONS.has(p));
    if (bad !== undefined) throw new EntraError(70011, { scope: original });
  }
  return { resource, permissions, oidc };
}

/** The `scope` of a token response: the granted permissions as full scope strings. */
export function grantedScopeString(parsed: ParsedScopes): string {
  if (parsed.resource.kind === 'graph') {
    const oidc = ['openid', 'profile', 'email'].filter((s) => parsed.oidc.has(s));
    return [...oidc, ...parsed.permissions.filter((p) => p !== '.default')].join(' ') || 'User.Read';
  }
  const base = parsed.resource.audience;
  const scopes = [`${base}/user_impersonation`];
  if (parsed.permissions.includes('.default')) scopes.push(`${base}/.default`);
  return scopes.join(' ');
}

/** The `scp` claim of a delegated access token. */
export function scpClaim(parsed: ParsedScopes): string {
  if (parsed.resource.kind !== 'graph') return 'user_impersonation';
  const perms = parsed.permissions.filter((p) => p !== '.default');
  return [
    ...(perms.length ? perms : ['User.Read']),
    ...['openid', 'profile', 'email'].filter((s) => parsed.oidc.has(s)),
  ].join(' ');
}
