import { DataverseRow, EntityAttributes, Filter, TableDescriptor } from '@dua/dataverse-client';
import { CrmListQueryDto } from '@dua/unified-models';

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
