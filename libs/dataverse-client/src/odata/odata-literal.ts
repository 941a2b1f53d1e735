import { invalidRequest } from '../errors/dataverse-error';

/**
 * OData literals for `$filter`. Every value a user gives goes through here, so it can only ever be a literal:
 * quotes are doubled inside strings, and the whole query option is percent-encoded when the URL is built.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/filter-rows#filter-using-string-values
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMN_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A GUID, written unquoted in a filter (`_ownerid_value eq 00000000-…`). */
export class Guid {
  readonly value: string;

  constructor(value: string) {
    if (!GUID.test(value)) throw invalidRequest(`'${value.slice(0, 64)}' is not a GUID`);
    this.value = value.toLowerCase();
  }
}

export const guid = (value: string): Guid => new Guid(value);

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** A date-only value (`Edm.Date`), written unquoted: `2024-06-30`. */
export class DateOnly {
  constructor(readonly value: string) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalidRequest(`'${value.slice(0, 32)}' is not a date`);
  }
}

export type ODataValue = string | number | boolean | null | Date | Guid | DateOnly;

export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function literal(value: ODataValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidRequest('A filter number must be finite');
    return String(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalidRequest('A filter date is invalid');
    // Dataverse datetimes are UTC without fractional seconds.
    return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return value.value;
}

/** Column names come from our own code, never from users; still, refuse anything that is not a plain path. */
export function columnPath(column: string): string {
  if (!COLUMN_PATH.test(column)) throw new Error(`Invalid OData column path: ${column}`);
  return column;
}
