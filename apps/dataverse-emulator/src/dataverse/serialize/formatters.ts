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

const DAY = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
/** Per-day prefixes, cached: rows share days, and `Date` formatting is the hot spot of a 5,000-row page. */
const isoDays = new Map<number, string>();
const usDays = new Map<number, string>();
const CACHE_LIMIT = 50_000;

function dayPart(cache: Map<number, string>, day: number, make: (d: Date) => string): string {
  let s = cache.get(day);
  if (s === undefined) {
    if (cache.size > CACHE_LIMIT) cache.clear();
    s = make(new Date(day * DAY));
    cache.set(day, s);
  }
  return s;
}

const usDay = (d: Date): string => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
const isoDay = (d: Date): string => d.toISOString().slice(0, 11);

export function formatDateTime(ms: number): string {
  const day = Math.floor(ms / DAY);
  const date = dayPart(usDays, day, usDay);
  const inDay = ms - day * DAY;
  const h = Math.floor(inDay / 3_600_000);
  const m = Math.floor((inDay % 3_600_000) / 60_000);
  return `${date} ${h % 12 === 0 ? 12 : h % 12}:${TWO_DIGITS[m]} ${h < 12 ? 'AM' : 'PM'}`;
}

export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${Number(m)}/${Number(d)}/${y}`;
}

/** Dataverse datetimes: UTC ISO 8601 without milliseconds. */
export function isoDateTime(ms: number): string {
  const day = Math.floor(ms / DAY);
  const date = dayPart(isoDays, day, isoDay);
  const inDay = ms - day * DAY;
  const h = Math.floor(inDay / 3_600_000);
  const m = Math.floor((inDay % 3_600_000) / 60_000);
  const sec = Math.floor((inDay % 60_000) / 1000);
  return `${date}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[sec]}Z`;
}
