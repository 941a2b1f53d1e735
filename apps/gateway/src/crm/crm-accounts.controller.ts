import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallContext,
  CrmAccountQueryDto,
  CrmPatterns,
  AccountDto,
  ErrorCode,
  IdParamDto,
  ListEnvelope,
  ListEnvelopeDto,
  ListAccountsQueryDto,
  SingleEnvelope,
  SingleEnvelopeDto,
} from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { ApiProblems } from '../problems/api-problems.decorator';
import { ServiceClient } from '../transport/service-client';
import { CRM_READ_PROBLEMS } from './crm-read-problems';

@ApiTags('CRM')
@ApiBearerAuth()
@ApiProblems(...CRM_READ_PROBLEMS)
@Controller('unified/crm/accounts')
export class CrmAccountsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ operationId: 'listAccounts', summary: 'List accounts' })
  @ApiOkResponse({ type: ListEnvelopeDto(AccountDto, 'AccountList') })
  @ApiProblems(ErrorCode.INVALID_CURSOR)
  list(@CallerContext() caller: CallContext, @Query() query: ListAccountsQueryDto): Promise<ListEnvelope<AccountDto>> {
    return this.services.send(CrmPatterns.listAccounts, query, caller);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getAccount', summary: 'Get an account' })
  @ApiOkResponse({ type: SingleEnvelopeDto(AccountDto, 'AccountResult') })
  async get(@CallerContext() caller: CallContext, @Param() params: IdParamDto, @Query() query: CrmAccountQueryDto): Promise<SingleEnvelope<AccountDto>> {
    return { result: await this.services.send(CrmPatterns.getAccount, { ...query, id: params.id }, caller) };
  }
}
