import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmGetRequestDto, CrmPatterns, LeadDto, ListEnvelope, ListLeadsQueryDto, CreateLeadRequestDto, CrmCreateOutcome, CrmDeleteRequestDto, UpdateLeadRequestDto, SerializedJson } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmReader } from '../common/crm-reader';
import { CrmWriter } from '../common/crm-writer';
import { LEADS } from './leads.resource';

@Controller()
export class LeadsHandler {
  constructor(
    private readonly reader: CrmReader,
    private readonly writer: CrmWriter,
  ) {}

  @MessagePattern(CrmPatterns.listLeads)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListLeadsQueryDto): Promise<SerializedJson<ListEnvelope<LeadDto>>> {
    return this.reader.list(context, LEADS, query);
  }

  @MessagePattern(CrmPatterns.getLead)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<LeadDto> {
    return this.reader.get(context, LEADS, request);
  }

  @MessagePattern(CrmPatterns.createLead)
  create(@RpcCallContext() context: CallContext, @RpcPayload() request: CreateLeadRequestDto): Promise<CrmCreateOutcome> {
    return this.writer.create(context, LEADS, request);
  }

  @MessagePattern(CrmPatterns.updateLead)
  update(@RpcCallContext() context: CallContext, @RpcPayload() request: UpdateLeadRequestDto): Promise<LeadDto> {
    return this.writer.update(context, LEADS, request);
  }

  @MessagePattern(CrmPatterns.deleteLead)
  delete(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmDeleteRequestDto): Promise<{ id: string }> {
    return this.writer.delete(context, LEADS, request);
  }
}
