import { DataverseError, dataverseErrors } from '../errors/dataverse-error';
import { handleMetadata } from '../metadata/metadata-handler';
import { createRecord, stampModified, updateRecord, resolveReference } from '../writes/record-writer';
import { TableDef, isLookup } from '../tables/table-descriptor';
import { ApiRequest, ApiResponse, emptyResponse, jsonResponse } from './api-types';
import { parsePrefer, Preferences } from './prefer-header';
import { countCollection, queryCollection, retrieveProperty, retrieveRecord } from './read-handler';
import { parseKey, parseSegments, Segment } from './resource-path';
import { handleBatch } from './batch-handler';
import { closeOpportunity } from '../writes/opportunity-actions';
import { qualifyLead } from '../writes/qualify-lead';
import { replaceParties } from '../writes/activity-parties';

/**
 * Routes one Web API call (`/api/data/v9.2/...`) and turns every failure into Dataverse's error envelope.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/overview
 */
export function handleApiRequest(req: ApiRequest): ApiResponse {
  try {
    return route(req);
  } catch (e) {
    return errorResponse(e);
  }
}

export function errorResponse(e: unknown): ApiResponse {
  const err = e instanceof DataverseError ? e : dataverseErrors.internal(`An unexpected error occurred: ${(e as Error)?.message ?? e}`);
  return jsonResponse(err.status, err.toBody(), err.headers);
}

function route(req: ApiRequest): ApiResponse {
  const segments = parseSegments(req.path);
  const first = segments[0];
  const prefs = parsePrefer(req.headers['prefer']);
  if (!first || first.name === '') return serviceDocument(req);
  switch (first.name) {
    case '$metadata':
      return metadataDocument(req);
    case '$batch':
      if (req.method !== 'POST') throw dataverseErrors.noHttpResource(fullUrl(req));
      return handleBatch(req, handleApiRequest);
    case 'WhoAmI':
      // Functions answer GET only; POST gets "No HTTP resource was found".
      if (req.method !== 'GET' || segments.length > 1) throw dataverseErrors.noHttpResource(fullUrl(req));
      return jsonResponse(200, {
        '@odata.context': `${req.apiBase}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
        BusinessUnitId: req.user.businessUnitId,
        UserId: req.user.systemuserId,
        OrganizationId: req.data.org.organizationId,
      });
    case 'RetrieveTotalRecordCount':
      if (req.method !== 'GET') throw dataverseErrors.noHttpResource(fullUrl(req));
      return totalRecordCount(req, first);
    case 'WinOpportunity':
    case 'LoseOpportunity':
      if (req.method !== 'POST') throw dataverseErrors.noHttpResource(fullUrl(req));
      return { ...closeOpportunity(req, first.name, parseBody(req)), entitySet: 'opportunities' };
    case 'EntityDefinitions':
      return { ...handleMetadata(req, segments), entitySet: 'EntityDefinitions' };
  }
  const table = req.data.registry.bySet.get(first.name);
  if (!table) throw dataverseErrors.segmentNotFound(first.name);
  const response = routeTable(req, table, first, segments.slice(1), prefs);
  return { ...response, entitySet: table.entitySetName };
}

function routeTable(req: ApiRequest, table: TableDef, first: Segment, rest: Segment[], prefs: Preferences): ApiResponse {
  const { data } = req;
  const ctx = { data, user: req.user, now: req.now };
  if (first.key === undefined) {
    if (rest.length === 1 && rest[0].name === '$count' && req.method === 'GET') return countCollection(req, table);
    if (rest.length > 0) throw dataverseErrors.segmentNotFound(rest[0].name);
    if (req.method === 'GET') return queryCollection(req, table, prefs);
    if (req.method === 'POST') {
      const r = createRecord(ctx, table, parseBody(req));
      return created(req, table, r, prefs);
    }
    throw dataverseErrors.methodNotAllowed();
  }

  const { r, id, alternate } = locate(req, table, first.key);
  if (rest.length === 0) {
    switch (req.method) {
      case 'GET':
        if (r < 0) throw dataverseErrors.recordNotFound(table.logicalName, id ?? first.key);
        return conditionalGet(req, table, r, prefs);
      case 'PATCH':
        return upsert(req, table, r, id, alternate, prefs);
      case 'DELETE': {
        if (r < 0) throw dataverseErrors.recordNotFound(table.logicalName, id ?? first.key);
        checkIfMatch(req, table, r);
        deleteRow(req, table, r);
        return emptyResponse(204);
      }
      default:
        throw dataverseErrors.methodNotAllowed();
    }
  }
  if (r < 0) throw dataverseErrors.recordNotFound(table.logicalName, id ?? first.key);
  const store = data.store(table);
  const rowId = store.ids[r];
  const second = rest[0];
  const registry = data.registry;
  if (second.name === 'Microsoft.Dynamics.CRM.QualifyLead' && table.logicalName === 'lead') {
    if (req.method !== 'POST' || rest.length > 1) throw dataverseErrors.noHttpResource(fullUrl(req));
    return qualifyLead(req, table, r, parseBody(req));
  }
  const single = registry.singleNav(table, second.name);
  const collection = registry.collectionNav(table, second.name);

  if (single) {
    const isRef = rest[1]?.name === '$ref';
    if (req.method === 'DELETE' && isRef) {
      // Disassociate: clear the lookup. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api
      data.setLookup(store, r, single.column, null, null);
      stampModified(ctx, table, r);
      return emptyResponse(204);
    }
    if (req.method === 'PUT' && isRef) {
      const ref = String(parseBody(req)['@odata.id'] ?? '');
      const target = resolveReference(ctx, ref);
      if (data.findRow(target.table, target.id) < 0) throw dataverseErrors.recordNotFound(target.table.logicalName, target.id);
      data.setLookup(store, r, single.column, target.table.logicalName, target.id);
      stampModified(ctx, table, r);
      return emptyResponse(204);
    }
    if (req.method === 'GET') {
      const targetId = store.get(r, single.column.logicalName) as string | null;
      const targetName = data.lookupTarget(single.column, store, r);
      const targetTable = registry.table(single.target);
      const tr = targetId && targetName === single.target ? data.findRow(targetTable, targetId) : -1;
      if (tr < 0) return emptyResponse(204);
      return retrieveRecord(req, targetTable, tr, prefs);
    }
    throw dataverseErrors.methodNotAllowed();
  }
  if (collection) {
    const childStore = data.store(collection.child);
    const column = collection.column;
    const pointsHere = (cr: number) =>
      childStore.get(cr, column.logicalName) === rowId &&
      (data.lookupTarget(column, childStore, cr) === table.logicalName || table.logicalName === 'activitypointer');
    if (rest[1]?.name === '$ref' || rest[2]?.name === '$ref') {
      if (req.method === 'POST') {
        const target = resolveReference(ctx, String(parseBody(req)['@odata.id'] ?? ''));
        const cr = data.findRow(target.table, target.id);
        if (cr < 0) throw dataverseErrors.recordNotFound(target.table.logicalName, target.id);
        data.setLookup(childStore, cr, column, table.logicalName, rowId);
        stampModified(ctx, collection.child, cr);
        return emptyResponse(204);
      }
      if (req.method === 'DELETE') {
        const childKey = rest[1].key ?? new URLSearchParams(req.query).get('$id') ?? '';
        const childId = childKey.includes('(') ? resolveReference(ctx, childKey).id : childKey;
        const cr = childStore.find(childId);
        if (cr < 0 || !pointsHere(cr)) throw dataverseErrors.recordNotFound(collection.child.logicalName, childId);
        data.setLookup(childStore, cr, column, null, null);
        stampModified(ctx, collection.child, cr);
        return emptyResponse(204);
      }
    }
    if (req.method === 'PUT' && rest.length === 1 && collection.child.logicalName === 'activityparty') {
      replaceParties(ctx, table, rowId, parseBody(req));
      stampModified(ctx, table, r);
      return emptyResponse(204);
    }
    if (req.method === 'GET') {
      if (rest[1]?.name === '$count') {
        let n = 0;
        for (const cr of childStore.order) if (data.belongs(collection.child, childStore, cr) && pointsHere(cr)) n++;
        return { status: 200, headers: { 'Content-Type': 'text/plain', 'OData-Version': '4.0' }, body: `\uFEFF${n}` };
      }
      return queryCollection(req, collection.child, prefs, pointsHere, collection.child.entitySetName);
    }
    throw dataverseErrors.methodNotAllowed();
  }
  // A single property.
  const column = registry.property(table, second.name);
  if (!column) throw dataverseErrors.segmentNotFound(second.name);
  switch (req.method) {
    case 'GET':
      return retrieveProperty(req, table, r, second.name, first.key);
    case 'PUT':
      if (isLookup(column)) throw dataverseErrors.badRequest(`The property '${second.name}' cannot be updated.`);
      updateRecord(ctx, table, r, { [column.logicalName]: parseBody(req).value ?? null });
      return emptyResponse(204);
    case 'DELETE':
      updateRecord(ctx, table, r, { [column.logicalName]: null });
      return emptyResponse(204);
    default:
      throw dataverseErrors.methodNotAllowed();
  }
}

function locate(req: ApiRequest, table: TableDef, rawKey: string): { r: number; id?: string; alternate?: Array<[string, string | number]> } {
  const key = parseKey(rawKey);
  if ('id' in key) return { r: req.data.findRow(table, key.id), id: key.id };
  const { data } = req;
  if (key.alternate.length === 1 && key.alternate[0][0] === table.primaryIdAttribute) {
    const id = String(key.alternate[0][1]);
    return { r: data.findRow(table, id), id };
  }
  const store = data.store(table);
  for (const [name] of key.alternate) {
    if (!data.registry.property(table, name)) throw dataverseErrors.propertyNotFound(name, table.logicalName);
  }
  for (const r of store.order) {
    if (!data.belongs(table, store, r)) continue;
    if (key.alternate.every(([name, value]) => {
      const v = store.get(r, name);
      return typeof v === 'string' && typeof value === 'string' ? v.toLowerCase() === value.toLowerCase() : v === value;
    })) return { r, id: store.ids[r] };
  }
  return { r: -1, alternate: key.alternate };
}

function etagOf(req: ApiRequest, table: TableDef, r: number): string {
  return `W/"${req.data.store(table).get(r, 'versionnumber') ?? 0}"`;
}

/**
 * `If-Match: W/"…"` on PATCH/DELETE gives 412 when the row has changed.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api
 */
function checkIfMatch(req: ApiRequest, table: TableDef, r: number): void {
  const ifMatch = req.headers['if-match'];
  if (ifMatch && ifMatch !== '*' && ifMatch !== etagOf(req, table, r)) throw dataverseErrors.versionMismatch();
}

function conditionalGet(req: ApiRequest, table: TableDef, r: number, prefs: Preferences): ApiResponse {
  const ifNoneMatch = req.headers['if-none-match'];
  const params = new URLSearchParams(req.query);
  // Never 304 with $expand or when annotations are requested.
  if (ifNoneMatch && ifNoneMatch !== 'null' && ifNoneMatch === etagOf(req, table, r) && !params.has('$expand') && !prefs.annotationsRaw) {
    return emptyResponse(304);
  }
  return retrieveRecord(req, table, r, prefs);
}

function upsert(req: ApiRequest, table: TableDef, r: number, id: string | undefined, alternate: Array<[string, string | number]> | undefined, prefs: Preferences): ApiResponse {
  const ctx = { data: req.data, user: req.user, now: req.now };
  const body = parseBody(req);
  if (r >= 0) {
    if (req.headers['if-none-match'] === '*') throw dataverseErrors.recordExists();
    checkIfMatch(req, table, r);
    updateRecord(ctx, table, r, body);
    if (prefs.returnRepresentation) return retrieveRecord(req, table, r, prefs, 200);
    return emptyResponse(204, { 'OData-EntityId': entityUrl(req, table, req.data.store(table).ids[r]) });
  }
  // Upsert: a PATCH to a missing key creates the row, unless If-Match asks for update only.
  if (req.headers['if-match']) throw dataverseErrors.recordNotFound(table.logicalName, id ?? '');
  const altValues = Object.fromEntries(alternate ?? []);
  const nr = createRecord(ctx, table, { ...altValues, ...body }, id);
  return created(req, table, nr, prefs);
}

function created(req: ApiRequest, table: TableDef, r: number, prefs: Preferences): ApiResponse {
  const id = req.data.store(table).ids[r];
  if (prefs.returnRepresentation) return retrieveRecord(req, table, r, prefs, 201);
  return emptyResponse(204, { 'OData-EntityId': entityUrl(req, table, id) });
}

function deleteRow(req: ApiRequest, table: TableDef, r: number): void {
  const { data } = req;
  const store = data.store(table);
  const id = store.ids[r];
  store.delete(r);
  // A deletion changes what other rows show (formatted lookup names), like any write, and is a change to track.
  store.tombstone(r, data.nextVersion());
  if (table.isActivity) {
    // An activity's parties go with it.
    const parties = data.registry.table('activityparty');
    const partyStore = data.store(parties);
    for (const pr of [...partyStore.order]) if (partyStore.get(pr, 'activityid') === id) partyStore.delete(pr);
  }
}

function entityUrl(req: ApiRequest, table: TableDef, id: string): string {
  return `${req.apiBase}${table.entitySetName}(${id})`;
}

function fullUrl(req: ApiRequest): string {
  return `${req.apiBase}${req.path}${req.query ? `?${req.query}` : ''}`;
}

function parseBody(req: ApiRequest): Record<string, unknown> {
  if (!req.body) return {};
  try {
    const parsed = JSON.parse(req.body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed;
  } catch {
    throw dataverseErrors.badRequest('The request body is not valid JSON.', '0x80048d19');
  }
}

function serviceDocument(req: ApiRequest): ApiResponse {
  const value = [...req.data.registry.bySet.keys()].sort().map((name) => ({ name, kind: 'EntitySet', url: name }));
  return jsonResponse(200, { '@odata.context': `${req.apiBase}$metadata`, value });
}

/** A minimal CSDL: entity sets and their keys, enough for clients that read the container. */
function metadataDocument(req: ApiRequest): ApiResponse {
  const types = req.data.registry.tables
    .map((t) => `<EntityType Name="${t.logicalName}"><Key><PropertyRef Name="${t.primaryIdAttribute}" /></Key></EntityType>`)
    .join('');
  const sets = req.data.registry.tables
    .map((t) => `<EntitySet Name="${t.entitySetName}" EntityType="Microsoft.Dynamics.CRM.${t.logicalName}" />`)
    .join('');
  const xml = `<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="Microsoft.Dynamics.CRM" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">${types}<EntityContainer Name="System">${sets}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
  return { status: 200, headers: { 'Content-Type': 'application/xml', 'OData-Version': '4.0' }, body: xml };
}

/** `RetrieveTotalRecordCount(EntityNames=['contact'])`. */
function totalRecordCount(req: ApiRequest, segment: Segment): ApiResponse {
  const params = new URLSearchParams(req.query);
  let raw = /EntityNames=(.*)$/.exec(segment.key ?? '')?.[1] ?? '';
  if (raw.startsWith('@')) raw = params.get(raw) ?? '';
  const names = [...raw.matchAll(/['"]([a-z0-9_]+)['"]/g)].map((m) => m[1]);
  const counts = names.map((name) => {
    const table = req.data.registry.byName.get(name);
    if (!table) throw dataverseErrors.badRequest(`The entity with a name = '${name}' with namemapping = 'Logical' was not found in the MetadataCache.`, '0x80040217');
    let n = 0;
    const store = req.data.store(table);
    for (const r of store.order) if (req.data.belongs(table, store, r)) n++;
    return n;
  });
  return jsonResponse(200, {
    '@odata.context': `${req.apiBase}$metadata#Microsoft.Dynamics.CRM.RetrieveTotalRecordCountResponse`,
    EntityRecordCountCollection: { Count: names.length, IsReadOnly: false, Keys: names, Values: counts },
  });
}

export { etagOf };
