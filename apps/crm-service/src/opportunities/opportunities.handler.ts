import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmGetRequestDto, CrmPatterns, OpportunityDto, ListEnvelope, ListOpportunitiesQueryDto, CreateOpportunityRequestDto, CrmCreateOutcome, CrmDeleteRequestDto, UpdateOpportunityRequestDto, SerializedJson } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmReader } from '../common/crm-reader';
import { CrmWriter } from '../common/crm-writer';
import { OPPORTUNITIES } from './opportunities.resource';

@Controller()
export class OpportunitiesHandler {
  constructor(
    private readonly reader: CrmReader,
    private readonly writer: CrmWriter,
  ) {}

  @MessagePattern(CrmPatterns.listOpportunities)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListOpportunitiesQueryDto): Promise<SerializedJson<ListEnvelope<OpportunityDto>>> {
    return this.reader.list(context, OPPORTUNITIES, query);
  }

  @MessagePattern(CrmPatterns.getOpportunity)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<OpportunityDto> {
    return this.reader.get(context, OPPORTUNITIES, request);
  }

  @MessagePattern(CrmPatterns.createOpportunity)
  create(@RpcCallContext() context: CallContext, @RpcPayload() request: CreateOpportunityRequestDto): Promise<CrmCreateOutcome> {
    return this.writer.create(context, OPPORTUNITIES, request);
  }

  @MessagePattern(CrmPatterns.updateOpportunity)
  update(@RpcCallContext() context: CallContext, @RpcPayload() request: UpdateOpportunityRequestDto): Promise<OpportunityDto> {
    return this.writer.update(context, OPPORTUNITIES, request);
  }

  @MessagePattern(CrmPatterns.deleteOpportunity)
  delete(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmDeleteRequestDto): Promise<{ id: string }> {
    return this.writer.delete(context, OPPORTUNITIES, request);
  }
}
