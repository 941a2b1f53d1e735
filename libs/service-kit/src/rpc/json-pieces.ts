import { randomBytes } from 'node:crypto';

/**
 * Records per piece of a long list. A contact is about 1 KB of JSON, so a piece is some 50 KB: one frame, small
 * enough to leave while the next one is serialized and to arrive mostly within one socket read at the caller (a
 * frame split across reads is copied together there: with 256 KB frames the gateway's GC time per 5000-record page
 * was about twice as long).
 */
export const LIST_ITEMS_PER_PIECE = 50;

/**
 * A list longer than this is serialized in pieces (and streamed on by the gateway); a shorter one, e.g. a 100-record
 * page (some 100 KB, one frame), is serialized whole and goes the one-message path.
 */
export const LONG_LIST_ITEMS = 200;

/** The property of a list envelope (`ListEnvelope`) that holds its records. */
const LIST_PROPERTY = 'result';

/**
 * The JSON of a list envelope (a plain object whose `result` is an array of more than `longerThan` items) as
 * consecutive strings whose concatenation is exactly `JSON.stringify(value)`, made as they are pulled,
 * `itemsPerPiece` records at a time; undefined for any other value (serialize it whole). Each piece's records are
 * dropped from the array once they are JSON, so a long page's records become garbage while the rest is still being
 * serialized: the array is emptied (every slot `undefined`) by the time the last piece is out. (A `toJSON(key)`
 * method of a record would see its index within its piece; none of ours reads its key.)
 */
export function listJsonPieces(value: unknown, itemsPerPiece = LIST_ITEMS_PER_PIECE, longerThan = LONG_LIST_ITEMS): Generator<string> | undefined {
  if (!(itemsPerPiece > 0)) throw new RangeError('itemsPerPiece must be positive');
  const items = longListOf(value, longerThan);
  const envelope = items && envelopeAround(value as Record<string, unknown>);
  return items && envelope ? piecesOf(items, envelope, itemsPerPiece) : undefined;
}

function* piecesOf(items: unknown[], envelope: { head: string; tail: string }, itemsPerPiece: number): Generator<string> {
  const count = items.length;
  for (let start = 0; start < count; start += itemsPerPiece) {
    const end = Math.min(start + itemsPerPiece, count);
    const batch = JSON.stringify(items.slice(start, end));
    items.fill(undefined, start, end);
    const inner = batch.slice(1, -1);
    yield `${start === 0 ? `${envelope.head}[` : ','}${inner}${end === count ? `]${envelope.tail}` : ''}`;
  }
}

function longListOf(value: unknown, longerThan: number): unknown[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return undefined;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
  const items = (value as Record<string, unknown>)[LIST_PROPERTY];
  if (!Array.isArray(items) || items.length <= longerThan) return undefined;
  return typeof (items as { toJSON?: unknown }).toJSON === 'function' ? undefined : items;
}

/**
 * The envelope's JSON before and after its list: the envelope serialized with a unique marker string in the list's
 * place, cut at the marker. Undefined if the marker is not found exactly once (cannot happen with a random marker,
 * but then the whole value is serialized as one piece rather than guessed at).
 */
function envelopeAround(envelope: Record<string, unknown>): { head: string; tail: string } | undefined {
  const marker = JSON.stringify(`\u0000list-${randomBytes(12).toString('hex')}`);
  const json = JSON.stringify({ ...envelope, [LIST_PROPERTY]: JSON.parse(marker) as string });
  const at = json.indexOf(marker);
  if (at < 0 || json.indexOf(marker, at + 1) >= 0) return undefined;
  return { head: json.slice(0, at), tail: json.slice(at + marker.length) };
}
