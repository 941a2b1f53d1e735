import { randomUUID } from 'node:crypto';
import { DataverseError, dataverseErrors } from '../errors/dataverse-error';
import { OrgData, targetKey } from '../org-data';
import { ColumnDef, isLookup, TableDef } from '../tables/table-descriptor';
import { parseGuid, parseSegments } from '../web-api/resource-path';
import type { EmulatedUser } from '../../world';

/**
 * Applies a create or update body to a row: plain columns, `<nav>@odata.bind` lookups (on the exact navigation
 * property names, polymorphic `_account`/`_contact` variants and case-sensitive custom SchemaNames), and deep insert
 * of related rows. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api
 */
export interface WriteContext {
  data: OrgData;
  user: EmulatedUser;
  now: number;
}

type Json = Record<string, unknown>;

interface PendingChild {
  table: TableDef;
  column: ColumnDef;
  /** A row to create (deep insert), or an existing row to point at the parent (collection bind). */
  body?: Json;
  existingId?: string;
}

/** Creates a row from a POST body (or an upsert); returns its row number. */
export function createRecord(ctx: WriteContext, table: TableDef, body: Json, id?: string): number {
  const { data } = ctx;
  const pkValue = body[table.primaryIdAttribute];
  const rowId = id ?? (typeof pkValue === 'string' ? parseGuid(pkValue) : undefined) ?? randomUUID();
  if (data.store(table).find(rowId) >= 0) {
    throw new DataverseError(412, '0x80040237', 'Cannot insert duplicate key.');
  }
  const values: Json = {};
  const children: PendingChild[] = [];
  collectValues(ctx, table, body, values, children, 'create');
  const defaults = defaultValues(ctx, table, values);
  const r = data.insertRow(table, rowId, { ...defaults, ...values });
  for (const child of children) linkChild(ctx, child, rowId, table);
  return r;
}

function linkChild(ctx: WriteContext, child: PendingChild, parentId: string, parentTable: TableDef): void {
  const store = ctx.data.store(child.table);
  const r = child.existingId ? store.find(child.existingId) : createRecord(ctx, child.table, child.body ?? {});
  if (r < 0) throw dataverseErrors.recordNotFound(child.table.logicalName, child.existingId ?? '');
  ctx.data.setLookup(store, r, child.column, parentTable.logicalName, parentId);
  ctx.data.derive(child.table, store, r);
}

/** Updates a row from a PATCH body. */
export function updateRecord(ctx: WriteContext, table: TableDef, r: number, body: Json): void {
  const { data } = ctx;
  const values: Json = {};
  const children: PendingChild[] = [];
  collectValues(ctx, table, body, values, children, 'update');
  const store = data.store(table);
  for (const [k, v] of Object.entries(values)) store.set(r, k, v);
  stampModified(ctx, table, r);
  for (const child of children) linkChild(ctx, child, store.ids[r], table);
}

export function stampModified(ctx: WriteContext, table: TableDef, r: number): void {
  const store = ctx.data.store(table);
  if (ctx.data.registry.column(table, 'modifiedon')) store.set(r, 'modifiedon', ctx.now);
  if (ctx.data.registry.column(table, 'modifiedby')) store.set(r, 'modifiedby', ctx.user.systemuserId);
  ctx.data.derive(table, store, r);
}

function defaultValues(ctx: WriteContext, table: TableDef, values: Json): Json {
  const { data, user, now } = ctx;
  const has = (name: string) => data.registry.column(table, name) !== undefined;
  const d: Json = {};
  if (has('createdon')) Object.assign(d, { createdon: now, modifiedon: now, createdby: user.systemuserId, modifiedby: user.systemuserId });
  if (has('ownerid') && values.ownerid === undefined) {
    Object.assign(d, { ownerid: user.systemuserId, [targetKey('ownerid')]: 'systemuser' });
  }
  if (has('owningbusinessunit')) d.owningbusinessunit = user.businessUnitId;
  if (has('transactioncurrencyid') && values.transactioncurrencyid === undefined) d.transactioncurrencyid = data.baseCurrencyId;
  const state = data.registry.column(table, 'statecode');
  if (state && values.statecode === undefined) d.statecode = state.options?.[0]?.value ?? 0;
  const status = data.registry.column(table, 'statuscode');
  if (status && values.statuscode === undefined) {
    const stateValue = (values.statecode ?? d.statecode) as number;
    const option = status.options?.find((o) => o.state === stateValue) ?? status.options?.[0];
    if (option) d.statuscode = option.value;
  }
  if (table.logicalName === 'systemuser') d.isdisabled = false;
  return d;
}

function collectValues(ctx: WriteContext, table: TableDef, body: Json, values: Json, children: PendingChild[], mode: 'create' | 'update'): void {
  const { data } = ctx;
  const registry = data.registry;
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.')) continue;
    const at = key.indexOf('@');
    if (at >= 0) {
      const name = key.slice(0, at);
      const annotation = key.slice(at + 1);
      if (annotation !== 'odata.bind') continue;
      bindLookup(ctx, table, name, value, values, children);
      continue;
    }
    const column = registry.column(table, key);
    if (!column || isLookup(column)) {
      const single = registry.singleNav(table, key);
      const collection = registry.collectionNav(table, key);
      if (single && value && typeof value === 'object' && !Array.isArray(value)) {
        // Deep insert of a single-valued related row.
        const target = registry.table(single.target);
        const r = createRecord(ctx, target, value as Json);
        values[single.column.logicalName] = data.store(target).ids[r];
        if ((single.column.targets?.length ?? 0) > 1) values[targetKey(single.column.logicalName)] = single.target;
        continue;
      }
      if (collection && Array.isArray(value)) {
        for (const item of value) children.push({ table: collection.child, column: collection.column, body: item as Json });
        continue;
      }
      throw dataverseErrors.invalidBodyProperty(key, table.logicalName);
    }
    // The primary key is taken from the URL or generated; on update it cannot change.
    if (column.logicalName === table.primaryIdAttribute) continue;
    if (column.computed) continue;
    if (mode === 'create' ? !column.validForCreate : !column.validForUpdate) continue;
    values[column.logicalName] = convertValue(column, value, table);
  }
}

function bindLookup(ctx: WriteContext, table: TableDef, navName: string, value: unknown, values: Json, children: PendingChild[]): void {
  const { data } = ctx;
  const registry = data.registry;
  const single = registry.singleNav(table, navName);
  const collection = registry.collectionNav(table, navName);
  if (!single && !collection) throw dataverseErrors.undeclaredProperty(navName, table.entitySetName);
  if (collection) {
    // `Account_Tasks@odata.bind: ["/tasks(<id>)"]` points existing children at this row after it exists.
    for (const ref of Array.isArray(value) ? value : []) {
      const { table: childTable, id } = resolveReference(ctx, String(ref));
      if (childTable.storage !== collection.child.storage) throw dataverseErrors.badRequest(`Invalid reference '${ref}'.`);
      children.push({ table: collection.child, column: collection.column, existingId: id });
    }
    return;
  }
  const nav = single!;
  const column = nav.column;
  const polymorphic = (column.targets?.length ?? 0) > 1;
  if (value === null) {
    // Binding null on one navigation property of a polymorphic lookup clears the lookup.
    values[column.logicalName] = null;
    if (polymorphic) values[targetKey(column.logicalName)] = null;
    return;
  }
  const { table: target, id } = resolveReference(ctx, String(value));
  // One navigation property may serve several targets (`ownerid` binds a systemuser or a team).
  const allowed = nav.target === target.logicalName || (column.navs?.[target.logicalName]?.includes(navName) ?? false) || (nav.target === 'activitypointer' && target.isActivity);
  if (!allowed) {
    throw dataverseErrors.badRequest(
      `An error occurred while validating input parameters: Microsoft.OData.ODataException: The navigation property '${navName}' expects '${nav.target}' but the reference is a '${target.logicalName}'.`,
    );
  }
  if (data.findRow(target, id) < 0) throw dataverseErrors.recordNotFound(target.logicalName, id);
  values[column.logicalName] = id;
  if (polymorphic) values[targetKey(column.logicalName)] = target.logicalName;
}

/** `/accounts(<id>)`, `accounts(<id>)` or a full URL. */
export function resolveReference(ctx: WriteContext, ref: string): { table: TableDef; id: string } {
  const path = ref.replace(/^https?:\/\/[^/]+/, '').replace(/^.*\/api\/data\/v[0-9.]+\//, '').replace(/^\//, '');
  const segment = parseSegments(path)[0];
  const table = segment ? ctx.data.registry.bySet.get(segment.name) : undefined;
  const id = segment?.key ? parseGuid(segment.key) : undefined;
  if (!table || !id) throw dataverseErrors.badRequest(`The entity reference '${ref}' is not valid.`);
  return { table, id };
}

function convertValue(column: ColumnDef, value: unknown, table: TableDef): unknown {
  if (value === null) return null;
  const invalid = (edm: string) =>
    dataverseErrors.badRequest(`Cannot convert the literal '${String(value)}' to the expected type '${edm}'.`);
  switch (column.type) {
    case 'String':
    case 'Memo':
      if (typeof value !== 'string') throw invalid('Edm.String');
      if (column.maxLength !== undefined && value.length > column.maxLength) {
        throw new DataverseError(
          400,
          '0x80044331',
          `A validation error occurred. The length of the '${column.logicalName}' attribute of the '${table.logicalName}' entity exceeded the maximum allowed length of '${column.maxLength}'.`,
        );
      }
      return value === '' ? null : value;
    case 'Integer':
    case 'BigInt':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('Edm.Int32');
      return value;
    case 'Decimal':
    case 'Money':
      if (typeof value !== 'number') throw invalid('Edm.Decimal');
      return value;
    case 'Boolean':
      if (typeof value !== 'boolean') throw invalid('Edm.Boolean');
      return value;
    case 'Picklist':
    case 'State':
    case 'Status':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('Edm.Int32');
      if (column.options && !column.options.some((o) => o.value === value)) {
        throw new DataverseError(
          400,
          '0x8004431a',
          `A validation error occurred. The value ${value} of '${column.logicalName}' on record of type '${table.logicalName}' is outside the valid range.`,
        );
      }
      return value;
    case 'DateTime': {
      if (typeof value !== 'string') throw invalid(column.dateOnly ? 'Edm.Date' : 'Edm.DateTimeOffset');
      const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
      if (Number.isNaN(ms)) throw invalid(column.dateOnly ? 'Edm.Date' : 'Edm.DateTimeOffset');
      return column.dateOnly ? new Date(ms).toISOString().slice(0, 10) : Math.floor(ms / 1000) * 1000;
    }
    case 'Uniqueidentifier': {
      const guid = typeof value === 'string' ? parseGuid(value) : undefined;
      if (!guid) throw invalid('Edm.Guid');
      return guid;
    }
    default:
      return value;
  }
}
