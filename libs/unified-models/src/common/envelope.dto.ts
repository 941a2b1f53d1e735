import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** The list envelope of every collection route. */
export interface ListEnvelope<Item> {
  result: Item[];
  next_cursor: string | null;
  result_count: number;
  total_count?: number;
}

export interface SingleEnvelope<Item> {
  result: Item;
}

export function listEnvelopeOf<Item>(result: Item[], nextCursor: string | null, totalCount?: number): ListEnvelope<Item> {
  const envelope: ListEnvelope<Item> = { result, next_cursor: nextCursor, result_count: result.length };
  if (totalCount !== undefined) envelope.total_count = totalCount;
  return envelope;
}

/**
 * A value already in its wire form: the JSON text of a `T`, as UTF-8. A service builds one when writing the JSON as it
 * goes is cheaper than holding the value whole (a page's records, see `listEnvelopeJson`); the services' reply
 * serializer sends its bytes as they are, so the caller cannot tell it from `T` serialized at the end.
 */
export class SerializedJson<T> {
  /** What the bytes hold, for the compiler only. */
  declare readonly of?: T;

  constructor(readonly bytes: Uint8Array) {}
}

/**
 * `listEnvelopeOf(records, …)` as JSON, from each record's own JSON (UTF-8): the same bytes `JSON.stringify` writes for
 * that envelope. A page's records can then be serialized one by one as they are mapped, so each record's objects die
 * young: a 5000-row page takes a few hundred milliseconds to read, and its records, held until the page was complete,
 * outlived the young generation as trees of objects for the collector to copy and trace. Held as bytes outside the
 * heap, and joined here without a string of the whole page (a string that large is allocated straight into the old
 * generation, where each page's would bring on a full collection).
 */
export function listEnvelopeJson<Item>(recordsJson: Uint8Array[], nextCursor: string | null, totalCount?: number): SerializedJson<ListEnvelope<Item>> {
  const { result: _, ...members } = listEnvelopeOf(recordsJson, nextCursor, totalCount);
  const parts: Uint8Array[] = [RESULT_OPENING];
  for (const [index, record] of recordsJson.entries()) {
    if (index > 0) parts.push(COMMA);
    parts.push(record);
  }
  parts.push(Buffer.from(`],${JSON.stringify(members).slice(1)}`));
  return new SerializedJson(Buffer.concat(parts));
}

const RESULT_OPENING = Buffer.from('{"result":[');
const COMMA = Buffer.from(',');

/** The OpenAPI schema class of a list envelope of `item`, e.g. `IntegratedAccountList`. */
export function ListEnvelopeDto(item: Type<unknown>, name: string): Type<ListEnvelope<unknown>> {
  class ListEnvelopeSchema {
    @ApiProperty({ type: [item] })
    result: unknown[];

    @ApiProperty({ type: String, nullable: true, description: 'Opaque cursor of the next page; null on the last page.' })
    next_cursor: string | null;

    @ApiProperty({ description: 'Number of records in `result`.' })
    result_count: number;

    @ApiProperty({ required: false, description: 'Total number of matching records, with `include_total=true`.' })
    total_count?: number;
  }
  Object.defineProperty(ListEnvelopeSchema, 'name', { value: name });
  return ListEnvelopeSchema;
}

/** The OpenAPI schema class of a single-record envelope of `item`. */
export function SingleEnvelopeDto(item: Type<unknown>, name: string): Type<SingleEnvelope<unknown>> {
  class SingleEnvelopeSchema {
    @ApiProperty({ type: item })
    result: unknown;
  }
  Object.defineProperty(SingleEnvelopeSchema, 'name', { value: name });
  return SingleEnvelopeSchema;
}
