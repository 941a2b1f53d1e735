import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmCreateOutcome, CrmPatterns, LoseOpportunityRequestDto, QualifyLeadRequestDto, WinOpportunityRequestDto } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmActionsService } from './crm-actions.service';

@Controller()
export class CrmActionsHandler {
  constructor(private readonly actions: CrmActionsService) {}

  @MessagePattern(CrmPatterns.qualifyLead)
  qualify(@RpcCallContext() context: CallContext, @RpcPayload() request: QualifyLeadRequestDto): Promise<CrmCreateOutcome> {
    return this.actions.qualifyLead(context, request);
  }

  @MessagePattern(CrmPatterns.winOpportunity)
  win(@RpcCallContext() context: CallContext, @RpcPayload() request: WinOpportunityRequestDto): Promise<CrmCreateOutcome> {
    return this.actions.winOpportunity(context, request);
  }

  @MessagePattern(CrmPatterns.loseOpportunity)
  lose(@RpcCallContext() context: CallContext, @RpcPayload() request: LoseOpportunityRequestDto): Promise<CrmCreateOutcome> {
    return this.actions.loseOpportunity(context, request);
  }
}
