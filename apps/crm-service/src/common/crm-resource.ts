import { DataverseRow, EntityAttributes, Filter, TableDescriptor } from '@dua/dataverse-client';
import { CrmListQueryDto, CrmWriteDto, FieldError } from '@dua/unified-models';
import { WritePlan } from './write-plan';

/** What a mapper may use besides the row: everything is resolved before mapping, never fetched per row. */
export interface MappingContext {
  /** The table's attribute metadata (custom columns, option sets). */
  attributes: EntityAttributes;
  /** ISO 4217 code by `transactioncurrencyid`. */
  currencyCodes: ReadonlyMap<string, string>;
}

/** The resource-specific part of a record; the machinery adds `id, created_at, updated_at, etag, custom_fields, remote_data`. */
export type ResourceFields<Dto> = Omit<Dto, 'id' | 'created_at' | 'updated_at' | 'etag' | 'custom_fields' | 'remote_data'>;

/**
 * One Unified CRM resource read from one Dataverse table. Adding a resource = a descriptor, a pure mapper, a
 * definition like this one, and a handler that hands them to `CrmReader` (see README.md).
 */
export interface CrmResource<Row extends object, Dto, Query extends CrmListQueryDto = CrmListQueryDto> {
  /** The public name, as in `/unified/crm/{name}`; also the cursor's scope. */
  name: string;
  table: TableDescriptor<Row>;
  /** The column `sort_by=name` orders by; absent where sorting by name does not apply. */
  nameColumn?: string;
  /** Whether the mapper reads `currencyCodes` (money columns): they are fetched (and cached) only then. */
  usesCurrencies?: boolean;
  /** The `$filter` of the resource's own query parameters; values go through the library's literals only. */
  filter?: (query: Query, attributes: EntityAttributes) => Filter | undefined;
  /** Pure: a Dataverse row (with annotations) to the resource's own fields. */
  map: (row: Row & DataverseRow, context: MappingContext) => ResourceFields<Dto>;
}

/** What a reverse mapper may use besides the input, resolved before mapping. */
export interface WriteMappingContext {
  /** `transactioncurrencyid` by ISO 4217 code. */
  currencyIds: ReadonlyMap<string, string>;
}

/**
 * The write side of a resource: a pure reverse mapper beside the read mapper (built from the same column tables) and
 * the fields a create must carry. Handed to `CrmWriter` with the resource, as reads are handed to `CrmReader`.
 */
export interface CrmWriteDefinition<Input> {
  /** Pure: any subset of the writable unified fields to the columns, lookups and state to write. */
  unmap: (input: Input, context: WriteMappingContext) => WritePlan;
  /** The required fields a create lacks (API.md "Writes"), as field errors. */
  missingOnCreate: (input: Input) => FieldError[];
}

export interface CrmWritableResource<Row extends object, Dto, Input extends CrmWriteDto, Query extends CrmListQueryDto = CrmListQueryDto> extends CrmResource<Row, Dto, Query> {
  write: CrmWriteDefinition<Input>;
}

/** `field` is required: a blank string counts as missing. */
export function requireFields<Input extends object>(input: Input, ...fields: (keyof Input & string)[]): FieldError[] {
  return fields.filter((field) => isBlank(input[field])).map((field) => ({ field, message: `${field} is required` }));
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
