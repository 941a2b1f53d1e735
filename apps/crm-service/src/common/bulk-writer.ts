import { Inject, Injectable, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { BatchOperation, BatchResponse, buildQueryString, MAX_BATCH_OPERATIONS, classifyDataverseError, DataverseClient, DataverseFailureKind, DataverseRow, remoteErrorOf } from '@dua/dataverse-client';
import { domainErrorOfDataverse } from '@dua/account-access';
import { toFieldErrors } from '@dua/service-kit';
import {
  BulkOperationDto,
  BulkOperationResultDto,
  BulkResource,
  BulkWriteRequestDto,
  CallContext,
  CreateAccountDto,
  CreateContactDto,
  CreateLeadDto,
  CreateOpportunityDto,
  CrmCreateOutcome,
  CrmListQueryDto,
  CrmWriteDto,
  describeErrorCode,
  DomainError,
  ErrorCode,
  FieldError,
  UpdateAccountDto,
  UpdateContactDto,
  UpdateLeadDto,
  UpdateOpportunityDto,
} from '@dua/unified-models';
import { ACCOUNTS } from '../accounts/accounts.resource';
import { CONTACTS } from '../contacts/contacts.resource';
import { LEADS } from '../leads/leads.resource';
import { OPPORTUNITIES } from '../opportunities/opportunities.resource';
import { CrmReader, selectOf, toRecord } from './crm-reader';
import { CrmWritableResource } from './crm-resource';
import { CRM_WRITE_OPTIONS, CrmWriteOptions, CrmWriter, PreparedWrite, prepareWrite, WriteMetadata } from './crm-writer';
import { derivedUuid, IdempotentRequests, requestHashOf } from './idempotent-requests';

type AnyWritable = CrmWritableResource<object, unknown, CrmWriteDto, CrmListQueryDto>;

/** Each bulk resource with the DTOs its single create and update validate with. */
const BULK_DEFINITIONS: Readonly<Record<BulkResource, { resource: AnyWritable; create: Type<object>; update: Type<object> }>> = {
  contacts: { resource: CONTACTS as unknown as AnyWritable, create: CreateContactDto, update: UpdateContactDto },
  accounts: { resource: ACCOUNTS as unknown as AnyWritable, create: CreateAccountDto, update: UpdateAccountDto },
  leads: { resource: LEADS as unknown as AnyWritable, create: CreateLeadDto, update: UpdateLeadDto },
  opportunities: { resource: OPPORTUNITIES as unknown as AnyWritable, create: CreateOpportunityDto, update: UpdateOpportunityDto },
};

/**
 * Operations per `$batch` request. Dataverse takes up to 1000, but each operation counts against the service
 * protection limits and the whole request must finish within its 2-minute timeout: smaller requests, sent one after
 * another (each retried after a 429 like any request), keep a large bulk write paced and well inside both.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
export const OPERATIONS_PER_REQUEST = 250;
/**
 * `$batch` requests of one bulk write sent at once: two keep the pace (Dataverse allows 52 concurrent requests per
 * user) while one request's encoding and decoding here overlaps Dataverse working on the other.
 */
export const BATCHES_IN_FLIGHT = 2;

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true } as const;
const REPRESENTATION = { Prefer: 'return=representation,odata.include-annotations="*"' } as const;

/** The table every operation of a bulk write goes to, and the `$select` query its answers carry. */
interface WriteTarget {
  entitySet: string;
  query: string;
}

function targetOf(resource: AnyWritable, attributes: PreparedWrite['attributes']): WriteTarget {
  return { entitySet: resource.table.entitySet, query: buildQueryString({ select: selectOf(resource, attributes) }) };
}

/** One operation, checked and ready: the Dataverse requests it needs (a create with a status takes two). */
interface PlannedOperation {
  index: number;
  op: BulkOperationDto['op'];
  id: string;
  requests: BatchOperation[];
}

/**
 * `POST /unified/crm/{resource}/batch`: up to 1000 creates, updates and deletes sent as Dataverse `$batch`. Every
 * operation is validated as its single write is (DTO, metadata, custom fields) before anything is sent. `atomic`: one
 * change set, and any invalid operation refuses the whole request (400 naming `operations.<index>…`); otherwise
 * invalid operations are reported in place and the rest are sent with `Prefer: odata.continue-on-error`.
 */
@Injectable()
export class BulkWriter {
  constructor(
    private readonly reader: CrmReader,
    private readonly writer: CrmWriter,
    private readonly idempotency: IdempotentRequests,
    @Inject(CRM_WRITE_OPTIONS) private readonly options: CrmWriteOptions,
  ) {}

  async write(context: CallContext, request: BulkWriteRequestDto): Promise<CrmCreateOutcome> {
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    const definition = BULK_DEFINITIONS[request.resource];
    const scope = request.idempotency_key === undefined ? undefined : { integrated_account_id: request.integrated_account_id, key: request.idempotency_key };
    const hash = requestHashOf(`batch ${request.resource}`, { atomic: request.atomic ?? false, operations: request.operations });
    return this.idempotency.once(context, scope, hash, this.options.idempotencyLeaseMs, 200, async (seed) => JSON.stringify({ result: await this.run(client, definition.resource, request, seed) }));
  }

  private async run(client: DataverseClient, resource: AnyWritable, request: BulkWriteRequestDto, seed: string): Promise<BulkOperationResultDto[]> {
    const definition = BULK_DEFINITIONS[request.resource];
    const results: BulkOperationResultDto[] = new Array(request.operations.length);
    const planned: PlannedOperation[] = [];
    // Every operation writes the same table: its metadata is fetched once (when a valid operation first needs it), and
    // so is the `$select` the answers carry.
    let table: { metadata: WriteMetadata; target: WriteTarget } | undefined;
    const tableOf = async () => {
      if (!table) {
        const metadata = await this.writer.metadataOf(client, resource.table.logicalName);
        table = { metadata, target: targetOf(resource, metadata.attributes) };
      }
      return table;
    };
    for (const [index, operation] of request.operations.entries()) {
      const errors = this.check(operation, definition);
      if (errors.length) {
        results[index] = refused(index, errors);
        continue;
      }
      try {
        const { metadata, target } = table ?? (await tableOf());
        const prepared = operation.op === 'delete' ? undefined : prepareWrite(metadata, resource, (operation.data ?? {}) as CrmWriteDto, operation.op);
        planned.push(this.plan(target, operation, index, prepared, seed));
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== ErrorCode.VALIDATION_FAILED) throw error;
        results[index] = refused(index, ((error.details as { errors?: FieldError[] } | undefined)?.errors ?? [{ field: '', message: error.message }]).map((e) => ({ field: `data.${e.field}`, message: e.message })));
      }
    }
    const refusedOps = results.filter(Boolean);
    if (request.atomic && refusedOps.length) {
      const errors = refusedOps.flatMap((result) => result.error?.errors ?? []);
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `${refusedOps.length} of ${request.operations.length} operations are invalid; nothing was written`, { errors });
    }
    if (planned.length === 0) return results;
    const requestCount = planned.reduce((sum, operation) => sum + operation.requests.length, 0);
    if (request.atomic && requestCount > MAX_BATCH_OPERATIONS) {
      // One change set holds at most 1000 Dataverse operations, and a create with a status takes two.
      const message = `an atomic batch sends at most ${MAX_BATCH_OPERATIONS} Dataverse operations; these need ${requestCount} (a create with a status counts twice)`;
      throw new DomainError(ErrorCode.VALIDATION_FAILED, `operations: ${message}`, { errors: [{ field: 'operations', message }] });
    }
    const { metadata } = await tableOf();
    const mapping = { attributes: metadata.attributes, currencyCodes: metadata.currencyCodes };
    const answers = request.atomic ? await this.sendAtomic(client, planned) : await this.sendEach(client, planned);
    for (const operation of planned) results[operation.index] = this.resultOf(resource, operation, answers.get(operation.index) ?? [], mapping);
    return results;
  }

  /**
   * The operation's shape and its `data` as the single create or update validates it (the same DTO and rules; all
   * of them synchronous, so without a promise per operation).
   */
  private check(operation: BulkOperationDto, definition: (typeof BULK_DEFINITIONS)[BulkResource]): FieldError[] {
    const errors: FieldError[] = [];
    if (operation.op === 'create' && operation.id !== undefined) errors.push({ field: 'id', message: 'a create takes no id (the record id is generated)' });
    if (operation.op !== 'create' && operation.id === undefined) errors.push({ field: 'id', message: `an ${operation.op} needs the record's id` });
    if (operation.op === 'delete' && operation.data !== undefined) errors.push({ field: 'data', message: 'a delete takes no data' });
    if (operation.op !== 'delete' && operation.data === undefined) errors.push({ field: 'data', message: `a ${operation.op} needs data` });
    if (operation.op === 'create' && operation.if_match !== undefined) errors.push({ field: 'if_match', message: 'a create takes no if_match' });
    if (operation.data !== undefined && operation.op !== 'delete') {
      const dto = plainToInstance(operation.op === 'create' ? definition.create : definition.update, operation.data);
      errors.push(...toFieldErrors(validateSync(dto, VALIDATION), 'data'));
      if (errors.length === 0) operation.data = dto as Record<string, unknown>;
    }
    return errors;
  }

  private plan(target: WriteTarget, operation: BulkOperationDto, index: number, prepared: PreparedWrite | undefined, seed: string): PlannedOperation {
    // Creates write ids derived from the idempotency claim: a retry after an unknown outcome writes the same records.
    const id = operation.id?.toLowerCase() ?? derivedUuid(`${seed}:${index}`);
    const path = `${target.entitySet}(${id})`;
    if (!prepared) return { index, op: operation.op, id, requests: [{ method: 'DELETE', path, headers: operation.if_match ? { 'If-Match': operation.if_match } : {} }] };
    const withSelect = `${path}${target.query}`;
    if (operation.op === 'update') {
      return { index, op: operation.op, id, requests: [{ method: 'PATCH', path: withSelect, body: { ...prepared.body, ...prepared.state }, headers: { ...REPRESENTATION, 'If-Match': operation.if_match ?? '*' } }] };
    }
    const requests: BatchOperation[] = [{ method: 'PATCH', path: withSelect, body: prepared.body, headers: { ...REPRESENTATION, 'If-None-Match': '*' } }];
    // statecode is not valid on create for every table: the state is its own update.
    if (prepared.state) requests.push({ method: 'PATCH', path: withSelect, body: { ...prepared.state }, headers: { ...REPRESENTATION, 'If-Match': '*' } });
    return { index, op: operation.op, id, requests };
  }

  /**
   * One change set: Dataverse answers every operation, or the first failure alone, and then nothing was written: the
   * whole request answers that failure, naming the operation when Dataverse gives its Content-ID.
   */
  private async sendAtomic(client: DataverseClient, planned: PlannedOperation[]): Promise<Map<number, BatchResponse[]>> {
    const requests = planned.flatMap((operation) => operation.requests.map((request) => ({ operation, request })));
    const responses = await client.batch([{ changeSet: requests.map(({ request }) => request) }]);
    const failure = responses.find((response) => response.status >= 400);
    if (failure) {
      const failed = failure.contentId === undefined ? undefined : requests[Number(failure.contentId) - 1];
      const error = domainErrorOfDataverse(classifyDataverseError(remoteErrorOf(failure.status, failure.body), undefined, { ifMatch: failed?.request.headers?.['If-Match'], ifNoneMatch: failed?.request.headers?.['If-None-Match'] }));
      const where = failed ? `operations.${failed.operation.index}: ` : '';
      throw new DomainError(error.code, `${where}${error.message} (the atomic batch was rolled back; nothing was written)`, error.details);
    }
    const answers = new Map<number, BatchResponse[]>();
    requests.forEach(({ operation }, position) => answers.set(operation.index, [...(answers.get(operation.index) ?? []), responses[position]]));
    return answers;
  }

  /**
   * Independent operations, `OPERATIONS_PER_REQUEST` per `$batch`, going on after failures; `BATCHES_IN_FLIGHT` at a
   * time, so that encoding and decoding one overlaps Dataverse working on another.
   */
  private async sendEach(client: DataverseClient, planned: PlannedOperation[]): Promise<Map<number, BatchResponse[]>> {
    const answers = new Map<number, BatchResponse[]>();
    const chunks = chunksOf(planned);
    let next = 0;
    const sendChunks = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        // A create and its state change are one change set: the state applies only to a created row.
        const responses = await client.batch(chunk.map((operation) => (operation.requests.length > 1 ? { changeSet: operation.requests } : operation.requests[0])), { continueOnError: true });
        let position = 0;
        for (const operation of chunk) {
          const failedSet = operation.requests.length > 1 && responses[position]?.status >= 400;
          const count = failedSet ? 1 : operation.requests.length;
          answers.set(operation.index, responses.slice(position, position + count));
          position += count;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCHES_IN_FLIGHT, chunks.length) }, sendChunks));
    return answers;
  }

  private resultOf(resource: AnyWritable, operation: PlannedOperation, responses: BatchResponse[], mapping: Parameters<typeof toRecord>[2]): BulkOperationResultDto {
    const failure = responses.find((response) => response.status >= 400) ?? (responses.length === 0 ? { status: 502, headers: {}, body: undefined } : undefined);
    if (failure) {
      const sent = operation.requests[0].headers ?? {};
      const classified = classifyDataverseError(remoteErrorOf(failure.status, failure.body), undefined, { ifMatch: sent['If-Match'], ifNoneMatch: sent['If-None-Match'] });
      // An earlier attempt under the same key created it (its answer was lost): created, not a conflict.
      if (classified.kind === DataverseFailureKind.ALREADY_EXISTS) return { index: operation.index, status: 201, result: { id: operation.id } };
      const error = domainErrorOfDataverse(classified);
      const code = error.code === ErrorCode.NOT_FOUND && operation.op === 'create' ? ErrorCode.UPSTREAM_REJECTED : error.code;
      return { index: operation.index, status: describeErrorCode(code).status, error: { code, message: error.message, ...(error.details as object | undefined) } };
    }
    if (operation.op === 'delete') return { index: operation.index, status: 200, result: { id: operation.id } };
    const row = responses[responses.length - 1].body as DataverseRow | undefined;
    const record = row && typeof row === 'object' ? (toRecord(resource, row as never, mapping, false) as Record<string, unknown>) : { id: operation.id };
    return { index: operation.index, status: operation.op === 'create' ? 201 : 200, result: record };
  }
}

/** The operations in request order, cut into `$batch` requests of at most `OPERATIONS_PER_REQUEST` Dataverse operations. */
function chunksOf(planned: PlannedOperation[]): PlannedOperation[][] {
  const chunks: PlannedOperation[][] = [];
  let size = OPERATIONS_PER_REQUEST;
  for (const operation of planned) {
    if (size + operation.requests.length > OPERATIONS_PER_REQUEST) {
      chunks.push([]);
      size = 0;
    }
    chunks[chunks.length - 1].push(operation);
    size += operation.requests.length;
  }
  return chunks;
}

function refused(index: number, errors: FieldError[]): BulkOperationResultDto {
  const named = errors.map((error) => ({ field: `operations.${index}.${error.field}`, message: error.message }));
  return { index, status: 400, error: { code: ErrorCode.VALIDATION_FAILED, message: named.length === 1 ? `${named[0].field}: ${named[0].message}` : `${named.length} fields are invalid`, errors: named } };
}
