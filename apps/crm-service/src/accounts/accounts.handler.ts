import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmGetRequestDto, CrmPatterns, AccountDto, ListEnvelope, ListAccountsQueryDto } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmReader } from '../common/crm-reader';
import { ACCOUNTS } from './accounts.resource';

@Controller()
export class AccountsHandler {
  constructor(private readonly reader: CrmReader) {}

  @MessagePattern(CrmPatterns.listAccounts)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListAccountsQueryDto): Promise<ListEnvelope<AccountDto>> {
    return this.reader.list(context, ACCOUNTS, query);
  }

  @MessagePattern(CrmPatterns.getAccount)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<AccountDto> {
    return this.reader.get(context, ACCOUNTS, request);
  }
}
