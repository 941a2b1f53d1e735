import { compileFilter } from '../odata/filter-compiler';
import { ExpandItem } from '../odata/query-options';
import { columnReader, QueryScope, TableScope } from '../odata/query-context';
import { compileComparator } from '../odata/row-order';
import { ColumnDef, isLookup, lookupProperty, TableDef } from '../tables/table-descriptor';
import { AnnotationSelection, ASSOCIATED_NAV, FORMATTED, LOOKUP_LOGICAL_NAME } from './annotation-preference';
import { formatDate, formatDateTime, formatDecimal, formatInteger, formatMoney, isoDateTime } from './formatters';

/**
 * Turns stored rows into Dataverse JSON: `@odata.etag` first, each annotation right before its property, the selected
 * columns in order, then the primary key, then the columns Dataverse adds on its own (`_transactioncurrencyid_value`
 * with money). Compiled once per request into a list of emitters that write JSON text directly (no intermediate
 * objects: a 5,000-row page is the hot path of every sync).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/select-columns
 */
export type RowJson = Record<string, unknown>;
/** Returns `,"name":value` members (each with a leading comma; the row writer drops the first). */
type Emitter = (r: number) => string;

export interface RowSerializer {
  /** The row as JSON text. */
  json(r: number): string;
  /** Appends the row's JSON text to `parts` (one join for a whole page is cheaper than one per row). */
  write(r: number, parts: string[]): void;
  /** The row as an object (single-record responses). */
  object(r: number): RowJson;
}

const member = (name: string): string => `,${JSON.stringify(name)}:`;
const jsonValue = (v: unknown): string => (v === null || v === undefined ? 'null' : typeof v === 'string' ? JSON.stringify(v) : String(v));

export interface SerializeOptions {
  select?: ColumnDef[];
  expand: ExpandItem[];
  annotations: AnnotationSelection;
  etag: boolean;
}

export function compileRowSerializer(scope: QueryScope & TableScope, options: SerializeOptions): RowSerializer {
  const { table, data } = scope;
  const pk = data.registry.column(table, table.primaryIdAttribute)!;
  const columns = options.select ?? data.registry.readableColumns(table).filter((c) => c !== pk);
  const emitted = [...columns.filter((c) => c !== pk), pk];
  if (options.select) {
    const names = new Set(emitted.map((c) => c.logicalName));
    // Money columns bring the currency lookup; the first address line brings the composite address.
    if (emitted.some((c) => c.type === 'Money') && !names.has('transactioncurrencyid')) {
      const currency = data.registry.column(table, 'transactioncurrencyid');
      if (currency) emitted.push({ ...currency, logicalName: currency.logicalName });
    }
    if (names.has('address1_line1') && !names.has('address1_composite')) {
      const composite = data.registry.column(table, 'address1_composite');
      if (composite) emitted.push(composite);
    }
  }
  const emitters: Emitter[] = [];
  if (options.etag) {
    const versions = scope.store;
    emitters.push((r) => `,"@odata.etag":"W/\\"${versions.get(r, 'versionnumber') ?? 0}\\""`);
  }
  for (const c of emitted) emitters.push(columnEmitter(scope, c, options.annotations));
  for (const e of options.expand) emitters.push(expandEmitter(scope, e, options.annotations));
  // Concatenation builds a rope that is flattened once, cheaper than an array of small strings and a join.
  const json = (r: number): string => {
    let members = '';
    for (let i = 0; i < emitters.length; i++) members += emitters[i](r);
    return `{${members.substring(1)}}`;
  };
  const write = (r: number, parts: string[]): void => {
    parts.push(json(r));
  };
  return {
    json,
    write,
    object: (r) => JSON.parse(json(r)) as RowJson,
  };
}

function columnEmitter(scope: QueryScope & TableScope, c: ColumnDef, a: AnnotationSelection): Emitter {
  const { data, store } = scope;
  const read = columnReader(scope, c);
  const name = c.logicalName;
  if (isLookup(c)) {
    const prop = lookupProperty(name);
    const valueKey = member(prop);
    const fProp = member(`${prop}@${FORMATTED}`);
    const navProp = member(`${prop}@${ASSOCIATED_NAV}`);
    const lnProp = member(`${prop}@${LOOKUP_LOGICAL_NAME}`);
    const polymorphic = (c.targets?.length ?? 0) > 1;
    // Per target: its store and the constant annotation members.
    const perTarget = new Map(
      (c.targets ?? []).filter((t) => data.registry.byName.has(t)).map((t) => {
        const targetTable = data.registry.table(t);
        const nav = a.associatedNav && polymorphic ? `${navProp}${JSON.stringify(data.registry.navFor(c, t) ?? name)}` : '';
        const logical = a.lookupLogicalName ? `${lnProp}${JSON.stringify(t)}` : '';
        return [t, { store: data.store(targetTable), nameColumn: targetTable.primaryNameAttribute, nav, logical }] as const;
      }),
    );
    const nullMember = `${valueKey}null`;
    return (r) => {
      const id = read(r) as string | null;
      if (id === null) return nullMember;
      const target = data.lookupTarget(c, store, r);
      const t = target ? perTarget.get(target) : undefined;
      let out = '';
      if (t) {
        if (a.formatted) {
          const tr = t.store.find(id);
          const label = tr >= 0 && t.store.alive[tr] === 1 ? t.store.get(tr, t.nameColumn) : null;
          if (label !== null) out += fProp + JSON.stringify(label);
        }
        out += t.nav + t.logical;
      }
      return `${out}${valueKey}"${id}"`;
    };
  }
  const fProp = member(`${name}@${FORMATTED}`);
  const valueKey = member(name);
  const format = a.formatted ? formatter(scope, c) : undefined;
  const value = valueOf(c);
  const nullMember = `${valueKey}null`;
  return (r) => {
    const v = read(r);
    if (v === null) return nullMember;
    if (format) {
      const f = format(v, r);
      if (f !== null) return fProp + JSON.stringify(f) + valueKey + value(v);
    }
    return valueKey + value(v);
  };
}

function valueOf(c: ColumnDef): (v: unknown) => string {
  if (c.type === 'DateTime' && !c.dateOnly) return (v) => `"${isoDateTime(v as number)}"`;
  return jsonValue;
}

function formatter(scope: QueryScope & TableScope, c: ColumnDef): ((v: unknown, r: number) => string | null) | undefined {
  const { data, store, table } = scope;
  switch (c.type) {
    case 'Money':
      return (v) => formatMoney(v as number);
    case 'Integer':
      return (v) => formatInteger(v as number);
    case 'Decimal':
    case 'Double':
      return (v) => formatDecimal(v as number, c.precision ?? 2);
    case 'DateTime':
      return c.dateOnly ? (v) => formatDate(v as string) : (v) => formatDateTime(v as number);
    case 'Boolean':
      return (v) => (c.booleanLabels ?? ['No', 'Yes'])[v ? 1 : 0];
    case 'Picklist':
    case 'State':
    case 'Status': {
      const labels = new Map((c.options ?? []).map((o) => [o.value, o.label]));
      if (table.logicalName !== 'activitypointer') return (v) => labels.get(v as number) ?? null;
      // activitypointer rows take their labels from their concrete activity type.
      return (v, r) => {
        const concrete = data.concreteTable(table, store, r);
        const own = data.registry.column(concrete, c.logicalName);
        return own?.options?.find((o) => o.value === v)?.label ?? labels.get(v as number) ?? null;
      };
    }
    case 'EntityName':
      return (v) => data.registry.byName.get(v as string)?.displayName ?? (v as string);
    case 'MultiSelectPicklist': {
      const labels = new Map((c.options ?? []).map((o) => [String(o.value), o.label]));
      return (v) => String(v).split(',').map((x) => labels.get(x) ?? x).join('; ');
    }
    default:
      return undefined;
  }
}

function expandEmitter(scope: QueryScope & TableScope, e: ExpandItem, a: AnnotationSelection): Emitter {
  const { data } = scope;
  const targetScope = { ...scope, table: e.table, store: data.store(e.table) };
  if (e.single) {
    const read = columnReader(scope, e.single.column);
    const target = e.single.target;
    const column = e.single.column;
    const nested = compileRowSerializer(targetScope, { select: e.select, expand: e.expand, annotations: a, etag: false });
    const key = member(e.name);
    return (r) => {
      const id = read(r) as string | null;
      const actualTarget = id ? data.lookupTarget(column, scope.store, r) : null;
      const tr = id && actualTarget === target ? data.findRow(e.table, id) : -1;
      return key + (tr >= 0 ? nested.json(tr) : 'null');
    };
  }
  // One-to-many: rows of the child table whose lookup points at this row.
  const nav = e.collection!;
  const nested = compileRowSerializer(targetScope, { select: e.select, expand: e.expand, annotations: a, etag: true });
  const predicate = e.filter ? compileFilter(e.filter, targetScope, new Map()) : undefined;
  const comparator = e.orderby?.length ? compileComparator(targetScope, e.orderby) : undefined;
  let index: Map<string, number[]> | undefined;
  const childTable: TableDef = nav.child;
  const key = member(e.name);
  return (r) => {
    if (!index) {
      index = new Map();
      const childStore = targetScope.store;
      for (const cr of childStore.order) {
        if (!data.belongs(childTable, childStore, cr)) continue;
        const parent = childStore.get(cr, nav.column.logicalName) as string | null;
        if (!parent) continue;
        const target = data.lookupTarget(nav.column, childStore, cr);
        if (target !== scope.table.logicalName && scope.table.logicalName !== 'activitypointer') continue;
        const list = index.get(parent);
        if (list) list.push(cr);
        else index.set(parent, [cr]);
      }
    }
    let rows = (index.get(scope.store.ids[r]) ?? []).filter((cr) => !predicate || predicate(cr));
    if (comparator) rows = rows.sort(comparator);
    if (e.top !== undefined) rows = rows.slice(0, e.top);
    return `${key}[${rows.map(nested.json).join(',')}]`;
  };
}
