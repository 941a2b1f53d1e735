/**
 * `OData.Community.Display.V1.FormattedValue` strings as Dataverse renders them for an en-US user: currency
 * `$20,000.00`, dates `4/7/2023 2:59 PM` (the emulated users' time zone is UTC), grouped integers.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/select-columns#formatted-values
 */
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const decimals = new Map<number, Intl.NumberFormat>();

export function formatInteger(v: number): string {
  return integer.format(v);
}

export function formatMoney(v: number, symbol = '$'): string {
  return v < 0 ? `-${symbol}${money.format(-v)}` : `${symbol}${money.format(v)}`;
}

export function formatDecimal(v: number, precision: number): string {
  let f = decimals.get(precision);
  if (!f) decimals.set(precision, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: precision, maximumFractionDigits: precision })));
  return f.format(v);
}

export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const minutes = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${minutes} ${h < 12 ? 'AM' : 'PM'}`;
}

export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${Number(m)}/${Number(d)}/${y}`;
}

/** Dataverse datetimes: UTC ISO 8601 without milliseconds. */
export function isoDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
