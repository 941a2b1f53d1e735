/**
 * Reads a Dataverse collection response (`{"@odata.context":…,"value":[{…},{…},…],"@odata.nextLink":…}`) as its
 * bytes arrive and hands over the rows of `value` a run at a time, so a 5000-row page (7.5 MB of JSON) is never held
 * whole: not as its bytes, not as one string, not as 5000 parsed rows at once.
 *
 * Every run of complete rows is decoded and parsed by one `JSON.parse` call, so values are read by the same parser as
 * everywhere else. Where a run ends is found two ways:
 * - first, natively: the last `},{` of the bytes, taken as the end of a row when `JSON.parse` accepts everything before
 *   it as rows. A `},{` anywhere else (inside a string, or between objects nested in a row) leaves a string or a
 *   bracket open before it, which `JSON.parse` rejects, so only a true boundary is ever taken. Dataverse sends compact
 *   JSON, so this finds the boundaries of almost every chunk without looking at its bytes one by one;
 * - then byte by byte (nesting depth, and whether a byte is inside a string), for what is left: the row in progress
 *   after that boundary, the members before and after `value`, and any body the first way cannot cut.
 * The members around `value` (`@odata.nextLink`, `@odata.count`) are kept and parsed at the end. A body without a
 * top-level `value` array is parsed whole at the end, as it would be without this reader.
 */
export class CollectionReader {
  /** Bytes not yet handed over: the row in progress, or everything while `value` has not begun or has ended. */
  private pending: Buffer = EMPTY;
  /** The body up to and including the `[` of `value`, once it has been seen. */
  private head: Buffer | undefined;
  private phase: 'before' | 'rows' | 'after' = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** In `pending`: where the last string at depth 1 began and ended (a member name, to recognize `value`). */
  private keyStart = -1;
  private keyEnd = -1;
  /** In `pending`: the `{` of the row in progress, or -1 between rows. */
  private rowStart = -1;

  /** The rows of `value` that `chunk` completes, in order (often none, or dozens). */
  push(chunk: Uint8Array): unknown[] {
    // Nothing read yet (before `value`, every byte is kept): drop a byte order mark, as a whole-body UTF-8 decode does.
    if (this.phase === 'before' && this.pending.length === 0 && startsWithByteOrderMark(chunk)) chunk = chunk.subarray(BYTE_ORDER_MARK.length);
    const scanFrom = this.pending.length;
    const bytes = scanFrom === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.pending, chunk]);
    const cut = this.phase === 'rows' ? rowsBeforeLastSeparator(bytes, scanFrom) : undefined;
    if (cut) {
      // The bytes after the separator begin a row: read as a chunk of their own, between rows.
      Object.assign(this, { pending: EMPTY, depth: 2, inString: false, escaped: false, rowStart: -1 });
      return cut.rows.concat(this.push(bytes.subarray(cut.rest)));
    }
    // The complete rows in `bytes` run from `rowsStart` (a row kept from the last chunk starts at 0) to `rowsEnd`.
    let rowsStart = this.rowStart;
    let rowsEnd = -1;
    let tailStart = 0;
    /** Where the rows begin, right after the `[` of `value`, when this chunk holds it. */
    let rowsBegin = -1;
    // The scan's state lives in locals while the loop runs (a field read per byte costs twice the loop).
    let { depth, inString, escaped, phase, keyStart, keyEnd, rowStart } = this;
    const length = bytes.length;
    let index = scanFrom;
    while (index < length) {
      if (inString) {
        // Most bytes are inside strings, where only a quote (the end) or a backslash (skip the next byte) matters.
        if (escaped) {
          escaped = false;
          index++;
        }
        while (index < length) {
          const byte = bytes[index];
          if (byte === QUOTE) break;
          index += byte === BACKSLASH ? 2 : 1;
        }
        if (index >= length) {
          escaped = index > length; // the chunk ended right after a backslash
          break;
        }
        inString = false;
        if (depth === 1) keyEnd = index;
        index++;
        continue;
      }
      const byte = bytes[index];
      switch (byte) {
        case QUOTE:
          inString = true;
          if (depth === 1) keyStart = index + 1;
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          if (phase === 'rows' && depth === 2) {
            if (byte !== OPEN_BRACE) throw notARow();
            rowStart = index;
            if (rowsStart < 0) rowsStart = index;
          } else if (phase === 'before' && depth === 1 && byte === OPEN_BRACKET && isValueKey(bytes, keyStart, keyEnd)) {
            phase = 'rows';
            this.head = Buffer.from(bytes.subarray(0, index + 1));
            rowsBegin = index + 1;
          }
          depth++;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          if (--depth < 0) throw new SyntaxError('The collection is not valid JSON: a bracket closes nothing');
          if (phase === 'rows' && depth === 2) {
            rowsEnd = index + 1;
            rowStart = -1;
          } else if (phase === 'rows' && depth === 1) {
            phase = 'after';
            tailStart = index;
          }
          break;
        default:
          if (phase === 'rows' && depth === 2 && byte !== COMMA && !isWhitespace(byte)) throw notARow();
      }
      index++;
      if (rowsBegin >= 0) break;
    }
    Object.assign(this, { depth, inString, escaped, phase, keyStart, keyEnd, rowStart });
    if (rowsBegin >= 0) {
      // `value` has begun: its rows are read as a chunk of their own, so the first of them are cut natively too.
      this.pending = EMPTY;
      return this.push(bytes.subarray(rowsBegin));
    }
    const rows = rowsEnd < 0 ? NO_ROWS : parseRows(bytes, rowsStart, rowsEnd);
    this.keep(bytes, this.phase === 'before' ? 0 : this.phase === 'after' ? tailStart : this.rowStart >= 0 ? this.rowStart : bytes.length);
    return rows;
  }

  /**
   * The members around `value` (`value` itself empty: its rows were handed over), or the whole body when it had no
   * `value` array. Throws when the body ended early.
   */
  end(): Record<string, unknown> {
    if (this.phase === 'rows') throw new SyntaxError('The collection ended early');
    const text = this.head ? `${this.head.toString('utf8')}${this.pending.toString('utf8')}` : this.pending.toString('utf8');
    return JSON.parse(text) as Record<string, unknown>;
  }

  /** Keeps `bytes` from `start` on for the next chunk (the row in progress moves to 0). */
  private keep(bytes: Buffer, start: number): void {
    this.pending = bytes.subarray(start);
    if (this.rowStart >= 0) this.rowStart -= start;
  }
}

/**
 * The rows `bytes` completes up to its last `},{`, and where the row after it begins, when that separator is a
 * boundary between rows; undefined when there is none, or when it is inside a string or a row (see the class).
 * `bytes` begins with a row, or with the comma before one, as the reader keeps them; its first `kept` bytes are the
 * row in progress, kept from earlier chunks. A cut is tried only while that row is shorter than what has just
 * arrived, so each failed try (a `},{` inside a very long row's strings) costs at most twice the chunk, never the
 * whole row again and again.
 */
function rowsBeforeLastSeparator(bytes: Buffer, kept: number): { rows: unknown[]; rest: number } | undefined {
  if (kept > bytes.length - kept) return undefined;
  const separator = bytes.lastIndexOf(ROW_SEPARATOR);
  if (separator < 0) return undefined;
  let rows: unknown[];
  try {
    rows = parseRows(bytes, bytes[0] === COMMA ? 1 : 0, separator + 1);
  } catch {
    return undefined;
  }
  // The byte scan refuses a row that is not an object as it meets it; rows cut here were never scanned.
  for (const row of rows) if (typeof row !== 'object' || row === null || Array.isArray(row)) throw notARow();
  return { rows, rest: separator + 2 };
}

/** A run of complete rows (`{…},{…}`, from `start` to `end` of `bytes`) decoded and parsed by one `JSON.parse`. */
function parseRows(bytes: Buffer, start: number, end: number): unknown[] {
  return JSON.parse(`[${bytes.toString('utf8', start, end)}]`) as unknown[];
}

function notARow(): SyntaxError {
  return new SyntaxError('The collection is not what Dataverse sends: a member of value is not an object');
}

const EMPTY = Buffer.alloc(0);
const NO_ROWS: unknown[] = [];
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const VALUE_KEY = Buffer.from('value');
const ROW_SEPARATOR = Buffer.from('},{');
const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

function startsWithByteOrderMark(chunk: Uint8Array): boolean {
  return chunk.byteLength >= BYTE_ORDER_MARK.length && chunk[0] === BYTE_ORDER_MARK[0] && chunk[1] === BYTE_ORDER_MARK[1] && chunk[2] === BYTE_ORDER_MARK[2];
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isValueKey(bytes: Buffer, start: number, end: number): boolean {
  return start >= 0 && end - start === VALUE_KEY.length && bytes.compare(VALUE_KEY, 0, VALUE_KEY.length, start, end) === 0;
}

/**
 * An error of the caller's own code (a row mapper) thrown while a body was being read: not the network's fault, so the
 * client passes its cause on instead of retrying the request.
 */
export class CallerCodeError extends Error {
  constructor(override readonly cause: unknown) {
    super('The caller failed while the response was read');
  }
}

/** A collection response read as it arrives: each row mapped as soon as it is parsed; the members around `value` kept. */
export async function readCollection<Row, Item>(body: AsyncIterable<Uint8Array>, mapRow: (row: Row) => Item): Promise<Record<string, unknown> & { value: Item[] }> {
  const reader = new CollectionReader();
  const items: Item[] = [];
  for await (const chunk of body) {
    const rows = reader.push(chunk) as Row[];
    try {
      for (const row of rows) items.push(mapRow(row));
    } catch (error) {
      throw new CallerCodeError(error);
    }
  }
  return { ...reader.end(), value: items };
}
