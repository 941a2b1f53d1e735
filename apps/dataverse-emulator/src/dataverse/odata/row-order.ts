import { cookieGuid, CookieKey, guidFromCookie } from '../paging/paging-cookie';
import { columnReader, kindOf, TableScope, ValueKind } from './query-context';
import { OrderBy } from './query-options';

/**
 * Row ordering: `$orderby` keys then the primary key, so every order is total and a page can resume strictly after
 * the last row it returned (SQL Server puts nulls first and compares strings case-insensitively).
 */
export type RowComparator = (a: number, b: number) => number;

function compareValues(a: unknown, b: unknown, kind: ValueKind): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (kind === 'string') {
    const x = (a as string).toLowerCase();
    const y = (b as string).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (kind === 'boolean') return Number(a) - Number(b);
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

export function compileComparator(scope: TableScope, orderby: OrderBy[]): RowComparator {
  const keys = orderby.map((o) => ({ read: columnReader(scope, o.column), kind: kindOf(o.column), sign: o.desc ? -1 : 1 }));
  const ids = scope.store.ids;
  return (a, b) => {
    for (const k of keys) {
      const c = compareValues(k.read(a), k.read(b), k.kind);
      if (c !== 0) return c * k.sign;
    }
    return ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0;
  };
}

/** The cookie entries for a page: one per sort key, then the primary key. */
export function cookieKeys(scope: TableScope, orderby: OrderBy[], first: number, last: number): CookieKey[] {
  const keys: CookieKey[] = orderby.map((o) => {
    const read = columnReader(scope, o.column);
    const kind = kindOf(o.column);
    return { name: o.column.logicalName, last: toCookie(read(last), kind), first: toCookie(read(first), kind) };
  });
  keys.push({ name: scope.table.primaryIdAttribute, last: cookieGuid(scope.store.ids[last]), first: cookieGuid(scope.store.ids[first]) });
  return keys;
}

/** A predicate true for rows strictly after the cookie's last row in this order. */
export function afterCursor(scope: TableScope, orderby: OrderBy[], keys: CookieKey[]): ((r: number) => boolean) | undefined {
  const pkKey = keys.find((k) => k.name === scope.table.primaryIdAttribute);
  if (!pkKey?.last) return undefined;
  const lastId = guidFromCookie(pkKey.last);
  const cursor = orderby.map((o, i) => ({
    read: columnReader(scope, o.column),
    kind: kindOf(o.column),
    sign: o.desc ? -1 : 1,
    value: fromCookie(keys[i]?.name === o.column.logicalName ? keys[i].last : null, kindOf(o.column)),
  }));
  const ids = scope.store.ids;
  return (r) => {
    for (const k of cursor) {
      const c = compareValues(k.read(r), k.value, k.kind);
      if (c !== 0) return c * k.sign > 0;
    }
    return ids[r] > lastId;
  };
}

function toCookie(v: unknown, kind: ValueKind): string | null {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'guid':
      return cookieGuid(String(v));
    case 'datetime':
      return new Date(v as number).toISOString();
    case 'boolean':
      return v ? '1' : '0';
    default:
      return String(v);
  }
}

function fromCookie(v: string | null, kind: ValueKind): unknown {
  if (v === null) return null;
  switch (kind) {
    case 'guid':
      return guidFromCookie(v);
    case 'datetime':
      return Date.parse(v);
    case 'number':
      return Number(v);
    case 'boolean':
      return v === '1';
    default:
      return v;
  }
}
