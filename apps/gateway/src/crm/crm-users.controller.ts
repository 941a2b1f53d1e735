import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallContext,
  CrmAccountQueryDto,
  CrmPatterns,
  CrmUserDto,
  ErrorCode,
  IdParamDto,
  ListEnvelope,
  ListEnvelopeDto,
  ListCrmUsersQueryDto,
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
@Controller('unified/crm/users')
export class CrmUsersController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ operationId: 'listCrmUsers', summary: 'List the users of the org (record owners)' })
  @ApiOkResponse({ type: ListEnvelopeDto(CrmUserDto, 'CrmUserList') })
  @ApiProblems(ErrorCode.INVALID_CURSOR)
  list(@CallerContext() caller: CallContext, @Query() query: ListCrmUsersQueryDto): Promise<ListEnvelope<CrmUserDto>> {
    return this.services.send(CrmPatterns.listUsers, query, caller);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getCrmUser', summary: 'Get a user' })
  @ApiOkResponse({ type: SingleEnvelopeDto(CrmUserDto, 'CrmUserResult') })
  async get(@CallerContext() caller: CallContext, @Param() params: IdParamDto, @Query() query: CrmAccountQueryDto): Promise<SingleEnvelope<CrmUserDto>> {
    return { result: await this.services.send(CrmPatterns.getUser, { ...query, id: params.id }, caller) };
  }
}
