import { REFERENCE_TABLES, ReferenceColumn, ReferenceTable } from './reference-schema';
import { AttributeType, ColumnDef, OptionDef, RequiredLevel, TableDef } from './table-descriptor';

/**
 * Completes the emulator's table descriptors with Microsoft's entity reference: every column the reference lists
 * (type, length, range, required level, writability, options, state/status pairs, lookup targets) and the navigation
 * properties of its relationships. A column declared in `crm-tables.ts` keeps what the reference does not print
 * (display name, computed columns, create-only flags) and takes the reference's facts.
 *
 * The powerapps-docs pages describe an org without the Sales app, so relationships between the Sales tables (lead,
 * opportunity) and account, contact or the activities are taken from whichever side prints them; targets and
 * navigation properties declared in `crm-tables.ts` for a Sales org (regarding a lead or opportunity) stay.
 */
export function withReference(tables: TableDef[]): TableDef[] {
  const known = new Set(tables.map((t) => t.logicalName));
  const collections = collectionNavIndex();
  return tables.map((t) => {
    const ref = REFERENCE_TABLES.get(t.logicalName);
    return ref ? mergeTable(t, ref, known, collections) : t;
  });
}

const OWNER_TARGETS = ['systemuser', 'team'];

/** Types the Web API exposes as no property of the entity type (parties are activityparty rows; images are streams). */
const NOT_PROPERTIES = new Set(['PartyList', 'Image', 'File']);

const TYPES: Record<string, AttributeType> = {
  String: 'String', Memo: 'Memo', Integer: 'Integer', BigInt: 'BigInt', Decimal: 'Decimal', Double: 'Double',
  Money: 'Money', Boolean: 'Boolean', DateTime: 'DateTime', Picklist: 'Picklist', State: 'State', Status: 'Status',
  Lookup: 'Lookup', Customer: 'Customer', Owner: 'Owner', PartyList: 'PartyList', Uniqueidentifier: 'Uniqueidentifier',
  EntityName: 'EntityName', Image: 'Image', File: 'File',
};

/** `<referencing table>.<lookup column>.<referenced table>` → the collection-valued navigation property. */
function collectionNavIndex(): Map<string, string> {
  const index = new Map<string, string>();
  // A relationship's collection property is named like the relationship unless the referenced side says otherwise.
  for (const ref of REFERENCE_TABLES.values()) {
    for (const m of ref.many_to_one) {
      for (const target of referencedTables(m.referenced_entity)) {
        index.set(`${ref.table}.${m.referencing_attribute}.${target}`, m.schema_name);
      }
    }
  }
  for (const ref of REFERENCE_TABLES.values()) {
    for (const o of ref.one_to_many ?? []) {
      index.set(`${o.referencing_entity}.${o.referencing_attribute}.${ref.table}`, o.navigation_property);
    }
  }
  return index;
}

const referencedTables = (entity: string): string[] => (entity === 'owner' ? OWNER_TARGETS : [entity]);

function mergeTable(t: TableDef, ref: ReferenceTable, known: Set<string>, collections: Map<string, string>): TableDef {
  const navs = new Map<string, Record<string, string[]>>();
  for (const m of ref.many_to_one) {
    const perTarget = navs.get(m.referencing_attribute) ?? {};
    for (const target of referencedTables(m.referenced_entity)) {
      if (known.has(target)) (perTarget[target] ??= []).push(m.navigation_property);
    }
    navs.set(m.referencing_attribute, perTarget);
  }
  const declared = new Map(t.columns.map((c) => [c.logicalName, c]));
  const fromReference = new Map(
    ref.columns.map((rc) => [rc.name, referenceColumn(t, rc, navs.get(rc.name) ?? {}, known, collections)] as const),
  );
  const merged = t.columns.map((c) => {
    const r = fromReference.get(c.logicalName);
    if (!r) return c;
    const o = overlay(c, r);
    // Targets only the declared column has (a Sales org's lead) find their collection name on the other side too.
    if (o.targets) o.reverseNavs = { ...o.reverseNavs, ...reverseNavs(t, o.logicalName, o.targets, known, collections) };
    return o;
  });
  const added = [...fromReference.values()].filter((c) => !declared.has(c.logicalName));
  // A lookup's `…name` / `…yominame` columns are logical attributes of the lookup: the Web API gives the name as the
  // lookup's formatted value instead.
  const lookups = new Set(ref.columns.filter((rc) => rc.targets).map((rc) => rc.name));
  for (const c of added) {
    const of = c.logicalName.replace(/(yomi)?name$/, '');
    if (of !== c.logicalName && lookups.has(of)) c.webApi = false;
  }
  return { ...t, schemaName: ref.schema_name, columns: [...merged, ...added] };
}

function referenceColumn(
  t: TableDef,
  rc: ReferenceColumn,
  navs: Record<string, string[]>,
  known: Set<string>,
  collections: Map<string, string>,
): ColumnDef {
  const type = TYPES[rc.type] ?? 'String';
  const c: ColumnDef = {
    logicalName: rc.name,
    schemaName: rc.schema_name,
    type,
    displayName: rc.schema_name,
    requiredLevel: rc.required as RequiredLevel,
    validForCreate: rc.writable,
    validForUpdate: rc.writable,
    isCustom: false,
    computed: !rc.writable,
  };
  if (NOT_PROPERTIES.has(rc.type) || rc.valid_for_read === false) c.webApi = false;
  if (rc.valid_for_read === false) c.validForRead = false;
  if (rc.max_length !== undefined) c.maxLength = rc.max_length;
  if (rc.min !== undefined) c.minValue = rc.min;
  if (rc.max !== undefined) c.maxValue = rc.max;
  if (rc.precision !== undefined) c.precision = rc.precision;
  if (rc.format !== undefined) c.format = rc.format;
  if (type === 'DateTime') c.dateOnly = rc.datetime_behavior === 'DateOnly';
  if (type === 'Boolean' && rc.options) {
    const labelOf = (v: number) => rc.options?.find((o) => o.value === v)?.label ?? '';
    c.booleanLabels = [labelOf(0), labelOf(1)];
    c.defaultValue = rc.default_value ?? false;
  } else if (rc.options) {
    c.options = rc.options.map((o): OptionDef => {
      const state = rc.state_of?.[String(o.value)];
      const defaultStatus = rc.default_status?.[String(o.value)];
      return { value: o.value, label: o.label, ...(state !== undefined && { state }), ...(defaultStatus !== undefined && { defaultStatus }) };
    });
  }
  if (rc.targets) {
    c.targets = rc.targets;
    c.navs = navs;
    c.reverseNavs = reverseNavs(t, rc.name, rc.targets, known, collections);
  }
  return c;
}

function reverseNavs(t: TableDef, column: string, targets: string[], known: Set<string>, collections: Map<string, string>): Record<string, string> {
  return Object.fromEntries(
    targets.filter((target) => known.has(target)).flatMap((target) => {
      const name = collections.get(`${t.logicalName}.${column}.${target}`);
      return name ? [[target, name]] : [];
    }),
  );
}

/** A declared column with the reference's facts; targets and navigation properties are the union of both. */
function overlay(declared: ColumnDef, ref: ColumnDef): ColumnDef {
  const c: ColumnDef = {
    ...declared,
    schemaName: ref.schemaName,
    requiredLevel: ref.requiredLevel,
    validForCreate: declared.validForCreate && ref.validForCreate,
    validForUpdate: declared.validForUpdate && ref.validForUpdate,
  };
  for (const key of ['maxLength', 'minValue', 'maxValue', 'precision', 'format', 'options', 'booleanLabels', 'defaultValue'] as const) {
    if (ref[key] !== undefined) (c as unknown as Record<string, unknown>)[key] = ref[key];
  }
  if (ref.type === 'DateTime' && declared.type === 'DateTime') c.dateOnly = ref.dateOnly;
  if (ref.targets) {
    c.targets = [...new Set([...ref.targets, ...(declared.targets ?? [])])];
    c.navs = { ...declared.navs, ...ref.navs };
    c.reverseNavs = { ...declared.reverseNavs, ...ref.reverseNavs };
  }
  return c;
}
