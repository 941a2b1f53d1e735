import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  AccountTestResultDto,
  AuthPatterns,
  CallContext,
  CreateAppOnlyAccountDto,
  IntegratedAccountDto,
  IntegratedAccountIdDto,
  ListEnvelope,
  ListIntegratedAccountsQueryDto,
} from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { requireEnvironment } from '../environments/require-environment';
import { IntegratedAccountsService } from './integrated-accounts.service';

@Controller()
export class IntegratedAccountsHandler {
  constructor(private readonly accounts: IntegratedAccountsService) {}

  @MessagePattern(AuthPatterns.listIntegratedAccounts)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListIntegratedAccountsQueryDto): Promise<ListEnvelope<IntegratedAccountDto>> {
    return this.accounts.list(requireEnvironment(context), query);
  }

  @MessagePattern(AuthPatterns.getIntegratedAccount)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: IntegratedAccountIdDto): Promise<IntegratedAccountDto> {
    return this.accounts.get(requireEnvironment(context), request.integrated_account_id);
  }

  @MessagePattern(AuthPatterns.createAppOnlyAccount)
  create(@RpcCallContext() context: CallContext, @RpcPayload() request: CreateAppOnlyAccountDto): Promise<IntegratedAccountDto> {
    return this.accounts.createAppOnly(requireEnvironment(context), request);
  }

  @MessagePattern(AuthPatterns.deleteIntegratedAccount)
  delete(@RpcCallContext() context: CallContext, @RpcPayload() request: IntegratedAccountIdDto): Promise<{ id: string }> {
    return this.accounts.disconnect(requireEnvironment(context), request.integrated_account_id);
  }

  @MessagePattern(AuthPatterns.testIntegratedAccount)
  test(@RpcCallContext() context: CallContext, @RpcPayload() request: IntegratedAccountIdDto): Promise<AccountTestResultDto> {
    return this.accounts.test(requireEnvironment(context), request.integrated_account_id);
  }
}
