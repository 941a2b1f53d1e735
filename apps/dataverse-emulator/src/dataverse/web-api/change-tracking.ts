import { dataverseErrors } from '../errors/dataverse-error';
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

export function isChangeTrackingRequest(prefs: Preferences, params: URLSearchParams): boolean {
  return prefs.trackChanges || params.has('$deltatoken');
}

/** Validates a tracking request; returns the version to report changes after (undefined for the initial sync). */
export function checkTrackingRequest(table: TableDef, params: URLSearchParams): number | undefined {
  for (const option of REFUSED_WITH_TRACKING) {
    if (params.has(option)) throw dataverseErrors.badRequest(`The "${option}" query parameter isn't supported when Change Tracking is enabled.`);
  }
  if (!table.changeTracking) {
    throw dataverseErrors.badRequest(`Change tracking is not enabled for the entity '${table.logicalName}'.`, '0x80044196');
  }
  const token = params.get('$deltatoken');
  if (token === null) return undefined;
  const version = Number(token.split('!')[0]);
  if (!Number.isInteger(version) || version < 0) throw dataverseErrors.badRequest('The delta token is not valid.');
  return version;
}

export function deltaLink(req: ApiRequest, now: number): string {
  const d = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  const token = encodeInner(`${req.data.currentVersion}!${stamp}`);
  const query = req.query
    .split('&')
    .filter((p) => p && !/^(\$|%24)(skiptoken|deltatoken)=/.test(p))
    .join('&');
  return `${req.apiBase}${req.path}?${query ? `${query}&` : ''}$deltatoken=${token}`;
}

/** `GET {set}?$deltatoken=…`: rows changed after `since`, then deletions, then a new delta link. */
export function changesSince(req: ApiRequest, table: TableDef, since: number, prefs: Preferences, options: QueryOptions): ApiResponse {
  const { data } = req;
  const store = data.store(table);
  const scope = { data, table, store, user: req.user, now: req.now };
  const serialize = compileRowSerializer(scope, { select: options.select, expand: [], annotations: prefs.annotations, etag: true });
  const parts: string[] = [];
  for (const r of store.order) {
    if (data.belongs(table, store, r) && ((store.get(r, 'versionnumber') as number) ?? 0) > since) parts.push(serialize.json(r));
  }
  const deletedContext = JSON.stringify(`${req.apiBase}$metadata#${table.entitySetName}/$deletedEntity`);
  for (const [r, version] of store.tombstones) {
    if (version > since && (table.activityTypeCode === undefined || store.get(r, 'activitytypecode') === table.activityTypeCode)) {
      parts.push(`{"@odata.context":${deletedContext},"id":"${store.ids[r]}","reason":"deleted"}`);
    }
  }
  const selection = contextSelection(options.selectNames, []);
  const context = `${req.apiBase}$metadata#${table.entitySetName}${selection ? `(${selection})` : ''}/$delta`;
  const body = `{"@odata.context":${JSON.stringify(context)},"@odata.deltaLink":${JSON.stringify(deltaLink(req, req.now))},"value":[${parts.join(',')}]}`;
  return rawJsonResponse(200, body, { 'Preference-Applied': 'odata.track-changes' });
}
