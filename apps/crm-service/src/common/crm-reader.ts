import { Inject, Injectable } from '@nestjs/common';
import { AccountDataverse, cursorBinding, decodeNextLink, pageAtCursor } from '@dua/account-access';
import {
  and,
  AnnotationRequest,
  AttributeMetadataCache,
  DataverseClient,
  DataverseRow,
  EntityAttributes,
  gt,
  guid,
  LOOKUP_TYPE_ANNOTATIONS,
  ODataQuery,
  OrderBy,
} from '@dua/dataverse-client';
import { CursorCodec } from '@dua/service-kit';
import {
  CallContext,
  CrmGetRequestDto,
  CrmListQueryDto,
  CrmSortBy,
  DomainError,
  ErrorCode,
  ListEnvelope,
  listEnvelopeJson,
  listEnvelopeOf,
  SerializedJson,
  SortOrder,
} from '@dua/unified-models';
import { CrmResource, MappingContext } from './crm-resource';
import { CurrencyDirectory } from './currency-directory';
import { auditFieldsOf, customFieldsOf } from './record-fields';

const NO_CURRENCIES: ReadonlyMap<string, string> = new Map();

/** The parts of a resource that do not depend on its row and DTO types. */
interface ResourceShape {
  name: string;
  table: { logicalName: string; entitySet: string; primaryKey: string; select: readonly string[] };
  nameColumn?: string;
  usesCurrencies?: boolean;
}

/**
 * The shared list/get machinery of the Unified CRM API: per-account Dataverse clients, `$select` from the table
 * descriptor intersected with the org's metadata (plus every custom column), date filters and sorting, signed
 * cursors over `@odata.nextLink`, `$count`, and mapping with the common record fields.
 */
@Injectable()
export class CrmReader {
  constructor(
    private readonly dataverse: AccountDataverse,
    @Inject(CursorCodec) private readonly cursors: CursorCodec,
    private readonly metadata: AttributeMetadataCache,
    private readonly currencies: CurrencyDirectory,
  ) {}

  /** The client of the request's integrated account (404 when it is not one of the caller's environment). */
  clientFor(context: CallContext, integratedAccountId: string): Promise<DataverseClient> {
    return this.dataverse.clientFor(context, integratedAccountId);
  }

  /** The cached attribute metadata of a table in the account's environment. */
  attributes(client: DataverseClient, entity: string): Promise<EntityAttributes> {
    return this.metadata.get(client, entity);
  }

  /**
   * A page of records as a handler answers it: each record serialized to UTF-8 as soon as it is mapped, so no record
   * object outlives its row, and the page is held as bytes outside the heap (see `listEnvelopeJson`).
   */
  async list<Row extends object, Dto, Query extends CrmListQueryDto>(
    context: CallContext,
    resource: CrmResource<Row, Dto, Query>,
    query: Query,
  ): Promise<SerializedJson<ListEnvelope<Dto>>> {
    const { items, nextCursor, totalCount } = await this.page(context, resource, query, (record) => Buffer.from(JSON.stringify(record)));
    return listEnvelopeJson(items, nextCursor, totalCount);
  }

  /** A page of records as objects, for a service that completes them before it answers (engagements). */
  async listRecords<Row extends object, Dto, Query extends CrmListQueryDto>(
    context: CallContext,
    resource: CrmResource<Row, Dto, Query>,
    query: Query,
  ): Promise<ListEnvelope<Dto>> {
    const { items, nextCursor, totalCount } = await this.page(context, resource, query, (record) => record);
    return listEnvelopeOf(items, nextCursor, totalCount);
  }

  private async page<Row extends object, Dto, Query extends CrmListQueryDto, Item>(
    context: CallContext,
    resource: CrmResource<Row, Dto, Query>,
    query: Query,
    finish: (record: Dto) => Item,
  ): Promise<{ items: Item[]; nextCursor: string | null; totalCount: number | undefined }> {
    const binding = cursorBinding(context, resource.name, query);
    const position = decodeNextLink(this.cursors, query.next_cursor, binding);
    const client = await this.clientFor(context, query.integrated_account_id);
    const [attributes, currencyCodes] = await Promise.all([this.attributes(client, resource.table.logicalName), this.currencyCodes(client, resource)]);
    // Dataverse wants a nextLink followed with the page size it was issued for.
    const pageSize = position?.pageSize ?? query.limit ?? 100;
    const source = { entitySet: resource.table.entitySet, query: listQuery(resource, query, attributes) };
    const mapping: MappingContext = { attributes, currencyCodes };
    const includeRemoteData = query.include_remote_data === true;
    const toItem = (row: Row & DataverseRow) => finish(toRecord(resource, row, mapping, includeRemoteData));
    const { page, nextCursor } = await pageAtCursor(client, this.cursors, position, source, pageSize, binding, annotationsFor(includeRemoteData), toItem);
    return { items: page.rows, nextCursor, totalCount: query.include_total ? (page.count ?? page.rows.length) : undefined };
  }

  async get<Row extends object, Dto>(context: CallContext, resource: CrmResource<Row, Dto, never>, request: CrmGetRequestDto): Promise<Dto> {
    const id = guid(request.id).value;
    const client = await this.clientFor(context, request.integrated_account_id);
    const [attributes, currencyCodes] = await Promise.all([this.attributes(client, resource.table.logicalName), this.currencyCodes(client, resource)]);
    const row = await client.retrieve<Row & DataverseRow>(resource.table.entitySet, id, { select: selectOf(resource, attributes) }, annotationsFor(request.include_remote_data === true));
    return toRecord(resource, row, { attributes, currencyCodes }, request.include_remote_data === true);
  }

  private currencyCodes(client: DataverseClient, resource: ResourceShape): Promise<ReadonlyMap<string, string>> {
    return resource.usesCurrencies ? this.currencies.codes(client) : Promise.resolve(NO_CURRENCIES);
  }
}

/**
 * What to ask Dataverse for: the mappers read only the lookup types (choice labels come from the cached metadata);
 * `remote_data` is the raw row as Dataverse gives it, with every annotation.
 */
export function annotationsFor(includeRemoteData: boolean): AnnotationRequest {
  return includeRemoteData ? true : LOOKUP_TYPE_ANNOTATIONS;
}

/** The descriptor's columns this org has (orgs differ: a column may be missing), then every custom column. */
export function selectOf(resource: ResourceShape, attributes: EntityAttributes): string[] {
  const present = resource.table.select.filter((column) => attributes.has(logicalNameOfColumn(column)));
  const custom = attributes.customColumns.map(({ column }) => column).filter((column) => !present.includes(column));
  return [...present, ...custom];
}

function logicalNameOfColumn(column: string): string {
  const lookup = /^_(.+)_value$/.exec(column);
  return lookup ? lookup[1] : column;
}

const SORT_COLUMNS: Record<Exclude<CrmSortBy, CrmSortBy.NAME>, string> = {
  [CrmSortBy.CREATED_AT]: 'createdon',
  [CrmSortBy.UPDATED_AT]: 'modifiedon',
};

export function listQuery<Row extends object, Query extends CrmListQueryDto>(resource: CrmResource<Row, unknown, Query>, query: Query, attributes: EntityAttributes): ODataQuery {
  const filter = and(
    query.updated_after ? gt('modifiedon', new Date(query.updated_after)) : undefined,
    query.created_after ? gt('createdon', new Date(query.created_after)) : undefined,
    resource.filter?.(query, attributes),
  );
  return { select: selectOf(resource, attributes), filter, orderBy: orderOf(resource, query), count: query.include_total === true };
}

function orderOf(resource: ResourceShape, query: CrmListQueryDto): OrderBy[] | undefined {
  if (!query.sort_by) return undefined;
  let column: string;
  if (query.sort_by === CrmSortBy.NAME) {
    if (!resource.nameColumn) throw new DomainError(ErrorCode.VALIDATION_FAILED, `${resource.name} cannot be sorted by name`, { errors: [{ field: 'sort_by', message: 'name does not apply to this resource' }] });
    column = resource.nameColumn;
  } else {
    column = SORT_COLUMNS[query.sort_by];
  }
  const direction = query.order ?? SortOrder.ASC;
  // The primary key breaks ties, so pages never overlap or skip rows with equal sort values.
  return [{ column, direction }, { column: resource.table.primaryKey, direction }];
}

/** The unified record: id first, the resource's fields, then the common fields. */
export function toRecord<Row extends object, Dto>(resource: CrmResource<Row, Dto, never>, row: Row & DataverseRow, mapping: MappingContext, includeRemoteData: boolean): Dto {
  const record: Record<string, unknown> = {
    id: row[resource.table.primaryKey as keyof Row],
    ...resource.map(row, mapping),
    ...auditFieldsOf(row),
    custom_fields: customFieldsOf(row, mapping.attributes),
  };
  if (includeRemoteData) record['remote_data'] = row;
  return record as Dto;
}
