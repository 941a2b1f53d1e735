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
