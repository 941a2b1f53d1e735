import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmGetRequestDto, CrmPatterns, FieldDto, ListEnvelope, ListFieldsQueryDto } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { FieldsService } from './fields.service';

@Controller()
export class FieldsHandler {
  constructor(private readonly fields: FieldsService) {}

  @MessagePattern(CrmPatterns.listFields)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListFieldsQueryDto): Promise<ListEnvelope<FieldDto>> {
    return this.fields.list(context, query);
  }

  @MessagePattern(CrmPatterns.getField)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<FieldDto> {
    return this.fields.get(context, request);
  }
}
