import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallContext,
  CrmAccountQueryDto,
  CrmPatterns,
  OpportunityDto,
  ErrorCode,
  IdParamDto,
  ListEnvelope,
  ListEnvelopeDto,
  ListOpportunitiesQueryDto,
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
@Controller('unified/crm/opportunities')
export class CrmOpportunitiesController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ operationId: 'listOpportunities', summary: 'List opportunities' })
  @ApiOkResponse({ type: ListEnvelopeDto(OpportunityDto, 'OpportunityList') })
  @ApiProblems(ErrorCode.INVALID_CURSOR)
  list(@CallerContext() caller: CallContext, @Query() query: ListOpportunitiesQueryDto): Promise<ListEnvelope<OpportunityDto>> {
    return this.services.send(CrmPatterns.listOpportunities, query, caller);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getOpportunity', summary: 'Get an opportunity' })
  @ApiOkResponse({ type: SingleEnvelopeDto(OpportunityDto, 'OpportunityResult') })
  async get(@CallerContext() caller: CallContext, @Param() params: IdParamDto, @Query() query: CrmAccountQueryDto): Promise<SingleEnvelope<OpportunityDto>> {
    return { result: await this.services.send(CrmPatterns.getOpportunity, { ...query, id: params.id }, caller) };
  }
}
