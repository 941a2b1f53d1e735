import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmGetRequestDto, CrmPatterns, CrmUserDto, ListEnvelope, ListCrmUsersQueryDto, SerializedJson } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmReader } from '../common/crm-reader';
import { USERS } from './users.resource';

@Controller()
export class UsersHandler {
  constructor(private readonly reader: CrmReader) {}

  @MessagePattern(CrmPatterns.listUsers)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListCrmUsersQueryDto): Promise<SerializedJson<ListEnvelope<CrmUserDto>>> {
    return this.reader.list(context, USERS, query);
  }

  @MessagePattern(CrmPatterns.getUser)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<CrmUserDto> {
    return this.reader.get(context, USERS, request);
  }
}
