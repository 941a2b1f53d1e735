import { dataverseErrors } from '../errors/dataverse-error';
import { ColumnDef, TableDef } from '../tables/table-descriptor';
import { CollectionNav, SingleNav, TableRegistry } from '../tables/table-registry';

/**
 * The system query options Dataverse accepts. Names are case-sensitive; `$skip`, `$search` and `$format` are refused.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/overview
 */
export interface OrderBy {
  column: ColumnDef;
  /** The name as requested (`_ownerid_value` for lookups), used in the paging cookie. */
  name: string;
  desc: boolean;
}

export interface ExpandItem {
  name: string;
  single?: SingleNav;
  collection?: CollectionNav;
  table: TableDef;
  select?: ColumnDef[];
  filter?: string;
  orderby?: OrderBy[];
  top?: number;
  expand: ExpandItem[];
  /** The raw option text, for the nested `@odata.nextLink`. */
  rawOptions: string;
}

export interface QueryOptions {
  select?: ColumnDef[];
  selectNames?: string[];
  filter?: string;
  orderby: OrderBy[];
  top?: number;
  count: boolean;
  expand: ExpandItem[];
  skiptoken?: string;
  apply?: string;
  aliases: Map<string, string>;
}

const SUPPORTED = new Set(['$select', '$filter', '$orderby', '$top', '$expand', '$count', '$skiptoken', '$apply', '$deltatoken']);
const REFUSED = new Set(['$skip', '$search', '$format', '$levels']);

/** Splits on `sep` outside parentheses and quotes. */
export function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && ch === sep) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

export function parseQueryOptions(params: URLSearchParams, table: TableDef, registry: TableRegistry): QueryOptions {
  const aliases = new Map<string, string>();
  for (const [key] of params) {
    if (key.startsWith('@')) aliases.set(key, params.get(key)!);
    else if (key.startsWith('$') && !SUPPORTED.has(key)) {
      throw dataverseErrors.queryOptionNotSupported(key);
    }
  }
  for (const key of REFUSED) if (params.has(key)) throw dataverseErrors.queryOptionNotSupported(key);
  const select = params.get('$select');
  const top = params.get('$top');
  const count = params.get('$count');
  return {
    ...(select ? parseSelect(select, table, registry) : {}),
    filter: params.get('$filter') ?? undefined,
    orderby: parseOrderBy(params.get('$orderby') ?? '', table, registry, aliases),
    top: top !== null ? parseTop(top) : undefined,
    count: count === 'true',
    expand: parseExpand(params.get('$expand') ?? '', table, registry),
    skiptoken: params.get('$skiptoken') ?? undefined,
    apply: params.get('$apply') ?? undefined,
    aliases,
  };
}

function parseTop(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw dataverseErrors.badRequest(`Invalid value '${text}' for $top query option found.`);
  return n;
}

export function parseSelect(text: string, table: TableDef, registry: TableRegistry): { select: ColumnDef[]; selectNames: string[] } {
  const select: ColumnDef[] = [];
  const selectNames: string[] = [];
  for (const name of splitTopLevel(text, ',')) {
    const column = registry.property(table, name);
    if (!column) throw dataverseErrors.propertyNotFound(name, table.logicalName);
    if (!select.includes(column)) {
      select.push(column);
      selectNames.push(name);
    }
  }
  return { select, selectNames };
}

export function parseOrderBy(text: string, table: TableDef, registry: TableRegistry, aliases: Map<string, string>): OrderBy[] {
  return splitTopLevel(text, ',').map((item) => {
    const [rawName, direction = 'asc'] = item.split(/\s+/);
    const name = aliases.get(rawName) ?? rawName;
    const column = registry.property(table, name);
    if (!column) throw dataverseErrors.propertyNotFound(name, table.logicalName);
    if (direction !== 'asc' && direction !== 'desc') throw dataverseErrors.badRequest(`Syntax error at position ${item.length} in '${text}'.`);
    return { column, name, desc: direction === 'desc' };
  });
}

/**
 * `$expand=nav($select=a,b;$filter=…;$orderby=…;$top=n;$expand=…)`.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/join-tables
 */
export function parseExpand(text: string, table: TableDef, registry: TableRegistry): ExpandItem[] {
  return splitTopLevel(text, ',').map((item) => {
    const open = item.indexOf('(');
    const name = (open < 0 ? item : item.slice(0, open)).trim();
    const rawOptions = open < 0 ? '' : item.slice(open + 1, item.lastIndexOf(')'));
    if (name.endsWith('/$ref')) {
      const navName = name.slice(0, -5);
      if (registry.collectionNav(table, navName)) throw dataverseErrors.expandRefCollection();
    }
    const single = registry.singleNav(table, name);
    const collection = single ? undefined : registry.collectionNav(table, name);
    if (!single && !collection) throw dataverseErrors.propertyNotFound(name, table.logicalName);
    const target = single ? registry.table(single.target) : collection!.child;
    const expandItem: ExpandItem = { name, single, collection, table: target, expand: [], orderby: [], rawOptions };
    for (const option of splitTopLevel(rawOptions, ';')) {
      const eq = option.indexOf('=');
      const key = option.slice(0, eq).trim();
      const value = option.slice(eq + 1).trim();
      switch (key) {
        case '$select':
          expandItem.select = parseSelect(value, target, registry).select;
          break;
        case '$filter':
          expandItem.filter = value;
          break;
        case '$orderby':
          expandItem.orderby = parseOrderBy(value, target, registry, new Map());
          break;
        case '$top':
          expandItem.top = parseTop(value);
          break;
        case '$expand':
          expandItem.expand = parseExpand(value, target, registry);
          break;
        default:
          throw dataverseErrors.queryOptionNotSupported(key);
      }
    }
    return expandItem;
  });
}

/** The `(…)` part of `@odata.context`: `accounts(name,primarycontactid(fullname))`. */
export function contextSelection(selectNames: string[] | undefined, expand: ExpandItem[]): string {
  const parts = [...(selectNames ?? [])];
  for (const e of expand) {
    const nestedNames = e.select?.map((c) => (c.type === 'Lookup' || c.type === 'Customer' || c.type === 'Owner' ? `_${c.logicalName}_value` : c.logicalName));
    parts.push(`${e.name}(${contextSelection(nestedNames, e.expand)})`);
  }
  return parts.join(',');
}
