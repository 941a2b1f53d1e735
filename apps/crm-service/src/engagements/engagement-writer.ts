import { Injectable } from '@nestjs/common';
import {
  ACTIVITY_POINTER_TABLE,
  classifyDataverseError,
  DataverseClient,
  DataverseFailureKind,
  DataverseRow,
  isDataverseError,
  LookupNavigationCache,
  remoteErrorOf,
} from '@dua/dataverse-client';
import {
  CallContext,
  CreateEngagementDto,
  CrmCreateOutcome,
  CrmCreateRequest,
  CrmDeleteRequestDto,
  CrmUpdateRequest,
  DomainError,
  EngagementDto,
  EngagementType,
  UpdateEngagementDto,
} from '@dua/unified-models';
import { requireFields } from '../common/crm-resource';
import { CrmReader } from '../common/crm-reader';
import { CrmWriter, lookupTargetMissing, PreparedWrite } from '../common/crm-writer';
import { ENGAGEMENT_TYPES } from './engagement.mapper';
import { ENGAGEMENT_TABLES, EngagementTable, partyBodies, unmapEngagement } from './engagement-write.mapper';
import { EngagementsService } from './engagements.service';

/** The party lookup of `activityparty`: one navigation property per target table (`partyid_contact`, …). */
const PARTY_LOOKUP = 'partyid';

/**
 * Engagement writes: each type to its own table (`phonecalls`, `emails`, `appointments`, `tasks`), participants as
 * that table's activity parties, `related_to` through the regarding navigation property the org's metadata names for
 * that table and target. Validation, custom fields and idempotency are `CrmWriter`'s; the answer is the engagement as
 * a GET reads it (from `activitypointers` with its parties).
 */
@Injectable()
export class EngagementWriter {
  constructor(
    private readonly reader: CrmReader,
    private readonly writer: CrmWriter,
    private readonly navigations: LookupNavigationCache,
    private readonly engagements: EngagementsService,
  ) {}

  async create(context: CallContext, request: CrmCreateRequest<CreateEngagementDto>): Promise<CrmCreateOutcome> {
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    const table = ENGAGEMENT_TABLES[request.data.type];
    const { type: _type, ...fields } = request.data;
    const { prepared, parties } = await this.prepare(client, table, request.data.type, fields, 'create', (input) => requireFields(input as CreateEngagementDto, 'subject'));
    // Deep insert: the parties are created with the activity, in the same request.
    const body: DataverseRow = parties ? { ...prepared.body, [table.parties]: parties } : prepared.body;
    return this.writer.createOnce(context, request, 'engagements', async (id) => {
      try {
        await client.insert(table.entitySet, id, body);
      } catch (error) {
        // ALREADY_EXISTS: an earlier attempt under this key created it (its answer was lost); complete, never duplicate.
        if (isDataverseError(error, DataverseFailureKind.NOT_FOUND)) throw lookupTargetMissing(error);
        if (!isDataverseError(error, DataverseFailureKind.ALREADY_EXISTS)) throw error;
      }
      // statecode is not valid on create: the state is its own update, always with its reason.
      if (prepared.state) await client.update(table.entitySet, id, { ...prepared.state });
      return JSON.stringify({ result: await this.read(context, request.integrated_account_id, id) });
    });
  }

  /**
   * Columns, lookups and state in one PATCH; with `participants`, the PATCH and the `PUT` of the whole party list go
   * in one `$batch` change set, so either both apply or neither does.
   * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api#associate-entities-on-update-using-collection-valued-navigation-property
   */
  async update(context: CallContext, request: CrmUpdateRequest<UpdateEngagementDto>): Promise<EngagementDto> {
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    const type = await this.typeOf(client, request.id);
    const table = ENGAGEMENT_TABLES[type];
    const { prepared, parties } = await this.prepare(client, table, type, request.data, 'update', () => []);
    const ifMatch = request.if_match ?? '*';
    const path = `${table.entitySet}(${request.id})`;
    const changes: DataverseRow = { ...prepared.body, ...prepared.state };
    try {
      if (!parties) {
        await client.update(table.entitySet, request.id, changes, { ifMatch });
      } else {
        const responses = await client.batch([
          {
            changeSet: [
              { method: 'PATCH', path, body: changes, headers: { 'If-Match': ifMatch } },
              { method: 'PUT', path: `${path}/${table.parties}`, body: { value: parties } },
            ],
          },
        ]);
        const failed = responses.find((response) => response.status >= 400);
        if (failed) throw classifyDataverseError(remoteErrorOf(failed.status, failed.body), undefined, { ifMatch });
      }
    } catch (error) {
      // The row was there a moment ago: a 404 now is a record a lookup or a party points to.
      if (isDataverseError(error, DataverseFailureKind.NOT_FOUND) && (prepared.bindsRecords || parties?.length)) throw lookupTargetMissing(error);
      throw error;
    }
    return this.read(context, request.integrated_account_id, request.id);
  }

  async delete(context: CallContext, request: CrmDeleteRequestDto): Promise<{ id: string }> {
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    const table = ENGAGEMENT_TABLES[await this.typeOf(client, request.id)];
    await client.delete(table.entitySet, request.id, request.if_match);
    return { id: request.id.toLowerCase() };
  }

  private async prepare(
    client: DataverseClient,
    table: EngagementTable,
    type: EngagementType,
    input: UpdateEngagementDto,
    mode: 'create' | 'update',
    missingOnCreate: (input: UpdateEngagementDto) => ReturnType<typeof requireFields>,
  ): Promise<{ prepared: PreparedWrite; parties?: DataverseRow[] }> {
    const write = unmapEngagement(input, type);
    let parties: DataverseRow[] | undefined;
    if (write.parties) {
      const navigations = await this.navigations.get(client, 'activityparty');
      parties = partyBodies(write.parties, (target, id) => navigations.bindingOf(PARTY_LOOKUP, target, id), write.plan);
    }
    const prepared = await this.writer.prepare(client, { table, write: { unmap: () => write.plan, missingOnCreate } }, input, mode);
    return { prepared, parties };
  }

  /** The engagement type of an activity, from `activitypointers`; 404 when it is missing or not an engagement. */
  private async typeOf(client: DataverseClient, id: string): Promise<EngagementType> {
    let row: DataverseRow;
    try {
      row = await client.retrieve<DataverseRow>(ACTIVITY_POINTER_TABLE.entitySet, id, { select: ['activitytypecode'] });
    } catch (error) {
      if (isDataverseError(error, DataverseFailureKind.NOT_FOUND)) throw DomainError.notFound(`Engagement ${id}`);
      throw error;
    }
    const type = ENGAGEMENT_TYPES[String(row['activitytypecode'])];
    if (!type) throw DomainError.notFound(`Engagement ${id}`);
    return type;
  }

  private read(context: CallContext, integratedAccountId: string, id: string): Promise<EngagementDto> {
    return this.engagements.get(context, { integrated_account_id: integratedAccountId, id });
  }
}
