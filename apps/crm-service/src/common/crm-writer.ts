import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  DataverseClient,
  DataverseFailureKind,
  DataverseRow,
  EntityAttributes,
  isDataverseError,
  LookupNavigationCache,
  LookupNavigations,
} from '@dua/dataverse-client';
import { domainErrorOfDataverse } from '@dua/account-access';
import {
  CallContext,
  CrmCreateOutcome,
  CrmCreateRequest,
  CrmDeleteRequestDto,
  CrmListQueryDto,
  CrmUpdateRequest,
  CrmWriteDto,
  DomainError,
  ErrorCode,
  FieldError,
} from '@dua/unified-models';
import { CrmReader, selectOf, toRecord } from './crm-reader';
import { CrmWritableResource } from './crm-resource';
import { CurrencyDirectory } from './currency-directory';
import { WriteMode, writeCustomFields } from './custom-field-writes';
import { derivedUuid, IdempotentRequests, requestHashOf } from './idempotent-requests';
import { currencyIdsOf } from './record-fields';
import { StateWrite } from './write-plan';

/** How long an idempotency key is held by the attempt that claimed it before a retry may take over. */
export const CRM_WRITE_OPTIONS = Symbol('CRM_WRITE_OPTIONS');
export interface CrmWriteOptions {
  idempotencyLeaseMs: number;
}

/** A write checked against the org's metadata and ready to send. */
export interface PreparedWrite {
  body: DataverseRow;
  state?: StateWrite;
  /** Whether the body points lookups at records (a 404 may then be about one of them). */
  bindsRecords: boolean;
  attributes: EntityAttributes;
  currencyCodes: ReadonlyMap<string, string>;
}

type AnyWritable = CrmWritableResource<object, unknown, CrmWriteDto, CrmListQueryDto>;
/** What `prepare` needs of a resource: its table's logical name and its reverse mapper. */
type WritableShape = Pick<AnyWritable, 'write'> & { table: { logicalName: string } };

/** The org's metadata of one table, as a write is checked against it. */
export interface WriteMetadata {
  entity: string;
  attributes: EntityAttributes;
  navigations: LookupNavigations;
  currencyCodes: ReadonlyMap<string, string>;
  currencyIds: ReturnType<typeof currencyIdsOf>;
}

/**
 * The shared create/update/delete machinery of the Unified CRM API: the resource's reverse mapper, `custom_fields`
 * checked against the org's metadata, lookups bound through the navigation properties the org's metadata names, and
 * nothing sent until all of it is valid. Creates write an id we generate (`PATCH` + `If-None-Match: *`), so a retry
 * under the same `Idempotency-Key` completes a create whose outcome was unknown instead of duplicating it; updates
 * send `If-Match` (the caller's etag, else `*`: never an upsert). Every answer is the record as a GET returns it, in
 * one round trip (`return=representation` with the read side's `$select`).
 */
@Injectable()
export class CrmWriter {
  constructor(
    private readonly reader: CrmReader,
    private readonly navigations: LookupNavigationCache,
    private readonly currencies: CurrencyDirectory,
    private readonly idempotency: IdempotentRequests,
    @Inject(CRM_WRITE_OPTIONS) private readonly options: CrmWriteOptions,
  ) {}

  async create<Row extends object, Dto, Input extends CrmWriteDto>(context: CallContext, resource: CrmWritableResource<Row, Dto, Input, never>, request: CrmCreateRequest<Input>): Promise<CrmCreateOutcome> {
    const writable = resource as unknown as AnyWritable;
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    const prepared = await this.prepare(client, writable, request.data, 'create');
    return this.createOnce(context, request, resource.name, (id) => this.insert(client, writable, prepared, id));
  }

  /**
   * Runs `insert` with a record id we generate; under the caller's `Idempotency-Key` the id is bound to the key, so a
   * retry writes (or finds) the same record and a finished one answers the stored response.
   */
  async createOnce(context: CallContext, request: CrmCreateRequest<unknown>, resourceName: string, insert: (id: string) => Promise<string>): Promise<CrmCreateOutcome> {
    const key = request.idempotency_key;
    if (key === undefined) return { body: await insert(randomUUID()), replayed: false };

    const scope = { integrated_account_id: request.integrated_account_id, key };
    const hash = requestHashOf(`create ${resourceName}`, request.data);
    // The record id follows from the key and the request, so every retry writes the same record even were the claim
    // lost (a Postgres crash): the claim is recoverable and need not wait for the disk.
    const id = derivedUuid('idempotent create', context.environment_id ?? '', request.integrated_account_id, key, hash);
    const claim = await this.idempotency.begin(context, scope, hash, id, this.options.idempotencyLeaseMs, true);
    if (claim.state === 'completed') return { body: claim.response_body ?? '', replayed: true };
    let body: string;
    try {
      body = await insert(claim.resource_id);
    } catch (error) {
      // The key stays bound to its record id: a retry writes the same record, or finds it written.
      await this.idempotency.release(context, scope).catch(() => undefined);
      throw error;
    }
    // A retry under this key writes the same id with If-None-Match and finds the record: the answer is recoverable.
    await this.idempotency.complete(context, scope, 201, body, true);
    return { body, replayed: false };
  }

  async update<Row extends object, Dto, Input extends CrmWriteDto>(context: CallContext, resource: CrmWritableResource<Row, Dto, Input, never>, request: CrmUpdateRequest<Input>): Promise<Dto> {
    const writable = resource as unknown as AnyWritable;
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    const prepared = await this.prepare(client, writable, request.data, 'update');
    const { table } = writable;
    const select = selectOf(writable, prepared.attributes);
    let row: DataverseRow;
    try {
      row = await client.update<DataverseRow>(table.entitySet, request.id, { ...prepared.body, ...prepared.state }, { ifMatch: request.if_match ?? '*', select });
    } catch (error) {
      throw await this.updateFailure(client, writable, request.id, prepared, error);
    }
    return toRecord(writable, row, { attributes: prepared.attributes, currencyCodes: prepared.currencyCodes }, false) as Dto;
  }

  async delete(context: CallContext, resource: { table: { entitySet: string } }, request: CrmDeleteRequestDto): Promise<{ id: string }> {
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    await client.delete(resource.table.entitySet, request.id, request.if_match);
    return { id: request.id.toLowerCase() };
  }

  /**
   * Everything that can be refused is refused here, before a single write is sent. `resource` needs only its table's
   * logical name and its reverse mapper, so tables written under one resource (engagements) use it too.
   */
  async prepare(client: DataverseClient, resource: WritableShape, input: CrmWriteDto, mode: WriteMode): Promise<PreparedWrite> {
    return prepareWrite(await this.metadataOf(client, resource.table.logicalName), resource, input, mode);
  }

  /** The org's metadata a write of `entity` is checked against (cached): many writes of one table share it. */
  async metadataOf(client: DataverseClient, entity: string): Promise<WriteMetadata> {
    const [attributes, navigations, currencyCodes] = await Promise.all([this.reader.attributes(client, entity), this.navigations.get(client, entity), this.currencies.codes(client)]);
    return { entity, attributes, navigations, currencyCodes, currencyIds: currencyIdsOf(currencyCodes) };
  }

  /** Creates the row under `id` (or finds it created by an earlier attempt), applies the state, answers the record's JSON. */
  private async insert(client: DataverseClient, resource: AnyWritable, prepared: PreparedWrite, id: string): Promise<string> {
    const { table } = resource;
    const select = selectOf(resource, prepared.attributes);
    let row: DataverseRow;
    try {
      row = await client.insert<DataverseRow>(table.entitySet, id, prepared.body, select);
    } catch (error) {
      if (isDataverseError(error, DataverseFailureKind.ALREADY_EXISTS)) {
        // An earlier attempt under this key did create it (its answer was lost): complete, never duplicate.
        row = await client.retrieve<DataverseRow>(table.entitySet, id, { select });
      } else if (isDataverseError(error, DataverseFailureKind.NOT_FOUND)) {
        // The row is new, so what does not exist is a record a lookup points to.
        throw lookupTargetMissing(error);
      } else {
        throw error;
      }
    }
    // statecode is not valid on create for every table: the state is its own update, always with its reason.
    if (prepared.state) row = await client.update<DataverseRow>(table.entitySet, id, { ...prepared.state }, { select });
    const record = toRecord(resource, row, { attributes: prepared.attributes, currencyCodes: prepared.currencyCodes }, false);
    return JSON.stringify({ result: record });
  }

  /** A 404 on an update is the record being gone, unless the record is there and a lookup target is not. */
  private async updateFailure(client: DataverseClient, resource: AnyWritable, id: string, prepared: PreparedWrite, error: unknown): Promise<unknown> {
    if (!isDataverseError(error, DataverseFailureKind.NOT_FOUND) || !prepared.bindsRecords) return error;
    const exists = await client
      .retrieve(resource.table.entitySet, id, { select: [resource.table.primaryKey] })
      .then(() => true)
      .catch((lookup: unknown) => (isDataverseError(lookup, DataverseFailureKind.NOT_FOUND) ? false : Promise.reject(lookup)));
    return exists ? lookupTargetMissing(error) : error;
  }
}

export function lookupTargetMissing(error: Parameters<typeof domainErrorOfDataverse>[0]): DomainError {
  const translated = domainErrorOfDataverse(error);
  return new DomainError(ErrorCode.UPSTREAM_REJECTED, `A related record does not exist: ${translated.message}`, translated.details);
}

/** The write of `input` checked against the org's metadata: the Dataverse body, or VALIDATION_FAILED naming each bad field. */
export function prepareWrite(metadata: WriteMetadata, resource: WritableShape, input: CrmWriteDto, mode: WriteMode): PreparedWrite {
  const { entity, attributes, navigations, currencyCodes } = metadata;
  const plan = resource.write.unmap(input, { currencyIds: metadata.currencyIds });
  writeCustomFields(plan, input.custom_fields, attributes, mode);
  const errors: FieldError[] = [...(mode === 'create' ? resource.write.missingOnCreate(input) : []), ...plan.errors];
  const body: DataverseRow = { ...plan.columns };
  for (const lookup of plan.lookups) {
    const binding = navigations.bindingOf(lookup.lookup, lookup.target, lookup.id);
    if (binding) Object.assign(body, binding);
    else errors.push({ field: lookup.field, message: `this organization cannot link ${entity}.${lookup.lookup} to a ${lookup.target}` });
  }
  if (errors.length) throw new DomainError(ErrorCode.VALIDATION_FAILED, errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} fields are invalid`, { errors });
  return { body, state: plan.state, bindsRecords: plan.lookups.some((lookup) => lookup.id !== null), attributes, currencyCodes };
}
