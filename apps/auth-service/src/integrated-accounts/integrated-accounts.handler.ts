import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AuthPatterns, CallContext, IntegratedAccountDto, ListEnvelope, ListIntegratedAccountsQueryDto } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { requireEnvironment } from '../environments/require-environment';
import { IntegratedAccountsService } from './integrated-accounts.service';

@Controller()
export class IntegratedAccountsHandler {
  constructor(private readonly accounts: IntegratedAccountsService) {}

  @MessagePattern(AuthPatterns.listIntegratedAccounts)
  list(
    @RpcCallContext() context: CallContext,
    @RpcPayload() query: ListIntegratedAccountsQueryDto,
  ): Promise<ListEnvelope<IntegratedAccountDto>> {
    return this.accounts.list(requireEnvironment(context), query);
  }
}
