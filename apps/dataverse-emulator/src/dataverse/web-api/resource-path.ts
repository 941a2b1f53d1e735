import { dataverseErrors } from '../errors/dataverse-error';
import { splitTopLevel } from '../odata/query-options';

/** One path segment: `accounts`, `accounts(<guid>)`, `contacts(firstname='Joe',emailaddress1='x')`. */
export interface Segment {
  name: string;
  /** The raw key inside the parentheses, if any. */
  key?: string;
}

export function parseSegments(path: string): Segment[] {
  const segments: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && ch === '/') {
      segments.push(path.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(path.slice(start));
  return segments.filter((s, i) => s.length > 0 || i === 0).map((raw) => {
    const s = safeDecode(raw);
    const open = s.indexOf('(');
    if (open < 0 || !s.endsWith(')')) return { name: s };
    return { name: s.slice(0, open), key: s.slice(open + 1, -1) };
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

export function parseGuid(text: string): string | undefined {
  return GUID.exec(text.trim())?.[1].toLowerCase();
}

/** A key: a bare GUID, or `name=value` pairs (the primary key or an alternate key). */
export type RecordKey = { id: string } | { alternate: Array<[string, string | number]> };

export function parseKey(key: string): RecordKey {
  const guid = parseGuid(key);
  if (guid) return { id: guid };
  const pairs: Array<[string, string | number]> = [];
  for (const part of splitTopLevel(key, ',')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw dataverseErrors.badRequest(`Bad Request - Error in query syntax.`);
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    const value = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : parseGuid(raw) ?? Number(raw);
    pairs.push([name, value]);
  }
  return { alternate: pairs };
}
