import { defaultParser } from '@odata/parser';
import { dataverseErrors } from '../errors/dataverse-error';
import { TableDef } from '../tables/table-descriptor';
import { columnReader, kindOf, QueryScope, TableScope, ValueKind } from './query-context';

/**
 * Compiles `$filter` once per request into a row predicate `(row) => boolean`, using `@odata/parser` for the syntax
 * and Dataverse's semantics for the rest: case-insensitive strings, SQL wildcards in string functions, unquoted GUID
 * and date literals, lookup `_x_value` properties, navigation paths, any/all lambdas and the
 * `Microsoft.Dynamics.CRM.*` query functions.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows
 */
export type RowPredicate = (r: number) => boolean;

// The parser's AST is loosely typed; nodes are `{type, raw, value}` with node-specific fields inside `value`.
interface Node {
  type: string;
  raw: string;
  value: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface Operand {
  kind: ValueKind | 'null' | 'any';
  read: (r: number) => unknown;
  constant?: boolean;
}

const DAY = 86_400_000;

/**
 * Dataverse decodes the query string once: a `%` left in `$filter` is a plain character. `@odata/parser` follows the
 * URI grammar and would decode `%27` again (ending a string literal early), so `%` is hidden from it and restored in
 * the literals.
 */
const PERCENT = '\uE000';
const restorePercent = (s: string): string => (s.includes(PERCENT) ? s.split(PERCENT).join('%') : s);

export function compileFilter(filter: string, scope: QueryScope, aliases: Map<string, string>): RowPredicate {
  const text = substituteAliases(filter, aliases);
  checkLiterals(text);
  let ast: Node;
  try {
    ast = defaultParser.filter(text.split('%').join(PERCENT)) as unknown as Node;
  } catch (e) {
    const position = /at (\d+)/.exec((e as Error).message)?.[1] ?? '0';
    throw dataverseErrors.badRequest(`Syntax error at position ${position} in '${text}'.`);
  }
  return new FilterCompiler(scope).bool(ast, scope);
}

/** `@p1` parameter aliases work in `$filter`. */
function substituteAliases(text: string, aliases: Map<string, string>): string {
  if (!text.includes('@')) return text;
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") inString = !inString;
    if (!inString && ch === '@') {
      const name = /^@[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0];
      if (name && aliases.has(name)) {
        out += aliases.get(name);
        i += name.length - 1;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

function checkLiterals(text: string): void {
  let quotes = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'") {
      if (quotes % 2 === 0) start = i;
      quotes++;
    }
  }
  if (quotes % 2 === 1) {
    throw dataverseErrors.badRequest(`There is an unterminated literal at position ${start + 1} in '${text}'.`);
  }
}

class FilterCompiler {
  constructor(private readonly root: QueryScope) {}

  bool(node: Node, scope: TableScope, lambdas: Map<string, TableScope & { row: { r: number } }> = new Map()): RowPredicate {
    switch (node.type) {
      case 'AndExpression': {
        const l = this.bool(node.value.left, scope, lambdas);
        const r = this.bool(node.value.right, scope, lambdas);
        return (row) => l(row) && r(row);
      }
      case 'OrExpression': {
        const l = this.bool(node.value.left, scope, lambdas);
        const r = this.bool(node.value.right, scope, lambdas);
        return (row) => l(row) || r(row);
      }
      case 'NotExpression': {
        if (isQueryFunction(unwrap(node.value))) throw dataverseErrors.notWithQueryFunction();
        const inner = this.bool(node.value, scope, lambdas);
        return (row) => !inner(row);
      }
      case 'BoolParenExpression':
      case 'ParenExpression':
      case 'CommonExpression':
      case 'LambdaPredicateExpression':
        return this.bool(node.value, scope, lambdas);
      case 'EqualsExpression':
      case 'NotEqualsExpression':
      case 'LesserThanExpression':
      case 'LesserOrEqualsExpression':
      case 'GreaterThanExpression':
      case 'GreaterOrEqualsExpression':
        return this.comparison(node, scope, lambdas);
      case 'MethodCallExpression':
        return this.method(node, scope, lambdas);
      case 'FunctionExpression':
        return this.queryFunction(node, scope);
      case 'FirstMemberExpression':
      case 'MemberExpression':
      case 'PropertyPathExpression': {
        const lambda = this.lambda(node, scope, lambdas);
        if (lambda) return lambda;
        const operand = this.operand(node, scope, lambdas);
        return (row) => operand.read(row) === true;
      }
      default:
        throw dataverseErrors.badRequest(`The query node ${node.type} is not supported.`);
    }
  }

  private comparison(node: Node, scope: TableScope, lambdas: Map<string, TableScope & { row: { r: number } }>): RowPredicate {
    let left = this.operand(node.value.left, scope, lambdas);
    let right = this.operand(node.value.right, scope, lambdas);
    const kind = left.kind !== 'any' && left.kind !== 'null' ? left.kind : right.kind;
    left = coerce(left, kind);
    right = coerce(right, kind);
    const cmp = compareFor(node.type);
    const l = left.read;
    const r = right.read;
    return (row) => cmp(l(row), r(row));
  }

  private method(node: Node, scope: TableScope, lambdas: Map<string, TableScope & { row: { r: number } }>): RowPredicate {
    const name: string = node.value.method;
    const params: Node[] = node.value.parameters;
    if (!['contains', 'startswith', 'endswith'].includes(name) || params.length !== 2) {
      throw dataverseErrors.badRequest(`The '${name}' function is not supported.`);
    }
    const subject = this.operand(params[0], scope, lambdas);
    const pattern = this.operand(params[1], scope, lambdas);
    const value = String(pattern.read(0) ?? '');
    const regex = likeRegex(name, value);
    const read = subject.read;
    return (row) => {
      const v = read(row);
      return typeof v === 'string' && regex.test(v);
    };
  }

  /** An any/all lambda over a one-to-many navigation property, or undefined when the path is not one. */
  private lambda(node: Node, scope: TableScope, lambdas: Map<string, TableScope & { row: { r: number } }>): RowPredicate | undefined {
    const path = unwrapPath(node);
    if (!path?.value?.next || path.value.next.type !== 'CollectionPathExpression') return undefined;
    const navName: string = path.value.current.value.name;
    const nav = scope.data.registry.collectionNav(scope.table, navName);
    if (!nav) throw dataverseErrors.propertyNotFound(navName, scope.table.logicalName);
    const expr: Node = path.value.next.value;
    const isAll = expr.type === 'AllExpression';
    const childScope: TableScope = { data: scope.data, table: nav.child, store: scope.data.store(nav.child) };
    const children = childIndex(childScope, nav.column.logicalName, scope.table.logicalName);
    const variable: string | undefined = expr.value.variable?.value?.name;
    let predicate: RowPredicate = () => true;
    if (variable && expr.value.predicate) {
      const inner = new Map(lambdas);
      const holder = { ...childScope, row: { r: -1 } };
      inner.set(variable, holder);
      predicate = this.bool(expr.value.predicate, childScope, inner);
    }
    const ids = scope.store.ids;
    return (row) => {
      const rows = children.get(ids[row]) ?? [];
      return isAll ? rows.every((c) => predicate(c)) : rows.some((c) => predicate(c));
    };
  }

  private operand(node: Node, scope: TableScope, lambdas: Map<string, TableScope & { row: { r: number } }>): Operand {
    switch (node.type) {
      case 'Literal':
        return literal(node);
      case 'CommonExpression':
      case 'ParenExpression':
        return this.operand(node.value, scope, lambdas);
      case 'FirstMemberExpression':
      case 'MemberExpression':
      case 'PropertyPathExpression':
        return this.path(node, scope, lambdas);
      default:
        throw dataverseErrors.badRequest(`The query node ${node.type} is not supported.`);
    }
  }

  /** A property, `_x_value`, a lambda variable's property or a navigation path through single-valued lookups. */
  private path(node: Node, scope: TableScope, lambdas: Map<string, TableScope & { row: { r: number } }>): Operand {
    if (node.type === 'FirstMemberExpression' && Array.isArray(node.value)) {
      // `t/statecode` inside a lambda: [LambdaVariableExpression, MemberExpression]
      const [variable, member] = node.value as Node[];
      if (variable.type === 'LambdaVariableExpression' && lambdas.has(variable.value.name)) {
        return this.path(member, lambdas.get(variable.value.name)!, lambdas);
      }
    }
    const path = unwrapPath(node);
    if (!path) throw dataverseErrors.badRequest(`The query node ${node.type} is not supported.`);
    if (path.value.current) {
      const navName: string = path.value.current.value.name;
      const nav = scope.data.registry.singleNav(scope.table, navName);
      if (!nav) throw dataverseErrors.propertyNotFound(navName, scope.table.logicalName);
      const targetTable: TableDef = scope.data.registry.table(nav.target);
      const targetScope: TableScope = { data: scope.data, table: targetTable, store: scope.data.store(targetTable) };
      const inner = this.path(path.value.next.value, targetScope, lambdas);
      const readId = columnReader(scope, nav.column);
      const targetStore = targetScope.store;
      return {
        kind: inner.kind,
        read: (r) => {
          const id = readId(r);
          if (typeof id !== 'string') return null;
          const tr = targetStore.find(id);
          return tr < 0 ? null : inner.read(tr);
        },
      };
    }
    const name: string = path.value.name;
    const column = scope.data.registry.property(scope.table, name);
    if (!column) throw dataverseErrors.propertyNotFound(name, scope.table.logicalName);
    const kind = kindOf(column);
    const read = columnReader(scope, column);
    if (kind === 'string') {
      return { kind, read: (r) => { const v = read(r); return typeof v === 'string' ? v.toLowerCase() : v; } };
    }
    return { kind, read };
  }

  /** `Microsoft.Dynamics.CRM.<Function>(PropertyName=…,PropertyValue(s)=…)`. */
  private queryFunction(node: Node, scope: TableScope): RowPredicate {
    const fn: string = node.value.fn.value.name;
    const params = new Map<string, Node>();
    for (const p of node.value.params?.value ?? []) params.set(p.value.name.value.name, p.value.value.value);
    const propertyNode = params.get('PropertyName');
    if (!propertyNode) throw dataverseErrors.badRequest('Request message has unresolved parameters.');
    const propertyName = String(literal(propertyNode).read(0));
    const column = scope.data.registry.property(scope.table, propertyName);
    if (!column) throw dataverseErrors.propertyNotFound(propertyName, scope.table.logicalName);
    const kind = kindOf(column);
    const raw = columnReader(scope, column);
    const read: (r: number) => unknown = kind === 'string' ? (r) => (raw(r) as string | null)?.toLowerCase() ?? null : raw;
    const values = (): unknown[] => {
      const v = params.get('PropertyValues');
      if (!v || v.type !== 'Array') throw dataverseErrors.badRequest('Request message has unresolved parameters.');
      return (v.value.items as Node[]).map((item) => coerceValue(literal(item).read(0), kind));
    };
    const single = (): unknown => {
      const v = params.get('PropertyValue');
      if (!v) throw dataverseErrors.badRequest('Request message has unresolved parameters.');
      return literal(v).read(0);
    };
    const ms = (r: number): number | null => toMillis(read(r), kind);
    const now = this.root.now;
    const startOfDay = (t: number) => t - (t % DAY);
    const between = (from: number, to: number): RowPredicate => (r) => {
      const t = ms(r);
      return t !== null && t >= from && t < to;
    };
    switch (fn) {
      case 'In':
      case 'NotIn': {
        const set = new Set(values());
        return fn === 'In' ? (r) => set.has(read(r)) : (r) => { const v = read(r); return v !== null && !set.has(v); };
      }
      case 'Between':
      case 'NotBetween': {
        const [lo, hi] = values();
        const cmpLe = compareFor('LesserOrEqualsExpression');
        const inRange = (r: number) => { const v = read(r); return v !== null && cmpLe(lo, v) && cmpLe(v, hi); };
        return fn === 'Between' ? inRange : (r) => read(r) !== null && !inRange(r);
      }
      case 'EqualUserId':
        return (r) => read(r) === this.root.user.systemuserId;
      case 'NotEqualUserId':
        return (r) => read(r) !== this.root.user.systemuserId;
      case 'EqualBusinessId':
        return (r) => read(r) === this.root.user.businessUnitId;
      case 'Today':
        return between(startOfDay(now), startOfDay(now) + DAY);
      case 'Yesterday':
        return between(startOfDay(now) - DAY, startOfDay(now));
      case 'Tomorrow':
        return between(startOfDay(now) + DAY, startOfDay(now) + 2 * DAY);
      case 'LastXHours':
        return between(now - Number(single()) * 3_600_000, now + 1);
      case 'NextXHours':
        return between(now, now + Number(single()) * 3_600_000);
      case 'LastXDays':
        return between(startOfDay(now) - Number(single()) * DAY, now + 1);
      case 'NextXDays':
        return between(now, startOfDay(now) + (Number(single()) + 1) * DAY);
      case 'OlderThanXDays':
        return between(-8.64e15, startOfDay(now) - Number(single()) * DAY);
      case 'OlderThanXHours':
        return between(-8.64e15, now - Number(single()) * 3_600_000);
      case 'On':
      case 'OnOrAfter':
      case 'OnOrBefore':
      case 'NotOn': {
        const day = toMillis(coerceValue(single(), 'date'), 'date') ?? 0;
        if (fn === 'On') return between(day, day + DAY);
        if (fn === 'OnOrAfter') return between(day, 8.64e15);
        if (fn === 'OnOrBefore') return between(-8.64e15, day + DAY);
        const on = between(day, day + DAY);
        return (r) => ms(r) !== null && !on(r);
      }
      case 'ThisYear': {
        const y = new Date(now).getUTCFullYear();
        return between(Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1));
      }
      case 'ThisMonth': {
        const d = new Date(now);
        return between(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
      }
      default:
        throw dataverseErrors.badRequest(`The function Microsoft.Dynamics.CRM.${fn} is not supported by the emulator.`);
    }
  }
}

function unwrap(node: Node): Node {
  let n = node;
  while (n && (n.type === 'BoolParenExpression' || n.type === 'ParenExpression' || n.type === 'CommonExpression')) n = n.value;
  return n;
}

function isQueryFunction(node: Node): boolean {
  return node?.type === 'FunctionExpression' && node.value?.fn?.value?.namespace === 'Microsoft.Dynamics.CRM';
}

function unwrapPath(node: Node): Node | undefined {
  let n: Node | undefined = node;
  while (n && (n.type === 'FirstMemberExpression' || n.type === 'MemberExpression' || n.type === 'CommonExpression')) {
    n = Array.isArray(n.value) ? undefined : n.value;
  }
  if (n?.type === 'PropertyPathExpression') {
    if (n.value.current) return n;
    if (n.value.type === 'ODataIdentifier') return n.value;
    return n;
  }
  if (n?.type === 'ODataIdentifier') return n;
  return undefined;
}

function literal(node: Node): Operand {
  const raw = node.raw;
  const edm: string = node.value;
  let value: unknown;
  if (raw === 'null') return { kind: 'null', read: () => null, constant: true };
  switch (edm) {
    case 'Edm.String':
      value = restorePercent(raw.slice(1, -1).replace(/''/g, "'"));
      return { kind: 'any', read: () => value, constant: true };
    case 'string': // a JSON string inside a query function's array
      value = restorePercent(JSON.parse(raw) as string);
      return { kind: 'any', read: () => value, constant: true };
    case 'Edm.Guid':
      value = raw.toLowerCase();
      return { kind: 'guid', read: () => value, constant: true };
    case 'Edm.Boolean':
      value = raw === 'true';
      return { kind: 'boolean', read: () => value, constant: true };
    case 'Edm.DateTimeOffset':
      value = Date.parse(raw);
      return { kind: 'datetime', read: () => value, constant: true };
    case 'Edm.Date':
      value = raw;
      return { kind: 'date', read: () => value, constant: true };
    default:
      value = Number(raw.replace(/[mMdDfFlL]$/, ''));
      return { kind: 'number', read: () => value, constant: true };
  }
}

function coerce(operand: Operand, kind: Operand['kind']): Operand {
  if (!operand.constant || operand.kind === 'null' || kind === 'any' || kind === 'null') return operand;
  const value = coerceValue(operand.read(0), kind);
  return { kind, read: () => value, constant: true };
}

/** Converts a literal to the representation rows store for a column kind. */
function coerceValue(v: unknown, kind: ValueKind | 'any' | 'null'): unknown {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'string':
    case 'guid':
      return String(v).toLowerCase();
    case 'number':
      return Number(v);
    case 'boolean':
      return v === true || v === 'true' || v === 1 || v === '1';
    case 'datetime':
      return typeof v === 'number' ? v : Date.parse(String(v).length === 10 ? `${v}T00:00:00Z` : String(v));
    case 'date':
      return typeof v === 'number' ? new Date(v).toISOString().slice(0, 10) : String(v).slice(0, 10);
    default:
      return v;
  }
}

function toMillis(v: unknown, kind: ValueKind): number | null {
  if (v === null || v === undefined) return null;
  if (kind === 'date') return Date.parse(`${String(v).slice(0, 10)}T00:00:00Z`);
  return typeof v === 'number' ? v : Date.parse(String(v));
}

function compareFor(type: string): (a: unknown, b: unknown) => boolean {
  switch (type) {
    case 'EqualsExpression':
      return (a, b) => a === b || (a !== null && b !== null && a == b);
    case 'NotEqualsExpression':
      return (a, b) => !(a === b || (a !== null && b !== null && a == b));
    case 'LesserThanExpression':
      return (a, b) => a !== null && b !== null && (a as number) < (b as number);
    case 'LesserOrEqualsExpression':
      return (a, b) => a !== null && b !== null && (a as number) <= (b as number);
    case 'GreaterThanExpression':
      return (a, b) => a !== null && b !== null && (a as number) > (b as number);
    default:
      return (a, b) => a !== null && b !== null && (a as number) >= (b as number);
  }
}

/**
 * Dataverse honours SQL LIKE wildcards inside string function values (`%`, `_`, `[ ]`, `[^ ]`).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows#use-wildcard-characters
 */
function likeRegex(fn: string, value: string): RegExp {
  let body = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '%') body += '.*';
    else if (ch === '_') body += '.';
    else if (ch === '[') {
      const end = value.indexOf(']', i);
      if (end < 0) body += '\\[';
      else {
        const set = value.slice(i + 1, end).replace(/\\/g, '\\\\');
        body += set.startsWith('^') ? `[^${set.slice(1)}]` : `[${set}]`;
        i = end;
      }
    } else body += ch.replace(/[.*+?^${}()|\\\]]/g, '\\$&');
  }
  const start = fn === 'startswith' || fn === 'eq' ? '^' : '';
  const end = fn === 'endswith' ? '$' : '';
  return new RegExp(`${start}${body}${end}`, 'is');
}

/** Child rows of a one-to-many relationship, keyed by the parent id, built once per request. */
function childIndex(child: TableScope, lookupColumn: string, parentTable: string): Map<string, number[]> {
  const index = new Map<string, number[]>();
  const { store, data, table } = child;
  const column = data.registry.column(table, lookupColumn)!;
  const arr = store.columnArray(lookupColumn);
  if (!arr) return index;
  for (const r of store.order) {
    if (!data.belongs(table, store, r)) continue;
    const id = arr[r];
    if (typeof id !== 'string') continue;
    const target = data.lookupTarget(column, store, r);
    if (target !== parentTable && !(parentTable === 'activitypointer' && target && target !== 'activitypointer')) {
      if (target !== parentTable) continue;
    }
    const list = index.get(id);
    if (list) list.push(r);
    else index.set(id, [r]);
  }
  return index;
}
