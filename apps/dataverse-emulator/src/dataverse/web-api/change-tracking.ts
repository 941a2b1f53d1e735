import { dataverseErrors } from '../errors/dataverse-error';
import type { OrgData } from '../org-data';
import { contextSelection, QueryOptions } from '../odata/query-options';
import { encodeInner } from '../paging/paging-cookie';
import { compileRowSerializer } from '../serialize/row-serializer';
import { TableDef } from '../tables/table-descriptor';
import { ApiRequest, ApiResponse, rawJsonResponse } from './api-types';
import { Preferences } from './prefer-header';

/**
 * Change tracking: `Prefer: odata.track-changes` returns the rows plus an `@odata.deltaLink`; GETting that link
 * returns rows created or updated since, then `$deletedEntity` entries, and a new delta link. The token is
 * `<version>!<UTC timestamp>`, as Dataverse's.
 * https://learn.microsoft.com/power-apps/developer/data-platform/use-change-tracking-synchronize-data-external-systems
 */
const REFUSED_WITH_TRACKING = ['$filter', '$orderby', '$expand', '$top'] as const;

/** Delta tokens whose version is at or below this watermark fail as expired ones do (admin `expire-change-tokens`). */
const expiredThrough = new WeakMap<OrgData, number>();

/**
 * Every delta token issued so far now fails with `0x80044352`, as a token older than `ExpireChangeTrackingInDays`
 * does. The version moves on, so tokens issued afterwards are valid.
 */
export function expireChangeTokens(data: OrgData): void {
  expiredThrough.set(data, data.currentVersion);
  data.nextVersion();
}

export function isChangeTrackingRequest(prefs: Preferences, params: URLSearchParams): boolean {
  return prefs.trackChanges || params.has('$deltatoken');
}

/** Validates a tracking request; returns the version to report changes after (undefined for the initial sync). */
export function checkTrackingRequest(data: OrgData, table: TableDef, params: URLSearchParams): number | undefined {
  for (const option of REFUSED_WITH_TRACKING) {
    if (params.has(option)) throw dataverseErrors.badRequest(`The "${option}" query parameter isn't supported when Change Tracking is enabled.`);
  }
  if (!table.changeTracking) {
    throw dataverseErrors.badRequest(`Entity ${table.logicalName} isn't enabled for change tracking.`, '0x80072491');
  }
  const token = params.get('$deltatoken');
  if (token === null) return undefined;
  const version = Number(token.split('!')[0]);
  if (!Number.isInteger(version) || version < 0) throw dataverseErrors.badRequest('The delta token is not valid.');
  if (version <= (expiredThrough.get(data) ?? -1)) {
    throw dataverseErrors.badRequest('Version stamp associated with the client has expired. Please perform a full sync.', '0x80044352');
  }
  return version;
}

export function deltaLink(req: ApiRequest, now: number, version = req.data.currentVersion): string {
  const d = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  const token = encodeInner(`${version}!${stamp}`);
  const query = req.query
    .split('&')
    .filter((p) => p && !/^(\$|%24)(skiptoken|deltatoken)=/.test(p))
    .join('&');
  return `${req.apiBase}${req.path}?${query ? `${query}&` : ''}$deltatoken=${token}`;
}

/**
 * `$skiptoken` of a page of changes: the version the read stops at (fixed on its first page), then where the last page
 * ended: in the changed rows (`c`) or the deletions (`d`), at which version. Versions are unique, so the position is
 * stable while rows change during the read (a row changed again moves past the read's version, to the next delta).
 */
const DELTA_SKIPTOKEN = /^delta!(\d+)!([cd])!(\d+)$/;

/**
 * `GET {set}?$deltatoken=…`: rows changed after `since` in version order, then deletions, paged by
 * `odata.maxpagesize` like other reads; the last page carries the new delta link. Every page of one read reports
 * changes up to the version of its first page, so a write during the read is reported by the next delta, not lost.
 */
export function changesSince(req: ApiRequest, table: TableDef, since: number, prefs: Preferences, options: QueryOptions): ApiResponse {
  const { data } = req;
  const store = data.store(table);
  const scope = { data, table, store, user: req.user, now: req.now };
  const serialize = compileRowSerializer(scope, { select: options.select, expand: [], annotations: prefs.annotations, etag: true });
  const skip = options.skiptoken ? DELTA_SKIPTOKEN.exec(options.skiptoken) : null;
  if (options.skiptoken && !skip) throw dataverseErrors.badRequest('The $skiptoken value is not a valid paging cookie.');
  const upTo = skip ? Number(skip[1]) : data.currentVersion;
  const after = { phase: skip?.[2] ?? 'c', version: skip ? Number(skip[3]) : since };
  const changed: Array<[number, number]> = [];
  if (after.phase === 'c') {
    for (const r of store.order) {
      const version = (store.get(r, 'versionnumber') as number) ?? 0;
      if (data.belongs(table, store, r) && version > after.version && version <= upTo) changed.push([version, r]);
    }
    changed.sort((a, b) => a[0] - b[0]);
  }
  const deleted: Array<[number, number]> = [];
  const deletedAfter = after.phase === 'd' ? after.version : since;
  for (const [r, version] of store.tombstones) {
    if (version > deletedAfter && version <= upTo && (table.activityTypeCode === undefined || store.get(r, 'activitytypecode') === table.activityTypeCode)) {
      deleted.push([version, r]);
    }
  }
  deleted.sort((a, b) => a[0] - b[0]);
  const entries = [...changed.map(([version, r]) => ({ phase: 'c', version, r })), ...deleted.map(([version, r]) => ({ phase: 'd', version, r }))];
  const page = prefs.maxPageSize === undefined ? entries : entries.slice(0, prefs.maxPageSize);
  const deletedContext = JSON.stringify(`${req.apiBase}$metadata#${table.entitySetName}/$deletedEntity`);
  const parts = page.map(({ phase, r }) => (phase === 'c' ? serialize.json(r) : `{"@odata.context":${deletedContext},"id":"${store.ids[r]}","reason":"deleted"}`));
  const selection = contextSelection(options.selectNames, []);
  const context = `${req.apiBase}$metadata#${table.entitySetName}${selection ? `(${selection})` : ''}/$delta`;
  let link: string;
  if (page.length < entries.length) {
    const last = page[page.length - 1];
    const query = req.query.split('&').filter((p) => p && !/^(\$|%24)skiptoken=/.test(p)).join('&');
    link = `"@odata.nextLink":${JSON.stringify(`${req.apiBase}${req.path}?${query}&$skiptoken=${encodeInner(`delta!${upTo}!${last.phase}!${last.version}`)}`)}`;
  } else {
    link = `"@odata.deltaLink":${JSON.stringify(deltaLink(req, req.now, upTo))}`;
  }
  const body = `{"@odata.context":${JSON.stringify(context)},${link},"value":[${parts.join(',')}]}`;
  return rawJsonResponse(200, body, { 'Preference-Applied': ['odata.track-changes', ...(prefs.maxPageSize !== undefined ? [`odata.maxpagesize=${prefs.maxPageSize}`] : [])].join(',') });
}
