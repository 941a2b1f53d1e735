import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CallContext,
  CreateEngagementRequestDto,
  CrmCreateOutcome,
  CrmDeleteRequestDto,
  CrmGetRequestDto,
  CrmPatterns,
  EngagementDto,
  ListEngagementsQueryDto,
  ListEnvelope,
  UpdateEngagementRequestDto,
} from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { EngagementWriter } from './engagement-writer';
import { EngagementsService } from './engagements.service';

@Controller()
export class EngagementsHandler {
  constructor(
    private readonly engagements: EngagementsService,
    private readonly writer: EngagementWriter,
  ) {}

  @MessagePattern(CrmPatterns.listEngagements)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListEngagementsQueryDto): Promise<ListEnvelope<EngagementDto>> {
    return this.engagements.list(context, query);
  }

  @MessagePattern(CrmPatterns.getEngagement)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<EngagementDto> {
    return this.engagements.get(context, request);
  }

  @MessagePattern(CrmPatterns.createEngagement)
  create(@RpcCallContext() context: CallContext, @RpcPayload() request: CreateEngagementRequestDto): Promise<CrmCreateOutcome> {
    return this.writer.create(context, request);
  }

  @MessagePattern(CrmPatterns.updateEngagement)
  update(@RpcCallContext() context: CallContext, @RpcPayload() request: UpdateEngagementRequestDto): Promise<EngagementDto> {
    return this.writer.update(context, request);
  }

  @MessagePattern(CrmPatterns.deleteEngagement)
  delete(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmDeleteRequestDto): Promise<{ id: string }> {
    return this.writer.delete(context, request);
  }
}
