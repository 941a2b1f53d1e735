import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmGetRequestDto, CrmPatterns, OpportunityDto, ListEnvelope, ListOpportunitiesQueryDto } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmReader } from '../common/crm-reader';
import { OPPORTUNITIES } from './opportunities.resource';

@Controller()
export class OpportunitiesHandler {
  constructor(private readonly reader: CrmReader) {}

  @MessagePattern(CrmPatterns.listOpportunities)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListOpportunitiesQueryDto): Promise<ListEnvelope<OpportunityDto>> {
    return this.reader.list(context, OPPORTUNITIES, query);
  }

  @MessagePattern(CrmPatterns.getOpportunity)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<OpportunityDto> {
    return this.reader.get(context, OPPORTUNITIES, request);
  }
}
