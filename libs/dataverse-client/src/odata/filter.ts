import { columnPath, literal, ODataValue } from './odata-literal';

/**
 * A `$filter` expression built from typed parts; the only way to make one from user input.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows
 */
export class Filter {
  private constructor(readonly expression: string) {}

  /** @internal */
  static raw(expression: string): Filter {
    return new Filter(expression);
  }

  toString(): string {
    return this.expression;
  }
}

type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

function compare(operator: Comparison) {
  return (column: string, value: ODataValue): Filter => Filter.raw(`${columnPath(column)} ${operator} ${literal(value)}`);
}

export const eq = compare('eq');
export const ne = compare('ne');
export const gt = compare('gt');
export const ge = compare('ge');
export const lt = compare('lt');
export const le = compare('le');

export const isNull = (column: string): Filter => Filter.raw(`${columnPath(column)} eq null`);

function stringFunction(name: 'contains' | 'startswith' | 'endswith') {
  // Dataverse honours SQL wildcards inside these values; escape them so user text matches literally.
  return (column: string, text: string): Filter => Filter.raw(`${name}(${columnPath(column)},${literal(escapeLikeWildcards(text))})`);
}

export const contains = stringFunction('contains');
export const startsWith = stringFunction('startswith');
export const endsWith = stringFunction('endswith');

/** `%`, `_` and `[` are LIKE wildcards in Dataverse string functions; bracket them to mean themselves. */
export function escapeLikeWildcards(text: string): string {
  return text.replace(/[[%_]/g, (character) => `[${character}]`);
}

function join(operator: 'and' | 'or', filters: (Filter | undefined)[]): Filter | undefined {
  const present = filters.filter((filter): filter is Filter => filter !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return Filter.raw(present.map((filter) => `(${filter.expression})`).join(` ${operator} `));
}

/** `and` of the filters given; undefined ones are skipped, so optional conditions compose. */
export const and = (...filters: (Filter | undefined)[]): Filter | undefined => join('and', filters);
export const or = (...filters: (Filter | undefined)[]): Filter | undefined => join('or', filters);
export const not = (filter: Filter): Filter => Filter.raw(`not (${filter.expression})`);

/**
 * `Microsoft.Dynamics.CRM.In`: the column equals one of the values.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/in
 */
export function inValues(column: string, values: (string | number)[]): Filter {
  const list = values.map((value) => JSON.stringify(String(value))).join(',');
  return Filter.raw(`Microsoft.Dynamics.CRM.In(PropertyName=${literal(columnPath(column))},PropertyValues=[${list}])`);
}
