import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmGetRequestDto, CrmPatterns, EngagementDto, ListEngagementsQueryDto, ListEnvelope } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { EngagementsService } from './engagements.service';

@Controller()
export class EngagementsHandler {
  constructor(private readonly engagements: EngagementsService) {}

  @MessagePattern(CrmPatterns.listEngagements)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListEngagementsQueryDto): Promise<ListEnvelope<EngagementDto>> {
    return this.engagements.list(context, query);
  }

  @MessagePattern(CrmPatterns.getEngagement)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<EngagementDto> {
    return this.engagements.get(context, request);
  }
}
