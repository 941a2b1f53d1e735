import { Injectable } from '@nestjs/common';
import { DataverseClient } from '@dua/dataverse-client';
import { CallContext, CrmGetRequestDto, DomainError, EngagementDto, ListEngagementsQueryDto, ListEnvelope } from '@dua/unified-models';
import { CrmReader } from '../common/crm-reader';
import { withRelated } from './engagement.mapper';
import { fetchEngagementRelated } from './engagement-related';
import { ENGAGEMENTS } from './engagements.resource';

/** The shared reader for the activitypointer rows, then the parties and type-specific columns of the whole page. */
@Injectable()
export class EngagementsService {
  constructor(private readonly reader: CrmReader) {}

  async list(context: CallContext, query: ListEngagementsQueryDto): Promise<ListEnvelope<EngagementDto>> {
    const envelope = await this.reader.listRecords(context, ENGAGEMENTS, query);
    if (envelope.result.length === 0) return envelope;
    const client = await this.reader.clientFor(context, query.integrated_account_id);
    return { ...envelope, result: await this.enrich(client, envelope.result) };
  }

  async get(context: CallContext, request: CrmGetRequestDto): Promise<EngagementDto> {
    const record = await this.reader.get(context, ENGAGEMENTS, request);
    // activitypointers also holds letters, faxes, …: those are not engagements.
    if (!record.type) throw DomainError.notFound(`Engagement ${request.id}`);
    const client = await this.reader.clientFor(context, request.integrated_account_id);
    return (await this.enrich(client, [record]))[0];
  }

  private async enrich(client: DataverseClient, records: EngagementDto[]): Promise<EngagementDto[]> {
    const related = await fetchEngagementRelated(client, records);
    return records.map((record) => withRelated(record, related.get(record.id)));
  }
}
