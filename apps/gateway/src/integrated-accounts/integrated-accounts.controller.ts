import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccountTestResultDto,
  AuthPatterns,
  CallContext,
  CreateAppOnlyAccountDto,
  DeletedDto,
  ErrorCode,
  IdParamDto,
  IntegratedAccountDto,
  ListEnvelope,
  ListEnvelopeDto,
  ListIntegratedAccountsQueryDto,
  SingleEnvelope,
  SingleEnvelopeDto,
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

  /** App-only connection with an application user's client credentials; verified with WhoAmI before it is stored. */
  @Post()
  @HttpCode(201)
  @ApiOperation({ operationId: 'createIntegratedAccount', summary: 'Connect an org with client credentials (app-only)' })
  @ApiCreatedResponse({ type: SingleEnvelopeDto(IntegratedAccountDto, 'IntegratedAccountResult') })
  @ApiProblems(ErrorCode.VALIDATION_FAILED, ErrorCode.UPSTREAM_REJECTED, ErrorCode.UPSTREAM_UNAVAILABLE)
  async create(@CallerContext() caller: CallContext, @Body() body: CreateAppOnlyAccountDto): Promise<SingleEnvelope<IntegratedAccountDto>> {
    return { result: await this.services.send(AuthPatterns.createAppOnlyAccount, body, caller) };
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getIntegratedAccount', summary: 'Get an integrated account' })
  @ApiOkResponse({ type: SingleEnvelopeDto(IntegratedAccountDto, 'IntegratedAccountResult') })
  @ApiProblems(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND)
  async get(@CallerContext() caller: CallContext, @Param() params: IdParamDto): Promise<SingleEnvelope<IntegratedAccountDto>> {
    return { result: await this.services.send(AuthPatterns.getIntegratedAccount, { integrated_account_id: params.id }, caller) };
  }

  /** Disconnects the account: its credentials are destroyed. */
  @Delete(':id')
  @ApiOperation({ operationId: 'deleteIntegratedAccount', summary: 'Disconnect an integrated account' })
  @ApiOkResponse({ type: SingleEnvelopeDto(DeletedDto, 'DeletedResult') })
  @ApiProblems(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND)
  async delete(@CallerContext() caller: CallContext, @Param() params: IdParamDto): Promise<SingleEnvelope<{ id: string }>> {
    return { result: await this.services.send(AuthPatterns.deleteIntegratedAccount, { integrated_account_id: params.id }, caller) };
  }

  /** Calls WhoAmI through the stored credentials. */
  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({ operationId: 'testIntegratedAccount', summary: 'Check that an integrated account still works' })
  @ApiOkResponse({ type: SingleEnvelopeDto(AccountTestResultDto, 'AccountTestResult') })
  @ApiProblems(ErrorCode.VALIDATION_FAILED, ErrorCode.NOT_FOUND, ErrorCode.UPSTREAM_UNAVAILABLE)
  async test(@CallerContext() caller: CallContext, @Param() params: IdParamDto): Promise<SingleEnvelope<AccountTestResultDto>> {
    return { result: await this.services.send(AuthPatterns.testIntegratedAccount, { integrated_account_id: params.id }, caller) };
  }
}
