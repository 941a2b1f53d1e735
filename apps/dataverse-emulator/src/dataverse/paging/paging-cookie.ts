/**
 * Dataverse's `$skiptoken`: an XML `<cookie pagenumber=… pagingcookie=… istracking="False" />` whose `pagingcookie`
 * attribute is itself URL-encoded, so the nextLink carries it double-encoded (`%253c`). The inner cookie names each
 * sort column with the last and first values of the page, GUIDs upper case in braces.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results
 */
export interface CookieKey {
  name: string;
  last: string | null;
  first: string | null;
}

export interface PagingCookie {
  pageNumber: number;
  keys: CookieKey[];
}

const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlUnescape = (s: string): string =>
  s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The inner encoding Dataverse uses: every reserved character as lower-case `%xx`. */
export function encodeInner(s: string): string {
  return Array.from(Buffer.from(s, 'utf8'))
    .map((b) => {
      const ch = String.fromCharCode(b);
      return /[A-Za-z0-9\-_.]/.test(ch) ? ch : `%${b.toString(16).padStart(2, '0')}`;
    })
    .join('');
}

/** The outer encoding seen in nextLinks: `<`, `>`, `"`, space and `%` upper-case; `=` and `/` left alone. */
function encodeOuter(s: string): string {
  return s.replace(/[<>" %{}|\\^`#&+]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The `$skiptoken` value as it appears in `@odata.nextLink` (already URL-encoded). */
export function encodeSkiptoken(cookie: PagingCookie): string {
  const previous = cookie.pageNumber - 1;
  const keys = cookie.keys
    .map((k) => {
      const attrs = [k.last !== null ? ` last="${xmlEscape(k.last)}"` : '', k.first !== null ? ` first="${xmlEscape(k.first)}"` : ''];
      return `<${k.name}${attrs.join('')} />`;
    })
    .join('');
  const inner = `<cookie page="${previous}">${keys}</cookie>`;
  const outer = `<cookie pagenumber="${cookie.pageNumber}" pagingcookie="${encodeInner(inner)}" istracking="False" />`;
  return encodeOuter(outer);
}

/** Parses a `$skiptoken` value after the query string's own decoding. Returns undefined if it is not a cookie. */
export function decodeSkiptoken(token: string): PagingCookie | undefined {
  const page = /pagenumber="(\d+)"/.exec(token);
  const paging = /pagingcookie="([^"]*)"/.exec(token);
  if (!page || !paging) return undefined;
  let inner: string;
  try {
    inner = decodeURIComponent(paging[1]);
  } catch {
    return undefined;
  }
  const keys: CookieKey[] = [];
  const keyPattern = /<([A-Za-z0-9_]+)((?:\s+[a-z]+="[^"]*")*)\s*\/>/g;
  for (let m = keyPattern.exec(inner); m; m = keyPattern.exec(inner)) {
    const attr = (name: string) => {
      const a = new RegExp(`${name}="([^"]*)"`).exec(m![2]);
      return a ? xmlUnescape(a[1]) : null;
    };
    keys.push({ name: m[1], last: attr('last'), first: attr('first') });
  }
  return { pageNumber: Number(page[1]), keys };
}

export const cookieGuid = (id: string): string => `{${id.toUpperCase()}}`;
export const guidFromCookie = (value: string): string => value.replace(/[{}]/g, '').toLowerCase();
