import { dataverseErrors } from '../errors/dataverse-error';
import { AnnotationSelection, FORMATTED } from '../serialize/annotation-preference';
import { formatDecimal, formatInteger } from '../serialize/formatters';
import { compileRowSerializer } from '../serialize/row-serializer';
import { compileFilter, RowPredicate } from './filter-compiler';
import { columnReader, QueryScope } from './query-context';
import { splitTopLevel } from './query-options';

/**
 * `$apply` with the transformations Dataverse supports: `filter(…)`, `groupby((a,b))`,
 * `groupby((a,b),aggregate(…))` and `aggregate(…)`, chained with `/`. Aggregates: `$count as x`, and
 * `col with sum|average|min|max|countdistinct as x`. Groups come out in ascending order of their values.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/aggregate-data
 */
type Json = Record<string, unknown>;
type Method = 'sum' | 'average' | 'min' | 'max' | 'countdistinct' | 'count';
interface Aggregate {
  alias: string;
  method: Method;
  read?: (r: number) => unknown;
}

/** Dataverse refuses aggregation over more rows than this (AggregateQueryRecordLimit). */
const AGGREGATE_LIMIT = 50_000;

export function applyAggregation(scope: QueryScope, apply: string, matches: RowPredicate, annotations: AnnotationSelection): Json[] {
  let keep = matches;
  let groupBy: string[] = [];
  let aggregates: Aggregate[] = [];
  for (const step of splitTopLevel(apply, '/').map((s) => s.trim())) {
    const call = /^(\w+)\((.*)\)$/s.exec(step);
    if (!call) throw dataverseErrors.badRequest(`Invalid $apply transformation '${step}'.`);
    const [, name, inner] = call;
    if (name === 'filter') {
      const before = keep;
      const predicate = compileFilter(inner, scope, new Map());
      keep = (r) => before(r) && predicate(r);
    } else if (name === 'groupby') {
      const [props, agg] = splitTopLevel(inner, ',');
      groupBy = splitTopLevel(props.replace(/^\((.*)\)$/s, '$1'), ',');
      const aggCall = agg ? /^aggregate\((.*)\)$/s.exec(agg) : null;
      if (agg && !aggCall) throw dataverseErrors.badRequest(`Invalid $apply transformation '${step}'.`);
      aggregates = aggCall ? parseAggregates(scope, aggCall[1]) : [];
    } else if (name === 'aggregate') {
      aggregates = parseAggregates(scope, inner);
    } else {
      throw dataverseErrors.badRequest(`The transformation '${name}' is not supported in $apply.`);
    }
  }
  const columns = groupBy.map((p) => {
    const c = scope.data.registry.property(scope.table, p);
    if (!c) throw dataverseErrors.propertyNotFound(p, scope.table.logicalName);
    return c;
  });
  const readers = columns.map((c) => columnReader(scope, c));
  const groups = new Map<string, number[]>();
  let total = 0;
  for (const r of scope.store.order) {
    if (!keep(r)) continue;
    if (++total > AGGREGATE_LIMIT) throw dataverseErrors.badRequest('AggregateQueryRecordLimit exceeded. Cannot perform this operation.', '0x8004e023');
    const key = JSON.stringify(readers.map((read) => read(r)));
    const rows = groups.get(key);
    if (rows) rows.push(r);
    else groups.set(key, [r]);
  }
  const serializer = compileRowSerializer(scope, { select: columns, expand: [], annotations, etag: false });
  const pk = scope.table.primaryIdAttribute;
  const ordered = [...groups.entries()].sort(([a], [b]) => compareKeys(JSON.parse(a), JSON.parse(b)));
  if (groupBy.length === 0 && ordered.length === 0) ordered.push(['[]', []]);
  return ordered.map(([, rows]) => {
    const out: Json = {};
    if (rows.length && columns.length) {
      const row = serializer.object(rows[0]);
      delete row[pk];
      Object.assign(out, row);
    }
    for (const a of aggregates) {
      const value = aggregateValue(a, rows);
      if (annotations.formatted && value !== null) out[`${a.alias}@${FORMATTED}`] = Number.isInteger(value) ? formatInteger(value) : formatDecimal(value, 2);
      out[a.alias] = value;
    }
    return out;
  });
}

function parseAggregates(scope: QueryScope, text: string): Aggregate[] {
  return splitTopLevel(text, ',').map((expr) => {
    const count = /^\$count\s+as\s+(\w+)$/.exec(expr.trim());
    if (count) return { alias: count[1], method: 'count' as const };
    const m = /^(\w+)\s+with\s+(sum|average|min|max|countdistinct)\s+as\s+(\w+)$/.exec(expr.trim());
    if (!m) throw dataverseErrors.badRequest(`Invalid aggregate expression '${expr}'.`);
    const column = scope.data.registry.property(scope.table, m[1]);
    if (!column) throw dataverseErrors.propertyNotFound(m[1], scope.table.logicalName);
    return { alias: m[3], method: m[2] as Method, read: columnReader(scope, column) };
  });
}

function aggregateValue(a: Aggregate, rows: number[]): number | null {
  if (a.method === 'count') return rows.length;
  const values = rows.map((r) => a.read?.(r)).filter((v) => v !== null && v !== undefined);
  if (a.method === 'countdistinct') return new Set(values.map((v) => String(v))).size;
  const numbers = values.map(Number);
  if (numbers.length === 0) return null;
  switch (a.method) {
    case 'sum':
      return numbers.reduce((s, v) => s + v, 0);
    case 'average':
      return numbers.reduce((s, v) => s + v, 0) / numbers.length;
    case 'min':
      return Math.min(...numbers);
    default:
      return Math.max(...numbers);
  }
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] === null) return -1;
    if (b[i] === null) return 1;
    return (a[i] as number | string) < (b[i] as number | string) ? -1 : 1;
  }
  return 0;
}
