import { randomUUID } from 'node:crypto';
import { DataverseError, dataverseErrors } from '../errors/dataverse-error';
import { OrgData, targetKey } from '../org-data';
import { ColumnDef, isLookup, TableDef } from '../tables/table-descriptor';
import { parseGuid, parseSegments } from '../web-api/resource-path';
import { checkPartyMask } from './party-masks';
import { checkAttachmentSize } from './attachment-limit';
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
  if (table.logicalName === 'annotation') checkAttachmentSize(data, values.documentbody);
  for (const child of children) if (child.body && child.table.logicalName === 'activityparty') checkPartyMask(table, child.body.participationtypemask);
  const defaults = defaultValues(ctx, table, values);
  checkStateTransition(table, null, values, defaults.statecode as number | undefined);
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
  if (table.logicalName === 'annotation') checkAttachmentSize(data, values.documentbody);
  for (const child of children) if (child.body && child.table.logicalName === 'activityparty') checkPartyMask(table, child.body.participationtypemask);
  const store = data.store(table);
  checkStateTransition(table, store.get(r, 'statecode') as number | null, values, undefined, store.ids[r]);
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
  if (state && status && values.statuscode === undefined) {
    d.statuscode = defaultStatus(state, status, (values.statecode ?? d.statecode) as number);
  }
  for (const c of booleanDefaults(table)) if (values[c.logicalName] === undefined) d[c.logicalName] = c.defaultValue;
  if (table.logicalName === 'systemuser') d.isdisabled = false;
  return d;
}

/** The status a row gets when only its state is given (the reference's DefaultStatus, else the state's first). */
function defaultStatus(state: ColumnDef, status: ColumnDef, stateValue: number): number | undefined {
  const byState = state.options?.find((o) => o.value === stateValue)?.defaultStatus;
  return byState ?? (status.options?.find((o) => o.state === stateValue) ?? status.options?.[0])?.value;
}

const booleanDefaultsCache = new WeakMap<TableDef, ColumnDef[]>();
/** Boolean columns valid for create: a create without them stores their default, as Dataverse does. */
function booleanDefaults(table: TableDef): ColumnDef[] {
  let list = booleanDefaultsCache.get(table);
  if (!list) {
    list = table.columns.filter((c) => c.type === 'Boolean' && c.defaultValue !== undefined && c.validForCreate && c.webApi !== false);
    booleanDefaultsCache.set(table, list);
  }
  return list;
}

/**
 * Tables whose closing states only an action reaches; a PATCH of `statecode` to them is refused.
 * https://learn.microsoft.com/dynamics365/customer-engagement/web-api/winopportunity
 */
const ACTION_STATES: Record<string, Record<number, string>> = {
  opportunity: { 1: 'WinOpportunity', 2: 'LoseOpportunity' },
  lead: { 1: 'QualifyLead' },
};

/**
 * A `statuscode` must belong to the row's `statecode` (the new one if the write sets it); a `statecode` alone brings
 * its default status. Opportunities are won or lost, and leads qualified, only through their actions.
 */
function checkStateTransition(table: TableDef, current: number | null, values: Json, defaultState?: number, id?: string): void {
  const state = table.columns.find((c) => c.type === 'State');
  const status = table.columns.find((c) => c.type === 'Status');
  if (!state || !status || (values.statecode === undefined && values.statuscode === undefined)) return;
  const newState = (values.statecode ?? current ?? defaultState ?? 0) as number;
  const action = ACTION_STATES[table.logicalName]?.[newState];
  if (action && values.statecode !== undefined && values.statecode !== current) {
    const stateLabel = state.options?.find((o) => o.value === newState)?.label ?? String(newState);
    throw new DataverseError(
      400,
      '0x80100005',
      `This message can not be used to set the state of ${table.logicalName} to ${stateLabel}. In order to set state of ${table.logicalName} to ${stateLabel}, use the ${action} message instead.`,
    );
  }
  if (values.statuscode === undefined || values.statuscode === null) {
    values.statuscode = defaultStatus(state, status, newState);
    return;
  }
  const option = status.options?.find((o) => o.value === values.statuscode);
  if (option && option.state !== undefined && option.state !== newState) {
    const stateOption = state.options?.find((o) => o.value === newState);
    const enumName = `${table.schemaName}State.${(stateOption?.label ?? String(newState)).replace(/\s+/g, '')}`;
    throw new DataverseError(
      400,
      '0x80040203',
      `${String(values.statuscode)} is not a valid status code for state code ${enumName} on ${table.logicalName}${id ? ` with Id ${id}` : ''}.`,
    );
  }
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
    if (column?.webApi === false) throw dataverseErrors.invalidBodyProperty(key, table.logicalName);
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
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(column.type === 'BigInt' ? 'Edm.Int64' : 'Edm.Int32');
      return inRange(column, value, table);
    case 'Decimal':
    case 'Money':
    case 'Double':
      if (typeof value !== 'number') throw invalid(column.type === 'Double' ? 'Edm.Double' : 'Edm.Decimal');
      return inRange(column, value, table);
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
          `A validation error occurred. The value ${value} of '${column.logicalName}' on record of type '${table.logicalName}' is outside the valid range. Accepted Values: ${column.options.map((o) => o.value).join(',')}.`,
        );
      }
      return value;
    case 'MultiSelectPicklist': {
      // https://learn.microsoft.com/power-apps/developer/data-platform/multi-select-picklist
      const values = typeof value === 'string' ? value.split(',').map((v) => Number(v.trim())) : [];
      if (typeof value !== 'string' || values.some((v) => !Number.isInteger(v))) throw invalid('Edm.String');
      const bad = values.find((v) => !column.options?.some((o) => o.value === v));
      if (bad !== undefined) {
        throw new DataverseError(
          400,
          '0x8004431a',
          `A validation error occurred. The value ${bad} of '${column.logicalName}' on record of type '${table.logicalName}' is outside the valid range. Accepted Values: ${(column.options ?? []).map((o) => o.value).join(',')}.`,
        );
      }
      return values.length ? [...new Set(values)].join(',') : null;
    }
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

/** Numbers outside the column's MinValue / MaxValue are refused like an out-of-range choice. */
function inRange(column: ColumnDef, value: number, table: TableDef): number {
  if ((column.minValue !== undefined && value < column.minValue) || (column.maxValue !== undefined && value > column.maxValue)) {
    throw new DataverseError(
      400,
      '0x80040203',
      `A validation error occurred. The value ${value} of '${column.logicalName}' on record of type '${table.logicalName}' is outside the valid range.`,
    );
  }
  return value;
}
