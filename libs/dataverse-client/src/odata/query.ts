import { columnPath } from './odata-literal';
import { Filter } from './filter';

export interface OrderBy {
  column: string;
  direction?: 'asc' | 'desc';
}

export interface Expand {
  navigation: string;
  select?: string[];
}

export interface ODataQuery {
  select?: readonly string[];
  filter?: Filter;
  orderBy?: readonly OrderBy[];
  expand?: readonly Expand[];
  top?: number;
  count?: boolean;
}

/**
 * The query string of a Dataverse request. Option names keep their `$`; values are percent-encoded so that
 * `&`, `+`, `#`, `/` and non-ASCII text in a filter literal reach Dataverse as data.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/overview
 */
export function buildQueryString(query: ODataQuery): string {
  const options: [string, string][] = [];
  if (query.select?.length) options.push(['$select', query.select.map(columnPath).join(',')]);
  if (query.filter) options.push(['$filter', query.filter.expression]);
  if (query.orderBy?.length) {
    options.push(['$orderby', query.orderBy.map((order) => `${columnPath(order.column)} ${order.direction ?? 'asc'}`).join(',')]);
  }
  if (query.expand?.length) {
    options.push([
      '$expand',
      query.expand
        .map((expand) => (expand.select?.length ? `${columnPath(expand.navigation)}($select=${expand.select.map(columnPath).join(',')})` : columnPath(expand.navigation)))
        .join(','),
    ]);
  }
  if (query.top !== undefined) options.push(['$top', String(Math.trunc(query.top))]);
  if (query.count) options.push(['$count', 'true']);
  return options.length ? `?${options.map(([name, value]) => `${name}=${encodeQueryValue(value)}`).join('&')}` : '';
}

/** encodeURIComponent, but leaving the characters OData syntax needs readable where they are safe. */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/g, ',').replace(/%28/g, '(').replace(/%29/g, ')').replace(/%24/g, '$');
}
