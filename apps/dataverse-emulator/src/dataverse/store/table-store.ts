/**
 * Column-oriented rows of one physical table. Each column is one array indexed by row number, allocated only when a
 * value is first written, so 100,000 contacts cost a few arrays rather than 100,000 objects. Deleted rows stay as
 * holes (`alive[r] = 0`). `order` lists rows by primary key, which is the default sort and what paging walks.
 */
export class TableStore {
  readonly ids: string[] = [];
  alive = new Uint8Array(1024);
  private readonly columns = new Map<string, unknown[]>();
  private readonly index = new Map<string, number>();
  /** Row numbers sorted by id (lower-case GUID string order). */
  order: number[] = [];
  private bulk = false;
  liveCount = 0;
  /** Deleted rows and the org version of their deletion, for change tracking's `$deletedEntity` entries. */
  readonly tombstones = new Map<number, number>();
  /** While a change set runs: how to undo each change, newest last. */
  journal: Array<() => void> | undefined;

  constructor(readonly name: string) {}

  get rowCount(): number {
    return this.ids.length;
  }

  /** Start a bulk load: inserts append without keeping `order` sorted until `endBulk`. */
  beginBulk(): void {
    this.bulk = true;
  }

  endBulk(): void {
    this.bulk = false;
    const ids = this.ids;
    this.order = this.order.filter((r) => this.alive[r] === 1);
    this.order.sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  }

  find(id: string): number {
    return this.index.get(id) ?? this.index.get(id.toLowerCase()) ?? -1;
  }

  insert(id: string, values: Record<string, unknown>): number {
    const lower = id.toLowerCase();
    const r = this.ids.length;
    this.ids.push(lower);
    if (r >= this.alive.length) {
      const grown = new Uint8Array(this.alive.length * 2);
      grown.set(this.alive);
      this.alive = grown;
    }
    this.alive[r] = 1;
    this.liveCount++;
    this.index.set(lower, r);
    for (const key in values) {
      const v = values[key];
      if (v !== null && v !== undefined) this.set(r, key, v);
    }
    if (this.bulk) this.order.push(r);
    else this.order.splice(this.lowerBound(lower), 0, r);
    this.journal?.push(() => this.delete(r));
    return r;
  }

  delete(r: number): void {
    if (this.alive[r] !== 1) return;
    this.alive[r] = 0;
    this.liveCount--;
    this.index.delete(this.ids[r]);
    const pos = this.lowerBound(this.ids[r]);
    if (this.order[pos] === r) this.order.splice(pos, 1);
    this.journal?.push(() => this.restore(r));
  }

  /** Records when a row was deleted (after `delete`). */
  tombstone(r: number, version: number): void {
    this.tombstones.set(r, version);
    this.journal?.push(() => this.tombstones.delete(r));
  }

  private restore(r: number): void {
    this.alive[r] = 1;
    this.liveCount++;
    this.index.set(this.ids[r], r);
    this.order.splice(this.lowerBound(this.ids[r]), 0, r);
  }

  get(r: number, column: string): unknown {
    const arr = this.columns.get(column);
    if (!arr) return null;
    const v = arr[r];
    return v === undefined ? null : v;
  }

  set(r: number, column: string, value: unknown): void {
    let arr = this.columns.get(column);
    if (!arr) {
      if (value === null || value === undefined) return;
      arr = [];
      this.columns.set(column, arr);
    }
    if (this.journal) {
      const previous = arr.length > r ? arr[r] : null;
      const column = arr;
      this.journal.push(() => {
        if (column.length > r) column[r] = previous;
      });
    }
    // Keep arrays dense: holes make V8 fall back to dictionary elements.
    while (arr.length < r) arr.push(null);
    if (arr.length === r) arr.push(value ?? null);
    else arr[r] = value ?? null;
  }

  /** The array behind a column, for tight loops; `undefined` while every value is null. */
  columnArray(column: string): unknown[] | undefined {
    return this.columns.get(column);
  }

  /** Position in `order` of the first row whose id is >= `id`. */
  lowerBound(id: string): number {
    const { order, ids } = this;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[order[mid]] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
