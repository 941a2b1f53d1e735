import type { EmulatedOrganization } from '../world';
import { TableStore } from './store/table-store';
import { ColumnDef, isLookup, TableDef } from './tables/table-descriptor';
import { TableRegistry } from './tables/table-registry';

/** The storage key of a polymorphic lookup's target table. */
export const targetKey = (column: string): string => `${column}@target`;

const targetKeys = new WeakMap<ColumnDef, string>();
const ROW_CACHE_LIMIT = 20_000;
const ROW_CACHE_SHAPES = 16;

/** One organization's tables, rows and counters. */
export class OrgData {
  readonly stores = new Map<string, TableStore>();
  private version: number;
  private inTransaction = false;
  private cacheVersion = -1;
  private readonly rowCaches = new Map<string, Map<number, Buffer>>();
  baseCurrencyId = '';
  readonly globalMetadataVersion: string;

  constructor(
    readonly org: EmulatedOrganization,
    readonly registry: TableRegistry,
    readonly customizationPrefix: string,
    versionStart = 1_000_000,
  ) {
    this.version = versionStart;
    this.globalMetadataVersion = String(84_000_000 + (versionStart % 1_000_000));
    for (const t of registry.tables) if (!this.stores.has(t.storage)) this.stores.set(t.storage, new TableStore(t.storage));
  }

  /**
   * Runs `fn` atomically: if it throws, every row change it made is undone (a `$batch` change set is all or nothing).
   * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api#change-sets
   */
  transaction<T>(fn: () => T, failed: (result: T) => boolean = () => false): T {
    // Inside a transaction (an action in a change set) the outer one undoes everything if anything fails.
    if (this.inTransaction) return fn();
    this.inTransaction = true;
    const shared: Array<() => void> = [];
    for (const store of this.stores.values()) store.journal = shared;
    let ok = false;
    try {
      const result = fn();
      ok = !failed(result);
      return result;
    } finally {
      this.inTransaction = false;
      for (const store of this.stores.values()) store.journal = undefined;
      if (!ok) for (let i = shared.length - 1; i >= 0; i--) shared[i]();
    }
  }

  nextVersion(): number {
    return ++this.version;
  }

  /** The latest row version handed out (the change-tracking watermark). */
  get currentVersion(): number {
    return this.version;
  }

  /**
   * Serialized rows by response shape, valid until the next write anywhere in the org (a renamed account changes
   * its contacts' formatted lookup values). Repeated reads of the same page, the common case of UIs and
   * benchmarks, then cost a lookup per row instead of formatting.
   */
  rowCache(signature: string): Map<number, Buffer> {
    if (this.cacheVersion !== this.version) {
      this.rowCaches.clear();
      this.cacheVersion = this.version;
    }
    let cache = this.rowCaches.get(signature);
    if (!cache || cache.size > ROW_CACHE_LIMIT) {
      if (!cache && this.rowCaches.size >= ROW_CACHE_SHAPES) this.rowCaches.delete(this.rowCaches.keys().next().value as string);
      cache = new Map();
      this.rowCaches.set(signature, cache);
    }
    return cache;
  }

  store(table: TableDef): TableStore {
    return this.stores.get(table.storage)!;
  }

  /** Whether row `r` of the table's store belongs to `table` (activities of another type do not). */
  belongs(table: TableDef, store: TableStore, r: number): boolean {
    if (store.alive[r] !== 1) return false;
    return table.activityTypeCode === undefined || store.get(r, 'activitytypecode') === table.activityTypeCode;
  }

  findRow(table: TableDef, id: string): number {
    const store = this.store(table);
    const r = store.find(id);
    return r >= 0 && this.belongs(table, store, r) ? r : -1;
  }

  /** The concrete table of an activity row (for activitypointer rows). */
  concreteTable(table: TableDef, store: TableStore, r: number): TableDef {
    if (table.logicalName !== 'activitypointer') return table;
    return this.registry.byName.get(String(store.get(r, 'activitytypecode'))) ?? table;
  }

  lookupTarget(column: ColumnDef, store: TableStore, r: number): string | null {
    if (!column.targets || column.targets.length === 1) return column.targets?.[0] ?? null;
    let key = targetKeys.get(column);
    if (key === undefined) targetKeys.set(column, (key = targetKey(column.logicalName)));
    return (store.get(r, key) as string | null) ?? null;
  }

  /** The primary name of a row, for lookup formatted values. */
  primaryName(tableName: string, id: string): string | null {
    const table = this.registry.byName.get(tableName);
    if (!table) return null;
    const store = this.store(table);
    const r = store.find(id);
    if (r < 0 || store.alive[r] !== 1) return null;
    return (store.get(r, table.primaryNameAttribute) as string | null) ?? null;
  }

  /** Creates a row with the derived columns Dataverse maintains (fullname, composite address, version, …). */
  insertRow(table: TableDef, id: string, values: Record<string, unknown>): number {
    const store = this.store(table);
    const r = store.insert(id, values);
    if (table.activityTypeCode) store.set(r, 'activitytypecode', table.activityTypeCode);
    this.derive(table, store, r);
    return r;
  }

  /** Recomputes derived columns after a write and stamps a new version. */
  derive(table: TableDef, store: TableStore, r: number): void {
    const names = columnNames(table);
    if (names.has('fullname') && names.has('firstname')) {
      const full = [store.get(r, 'firstname'), store.get(r, 'lastname')].filter((v) => v).join(' ');
      store.set(r, 'fullname', full || null);
    }
    if (names.has('address1_composite')) store.set(r, 'address1_composite', compositeAddress(store, r));
    // Money columns keep their value in the base currency beside them (one currency here, exchange rate 1).
    for (const [money, base] of baseCurrencyPairs(table)) {
      const v = store.get(r, money);
      if (v !== null || store.get(r, base) !== null) store.set(r, base, v);
    }
    if (table.logicalName === 'annotation') {
      const body = store.get(r, 'documentbody') as string | null;
      store.set(r, 'filesize', body ? Buffer.byteLength(body, 'base64') : null);
      store.set(r, 'isdocument', Boolean(body));
      store.set(r, 'objecttypecode', store.get(r, targetKey('objectid')));
    }
    if (table.logicalName === 'activityparty') {
      const target = store.get(r, targetKey('partyid')) as string | null;
      const id = store.get(r, 'partyid') as string | null;
      store.set(r, 'partyidname', target && id ? this.primaryName(target, id) : null);
    }
    store.set(r, 'versionnumber', this.nextVersion());
  }

  setLookup(store: TableStore, r: number, column: ColumnDef, target: string | null, id: string | null): void {
    store.set(r, column.logicalName, id ? id.toLowerCase() : null);
    if (column.targets && column.targets.length > 1) store.set(r, targetKey(column.logicalName), id ? target : null);
  }

  lookupColumns(table: TableDef): ColumnDef[] {
    return table.columns.filter(isLookup);
  }
}

const namesCache = new WeakMap<TableDef, Set<string>>();
function columnNames(table: TableDef): Set<string> {
  let names = namesCache.get(table);
  if (!names) namesCache.set(table, (names = new Set(table.columns.map((c) => c.logicalName))));
  return names;
}

const pairsCache = new WeakMap<TableDef, Array<[string, string]>>();
function baseCurrencyPairs(table: TableDef): Array<[string, string]> {
  let pairs = pairsCache.get(table);
  if (!pairs) {
    const names = columnNames(table);
    pairs = table.columns
      .filter((c) => c.type === 'Money' && !c.logicalName.endsWith('_base') && names.has(`${c.logicalName}_base`))
      .map((c) => [c.logicalName, `${c.logicalName}_base`]);
    pairsCache.set(table, pairs);
  }
  return pairs;
}

function compositeAddress(store: TableStore, r: number): string | null {
  const line = (k: string) => (store.get(r, `address1_${k}`) as string | null) ?? '';
  const cityLine = [line('city'), [line('stateorprovince'), line('postalcode')].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const parts = [line('line1'), line('line2'), cityLine, line('country')].filter(Boolean);
  return parts.length ? parts.join('\r\n') : null;
}
