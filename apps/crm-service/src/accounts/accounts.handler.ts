import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmGetRequestDto, CrmPatterns, AccountDto, ListEnvelope, ListAccountsQueryDto, CreateAccountRequestDto, CrmCreateOutcome, CrmDeleteRequestDto, UpdateAccountRequestDto, SerializedJson } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmReader } from '../common/crm-reader';
import { CrmWriter } from '../common/crm-writer';
import { ACCOUNTS } from './accounts.resource';

@Controller()
export class AccountsHandler {
  constructor(
    private readonly reader: CrmReader,
    private readonly writer: CrmWriter,
  ) {}

  @MessagePattern(CrmPatterns.listAccounts)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListAccountsQueryDto): Promise<SerializedJson<ListEnvelope<AccountDto>>> {
    return this.reader.list(context, ACCOUNTS, query);
  }

  @MessagePattern(CrmPatterns.getAccount)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<AccountDto> {
    return this.reader.get(context, ACCOUNTS, request);
  }

  @MessagePattern(CrmPatterns.createAccount)
  create(@RpcCallContext() context: CallContext, @RpcPayload() request: CreateAccountRequestDto): Promise<CrmCreateOutcome> {
    return this.writer.create(context, ACCOUNTS, request);
  }

  @MessagePattern(CrmPatterns.updateAccount)
  update(@RpcCallContext() context: CallContext, @RpcPayload() request: UpdateAccountRequestDto): Promise<AccountDto> {
    return this.writer.update(context, ACCOUNTS, request);
  }

  @MessagePattern(CrmPatterns.deleteAccount)
  delete(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmDeleteRequestDto): Promise<{ id: string }> {
    return this.writer.delete(context, ACCOUNTS, request);
  }
}
