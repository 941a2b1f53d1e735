import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallContext,
  CrmAccountQueryDto,
  CrmPatterns,
  EngagementDto,
  ErrorCode,
  IdParamDto,
  ListEnvelope,
  ListEnvelopeDto,
  ListEngagementsQueryDto,
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
@Controller('unified/crm/engagements')
export class CrmEngagementsController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @ApiOperation({ operationId: 'listEngagements', summary: 'List engagements' })
  @ApiOkResponse({ type: ListEnvelopeDto(EngagementDto, 'EngagementList') })
  @ApiProblems(ErrorCode.INVALID_CURSOR)
  list(@CallerContext() caller: CallContext, @Query() query: ListEngagementsQueryDto): Promise<ListEnvelope<EngagementDto>> {
    return this.services.send(CrmPatterns.listEngagements, query, caller);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getEngagement', summary: 'Get an engagement' })
  @ApiOkResponse({ type: SingleEnvelopeDto(EngagementDto, 'EngagementResult') })
  async get(@CallerContext() caller: CallContext, @Param() params: IdParamDto, @Query() query: CrmAccountQueryDto): Promise<SingleEnvelope<EngagementDto>> {
    return { result: await this.services.send(CrmPatterns.getEngagement, { ...query, id: params.id }, caller) };
  }
}
