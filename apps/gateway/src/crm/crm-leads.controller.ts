import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallContext,
  CrmAccountQueryDto,
  CrmPatterns,
  LeadDto,
  ErrorCode,
  IdParamDto,
  ListEnvelope,
  ListEnvelopeDto,
  ListLeadsQueryDto,
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
@Controller('unified/crm/leads')
export class CrmLeadsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ operationId: 'listLeads', summary: 'List leads' })
  @ApiOkResponse({ type: ListEnvelopeDto(LeadDto, 'LeadList') })
  @ApiProblems(ErrorCode.INVALID_CURSOR)
  list(@CallerContext() caller: CallContext, @Query() query: ListLeadsQueryDto): Promise<ListEnvelope<LeadDto>> {
    return this.services.send(CrmPatterns.listLeads, query, caller);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getLead', summary: 'Get a lead' })
  @ApiOkResponse({ type: SingleEnvelopeDto(LeadDto, 'LeadResult') })
  async get(@CallerContext() caller: CallContext, @Param() params: IdParamDto, @Query() query: CrmAccountQueryDto): Promise<SingleEnvelope<LeadDto>> {
    return { result: await this.services.send(CrmPatterns.getLead, { ...query, id: params.id }, caller) };
  }
}
