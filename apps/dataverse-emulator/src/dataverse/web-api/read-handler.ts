import { dataverseErrors } from '../errors/dataverse-error';
import { compileFilter, RowPredicate } from '../odata/filter-compiler';
import { QueryScope } from '../odata/query-context';
import { contextSelection, parseQueryOptions, QueryOptions } from '../odata/query-options';
import { afterCursor, compileComparator, cookieKeys } from '../odata/row-order';
import { applyAggregation } from '../odata/apply-aggregation';
import { decodeSkiptoken, encodeSkiptoken } from '../paging/paging-cookie';
import { compileRowSerializer } from '../serialize/row-serializer';
import { lookupProperty, isLookup, TableDef } from '../tables/table-descriptor';
import { ApiRequest, ApiResponse, jsonResponse, rawJsonResponse } from './api-types';
import { MAX_PAGE_SIZE, Preferences } from './prefer-header';
import { changesSince, checkTrackingRequest, deltaLink, isChangeTrackingRequest } from './change-tracking';

/** Dataverse caps `@odata.count` and `totalrecordcount` at 5,000. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/count-rows */
const COUNT_LIMIT = 5000;

export function scopeFor(req: ApiRequest, table: TableDef): QueryScope {
  return { data: req.data, table, store: req.data.store(table), user: req.user, now: req.now };
}

export function appliedPreferences(prefs: Preferences, paged: boolean, representation = false): Record<string, string> {
  const applied: string[] = [];
  if (paged && prefs.maxPageSize !== undefined) applied.push(`odata.maxpagesize=${prefs.maxPageSize}`);
  if (prefs.annotationsRaw !== undefined) applied.push(`odata.include-annotations=${prefs.annotationsRaw}`);
  if (representation && prefs.returnRepresentation) applied.push('return=representation');
  return applied.length ? { 'Preference-Applied': applied.join(',') } : {};
}

/** `GET {set}`: filter, order, page and shape rows. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results */
export function queryCollection(
  req: ApiRequest,
  table: TableDef,
  prefs: Preferences,
  restrict?: RowPredicate,
  contextPath = table.entitySetName,
): ApiResponse {
  const params = new URLSearchParams(req.query);
  const scope = scopeFor(req, table);
  const options = parseQueryOptions(params, table, req.data.registry);
  const tracking = isChangeTrackingRequest(prefs, params);
  if (tracking) {
    const since = checkTrackingRequest(req.data, table, params);
    if (since !== undefined) return changesSince(req, table, since, prefs, options);
  }
  const { data, store } = scope;
  const filter = options.filter ? compileFilter(options.filter, scope, options.aliases) : undefined;
  const matches = (r: number) => data.belongs(table, store, r) && (!restrict || restrict(r)) && (!filter || filter(r));
  if (options.apply !== undefined) {
    // Aggregated rows have no etag and no id; the context names the entity set only (aggregate-groupby-count.json).
    const value = applyAggregation(scope, options.apply, matches, prefs.annotations);
    return jsonResponse(200, { '@odata.context': `${req.apiBase}$metadata#${contextPath}`, value }, appliedPreferences(prefs, false));
  }

  // `$top` is ignored when odata.maxpagesize is present; `$top` alone returns no nextLink.
  const paged = prefs.maxPageSize !== undefined || options.top === undefined;
  const pageSize = prefs.maxPageSize ?? Math.min(options.top ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const cookie = options.skiptoken ? decodeSkiptoken(options.skiptoken) : undefined;
  if (options.skiptoken && !cookie) throw dataverseErrors.badRequest('The $skiptoken value is not a valid paging cookie.');
  const after = cookie ? afterCursor(scope, options.orderby, cookie.keys) : undefined;

  const rows: number[] = [];
  if (options.orderby.length === 0) {
    // Default order is the primary key: resume with a binary search, then scan.
    const order = store.order;
    let start = 0;
    if (after && cookie) {
      const last = cookie.keys[cookie.keys.length - 1]?.last;
      start = last ? store.lowerBound(last.replace(/[{}]/g, '').toLowerCase()) : 0;
    }
    for (let i = start; i < order.length && rows.length <= pageSize; i++) {
      const r = order[i];
      if ((!after || after(r)) && matches(r)) rows.push(r);
    }
  } else {
    const all: number[] = [];
    for (const r of store.order) if ((!after || after(r)) && matches(r)) all.push(r);
    all.sort(compileComparator(scope, options.orderby));
    rows.push(...all.slice(0, pageSize + 1));
  }
  const more = paged && rows.length > pageSize;
  if (rows.length > pageSize) rows.length = pageSize;

  const serialize = compileRowSerializer(scope, { select: options.select, expand: options.expand, annotations: prefs.annotations, etag: true });
  // Top-level members in Dataverse's order; rows are written as JSON text straight from the store.
  const head: Record<string, unknown> = { '@odata.context': context(req, contextPath, options) };
  let total = -1;
  if (options.count) {
    total = 0;
    for (const r of store.order) if (matches(r) && ++total > COUNT_LIMIT) break;
    head['@odata.count'] = Math.min(total, COUNT_LIMIT);
  }
  if (prefs.annotations.totalRecordCount) {
    head['@Microsoft.Dynamics.CRM.totalrecordcount'] = total < 0 ? -1 : Math.min(total, COUNT_LIMIT);
    head['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded'] = total > COUNT_LIMIT;
  }
  if (prefs.annotations.globalMetadataVersion) head['@Microsoft.Dynamics.CRM.globalmetadataversion'] = data.globalMetadataVersion;
  // The initial sync's last page carries the delta link, before value (change-tracking-initial.json).
  if (tracking && !more) head['@odata.deltaLink'] = deltaLink(req, req.now);
  let nextLink = '';
  if (more) {
    const pageNumber = (cookie?.pageNumber ?? 1) + 1;
    const token = encodeSkiptoken({ pageNumber, keys: cookieKeys(scope, options.orderby, rows[0], rows[rows.length - 1]) });
    const query = req.query.split('&').filter((p) => p && !p.startsWith('$skiptoken=') && !p.startsWith('%24skiptoken=')).join('&');
    nextLink = `,"@odata.nextLink":${JSON.stringify(`${req.apiBase}${req.path}?${query ? `${query}&` : ''}$skiptoken=${token}`)}`;
  }
  const headJson = JSON.stringify(head);
  // Small pages without $expand reuse rows serialized by an earlier request (until the next write), as bytes.
  const cache = rows.length <= ROW_CACHE_MAX_PAGE && options.expand.length === 0 ? data.rowCache(rowShape(table, params, prefs)) : undefined;
  let body: string | Buffer;
  if (cache) {
    const chunks: Buffer[] = [Buffer.from(`${headJson.slice(0, -1)},"value":[`)];
    for (let i = 0; i < rows.length; i++) {
      let json = cache.get(rows[i]);
      if (json === undefined) cache.set(rows[i], (json = Buffer.from(serialize.json(rows[i]))));
      if (i > 0) chunks.push(COMMA);
      chunks.push(json);
    }
    chunks.push(Buffer.from(`]${nextLink}}`));
    body = Buffer.concat(chunks);
  } else {
    const parts: string[] = [headJson.slice(0, -1), ',"value":['];
    for (let i = 0; i < rows.length; i++) {
      if (i > 0) parts.push(',');
      serialize.write(rows[i], parts);
    }
    parts.push(']', nextLink, '}');
    body = parts.join('');
  }
  const applied = appliedPreferences(prefs, paged);
  if (tracking) applied['Preference-Applied'] = [applied['Preference-Applied'], 'odata.track-changes'].filter(Boolean).join(',');
  return rawJsonResponse(200, body, applied);
}

const ROW_CACHE_MAX_PAGE = 500;
const COMMA = Buffer.from(',');

function rowShape(table: TableDef, params: URLSearchParams, prefs: Preferences): string {
  const a = prefs.annotations;
  return `${table.logicalName}|${params.get('$select') ?? '*'}|${+a.formatted}${+a.lookupLogicalName}${+a.associatedNav}`;
}

export function context(req: ApiRequest, path: string, options: Pick<QueryOptions, 'selectNames' | 'expand'>, suffix = ''): string {
  const selection = contextSelection(options.selectNames, options.expand);
  return `${req.apiBase}$metadata#${path}${selection ? `(${selection})` : ''}${suffix}`;
}

/** `GET {set}({id})`. */
export function retrieveRecord(req: ApiRequest, table: TableDef, r: number, prefs: Preferences, status = 200, extraHeaders: Record<string, string> = {}): ApiResponse {
  const params = new URLSearchParams(req.query);
  const scope = scopeFor(req, table);
  const options = parseQueryOptions(params, table, req.data.registry);
  const serialize = compileRowSerializer(scope, { select: options.select, expand: options.expand, annotations: prefs.annotations, etag: true });
  const row = serialize.object(r);
  const body = { '@odata.context': context(req, table.entitySetName, options, '/$entity'), ...row };
  const etag = row['@odata.etag'] as string;
  return jsonResponse(status, body, { ETag: etag, ...appliedPreferences(prefs, false, status !== 200 || req.method !== 'GET'), ...extraHeaders });
}

/** `GET {set}({id})/{property}`. */
export function retrieveProperty(req: ApiRequest, table: TableDef, r: number, property: string, rawKey: string): ApiResponse {
  const column = req.data.registry.property(table, property);
  if (!column) throw dataverseErrors.segmentNotFound(property);
  const scope = scopeFor(req, table);
  const serialize = compileRowSerializer(scope, { select: [column], expand: [], annotations: { ...prefsNone }, etag: false });
  const row = serialize.object(r);
  const name = isLookup(column) ? lookupProperty(column.logicalName) : column.logicalName;
  const value = row[name];
  if (value === null) return { status: 204, headers: { 'OData-Version': '4.0' } };
  return jsonResponse(200, { '@odata.context': `${req.apiBase}$metadata#${table.entitySetName}(${rawKey})/${name}`, value });
}

const prefsNone = { formatted: false, lookupLogicalName: false, associatedNav: false, totalRecordCount: false, globalMetadataVersion: false };

/** `GET {set}/$count`: plain text, capped at 5,000. */
export function countCollection(req: ApiRequest, table: TableDef): ApiResponse {
  const scope = scopeFor(req, table);
  const params = new URLSearchParams(req.query);
  const options = parseQueryOptions(params, table, req.data.registry);
  const filter = options.filter ? compileFilter(options.filter, scope, options.aliases) : undefined;
  let n = 0;
  for (const r of scope.store.order) if (req.data.belongs(table, scope.store, r) && (!filter || filter(r)) && ++n >= COUNT_LIMIT) break;
  return { status: 200, headers: { 'Content-Type': 'text/plain', 'OData-Version': '4.0' }, body: String(n) };
}
