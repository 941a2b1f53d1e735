import { createHash } from 'node:crypto';
import type { AppRegistration, EmulatedOrganization, EmulatedUser, EmulatorWorld } from '../world';

/**
 * The Entra directory as the emulator derives it from the world: a tenant is any `tenantId` of an org or app
 * registration; its people are the interactive users of its orgs, one person per UPN (case-insensitive).
 */
export interface DirectoryUser {
  tenantId: string;
  upn: string;
  name: string;
  /** `oid`: the entraObjectId of the first org user with this UPN in the tenant. */
  objectId: string;
}

export type TenantRef = { kind: 'tenant'; tenantId: string } | { kind: 'multi' };

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

export function sameUrl(a: string, b: string): boolean {
  return sameText(trimSlashes(a), trimSlashes(b));
}

export function tenantIds(world: EmulatorWorld): string[] {
  const ids = new Set<string>();
  for (const org of world.organizations) ids.add(org.tenantId.toLowerCase());
  for (const app of world.appRegistrations) ids.add(app.tenantId.toLowerCase());
  return [...ids];
}

/**
 * `{tenant}` in a path: a tenant id, a verified domain (here: the domain of a user's UPN), or `common` /
 * `organizations` (the user's home tenant decides). `consumers` (personal accounts) has no emulated tenant.
 */
export function resolveTenant(world: EmulatorWorld, segment: string): TenantRef | undefined {
  const s = segment.toLowerCase();
  if (s === 'common' || s === 'organizations') return { kind: 'multi' };
  const byId = tenantIds(world).find((id) => id === s);
  if (byId) return { kind: 'tenant', tenantId: byId };
  for (const org of world.organizations) {
    if (org.users.some((u) => u.upn && u.upn.toLowerCase().endsWith(`@${s}`))) {
      return { kind: 'tenant', tenantId: org.tenantId.toLowerCase() };
    }
  }
  return undefined;
}

export function tenantMatches(ref: TenantRef, tenantId: string): boolean {
  return ref.kind === 'multi' || sameText(ref.tenantId, tenantId);
}

/** Interactive users of the tenant (or of every tenant), one per UPN, in world order. */
export function directoryUsers(world: EmulatorWorld, ref: TenantRef): DirectoryUser[] {
  const seen = new Set<string>();
  const users: DirectoryUser[] = [];
  for (const org of world.organizations) {
    if (!tenantMatches(ref, org.tenantId)) continue;
    for (const u of org.users) {
      if (u.isApplicationUser || !u.upn) continue;
      const key = `${org.tenantId.toLowerCase()}|${u.upn.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      users.push({ tenantId: org.tenantId.toLowerCase(), upn: u.upn, name: u.name, objectId: u.entraObjectId });
    }
  }
  return users;
}

export function findDirectoryUser(world: EmulatorWorld, ref: TenantRef, upn: string): DirectoryUser | undefined {
  return directoryUsers(world, ref).find((u) => sameText(u.upn, upn));
}

export function findApp(world: EmulatorWorld, clientId: string): AppRegistration | undefined {
  return world.appRegistrations.find((a) => sameText(a.clientId, clientId));
}

/**
 * Dataverse maps a token to a systemuser by `oid` (`azureactivedirectoryobjectid`); the emulator falls back to the
 * UPN so that the same person seeded in several orgs with different object ids is still found.
 */
export function findOrgUser(
  org: EmulatedOrganization,
  claims: { oid?: string; upn?: string; appid?: string; isApp: boolean },
): EmulatedUser | undefined {
  if (claims.isApp) {
    return claims.appid
      ? org.users.find((u) => u.isApplicationUser && !!u.applicationId && sameText(u.applicationId, claims.appid!))
      : undefined;
  }
  return (
    (claims.oid && org.users.find((u) => !u.isApplicationUser && sameText(u.entraObjectId, claims.oid!))) ||
    (claims.upn && org.users.find((u) => !u.isApplicationUser && !!u.upn && sameText(u.upn, claims.upn!))) ||
    undefined
  );
}

/** The orgs where someone with this UPN is a user (Global Discovery's answer). */
export function orgsOfUser(
  world: EmulatorWorld,
  tenantId: string,
  upn: string,
): Array<{ org: EmulatedOrganization; user: EmulatedUser }> {
  const result: Array<{ org: EmulatedOrganization; user: EmulatedUser }> = [];
  for (const org of world.organizations) {
    if (!sameText(org.tenantId, tenantId)) continue;
    const user = org.users.find((u) => !u.isApplicationUser && !!u.upn && sameText(u.upn, upn));
    if (user) result.push({ org, user });
  }
  return result;
}

/** A stable GUID derived from text, for ids the world does not define (service principal object ids). */
export function derivedGuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
