import type { EmulatedOrganization, EmulatedUser, EmulatorWorld } from '../world';
import { orgsOfUser, trimSlashes } from './user-directory';

/**
 * `GET /api/discovery/v2.0/Instances`: the environments the caller belongs to. GDS always answers an array, also for
 * `Instances(<id>)` and `Instances(UniqueName='x')`, and its string filters are case-sensitive.
 * https://learn.microsoft.com/power-apps/developer/data-platform/discovery-service
 */
export interface DiscoveryInstance {
  ApiUrl: string;
  DatacenterId: string;
  DatacenterName: string | null;
  EnvironmentId: string;
  FriendlyName: string;
  Id: string;
  IsUserSysAdmin: boolean;
  LastUpdated: string;
  OrganizationType: number;
  Purpose: string;
  Region: string;
  SchemaType: string;
  State: number;
  StatusMessage: number;
  TenantId: string;
  TrialExpirationDate: string | null;
  UniqueName: string;
  UrlName: string;
  Url: string;
  Version: string;
}

/** What the emulator says about every org; EnvironmentId mirrors the organization id (an emulator choice). */
export function discoveryInstance(
  org: EmulatedOrganization,
  user: EmulatedUser | undefined,
  lastUpdated: string,
): DiscoveryInstance {
  return {
    ApiUrl: trimSlashes(org.environmentUrl),
    DatacenterId: '00000000-0000-0000-0000-000000000000',
    DatacenterName: null,
    EnvironmentId: org.organizationId,
    FriendlyName: org.friendlyName,
    Id: org.organizationId,
    IsUserSysAdmin: !!user && !user.isDisabled,
    LastUpdated: lastUpdated,
    OrganizationType: 0,
    Purpose: '',
    Region: 'NA',
    SchemaType: 'Standard',
    State: 0,
    StatusMessage: 0,
    TenantId: org.tenantId,
    TrialExpirationDate: null,
    UniqueName: org.name,
    UrlName: org.name,
    Url: trimSlashes(org.environmentUrl),
    Version: '9.2.25011.00000',
  };
}

export type DiscoveryAnswer = { status: number; body: unknown };

const KEY_BY_ID = /^Instances\(([0-9a-fA-F-]{36})\)$/;
const KEY_BY_NAME = /^Instances\(UniqueName='([^']*)'\)$/;

/** Supports `$select` and the `eq` filters clients use (`$filter=UniqueName eq 'x'`), case-sensitively. */
export function discoveryInstances(
  world: EmulatorWorld,
  caller: { tenantId: string; upn: string },
  segment: string,
  query: URLSearchParams,
  lastUpdated: string,
): DiscoveryAnswer {
  const base = trimSlashes(world.baseUrl);
  let rows = orgsOfUser(world, caller.tenantId, caller.upn).map(({ org, user }) =>
    discoveryInstance(org, user, lastUpdated),
  );
  const byId = segment.match(KEY_BY_ID);
  const byName = segment.match(KEY_BY_NAME);
  if (byId) rows = rows.filter((r) => r.Id.toLowerCase() === byId[1].toLowerCase());
  else if (byName) rows = rows.filter((r) => r.UniqueName === byName[1]);
  else if (segment !== 'Instances')
    return { status: 404, body: { error: { code: '', message: `Resource not found for the segment '${segment}'.` } } };

  const filter = query.get('$filter');
  if (filter) {
    const clauses = [...filter.matchAll(/(\w+)\s+eq\s+(?:'((?:[^']|'')*)'|([\w.-]+))/g)];
    if (clauses.length === 0) {
      return {
        status: 400,
        body: { error: { code: '', message: `The query specified in the URI is not valid. ${filter}` } },
      };
    }
    rows = rows.filter((r) =>
      clauses.every(([, prop, str, bare]) => {
        const value = (r as unknown as Record<string, unknown>)[prop];
        return str !== undefined
          ? value === str.replace(/''/g, "'")
          : String(value).toLowerCase() === bare.toLowerCase();
      }),
    );
  }
  const select = query
    .get('$select')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const value = select
    ? rows.map((r) =>
        Object.fromEntries(select.filter((k) => k in r).map((k) => [k, (r as unknown as Record<string, unknown>)[k]])),
      )
    : rows;
  return {
    status: 200,
    body: {
      '@odata.context': `${base}/api/discovery/v2.0/$metadata#Instances${select ? `(${select.join(',')})` : ''}`,
      value,
    },
  };
}
