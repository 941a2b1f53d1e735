import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AuthPatterns,
  CallContext,
  ErrorCode,
  IntegratedAccountDto,
  ListEnvelope,
  ListEnvelopeDto,
  ListIntegratedAccountsQueryDto,
} from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { ApiProblems } from '../problems/api-problems.decorator';
import { ServiceClient } from '../transport/service-client';

@ApiTags('Integrated accounts')
@ApiBearerAuth()
@ApiProblems(ErrorCode.UNAUTHENTICATED, ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT)
@Controller('integrated-accounts')
export class IntegratedAccountsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ operationId: 'listIntegratedAccounts', summary: 'List the integrated accounts of your environment' })
  @ApiOkResponse({ type: ListEnvelopeDto(IntegratedAccountDto, 'IntegratedAccountList') })
  @ApiProblems(ErrorCode.VALIDATION_FAILED, ErrorCode.INVALID_CURSOR)
  list(@CallerContext() caller: CallContext, @Query() query: ListIntegratedAccountsQueryDto): Promise<ListEnvelope<IntegratedAccountDto>> {
    return this.services.send(AuthPatterns.listIntegratedAccounts, query, caller);
  }
}
