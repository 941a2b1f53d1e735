import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmGetRequestDto, CrmPatterns, LeadDto, ListEnvelope, ListLeadsQueryDto } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmReader } from '../common/crm-reader';
import { LEADS } from './leads.resource';

@Controller()
export class LeadsHandler {
  constructor(private readonly reader: CrmReader) {}

  @MessagePattern(CrmPatterns.listLeads)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListLeadsQueryDto): Promise<ListEnvelope<LeadDto>> {
    return this.reader.list(context, LEADS, query);
  }

  @MessagePattern(CrmPatterns.getLead)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<LeadDto> {
    return this.reader.get(context, LEADS, request);
  }
}
