import { Body, Controller, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CallContext,
  CrmCreateOutcome,
  CrmPatterns,
  CrmWriteQueryDto,
  ErrorCode,
  IdParamDto,
  LoseOpportunityDto,
  OpportunityDto,
  QualifiedLeadDto,
  QualifyLeadDto,
  SingleEnvelopeDto,
  WinOpportunityDto,
} from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { JsonBody } from '../http/json-body';
import { ApiProblems } from '../problems/api-problems.decorator';
import { ServiceClient } from '../transport/service-client';
import { idempotencyKeyOf, OptionalHeader, WRITE_PROBLEMS } from './crm-write.controllers';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: '1–255 printable characters; a retry with the same body answers the first response again and acts once.' };
const REPLAYED_HEADER = { 'Idempotent-Replayed': { description: '`true` when this is the stored answer of an earlier request with the same key.', schema: { type: 'string' } } };

/**
 * The state changes Dataverse makes only through actions: qualifying a lead, winning or losing an opportunity.
 * 409 `CONFLICT` when the record is not open; each acts once per `Idempotency-Key`.
 */
@ApiTags('CRM')
@ApiBearerAuth()
@ApiProblems(...WRITE_PROBLEMS, ErrorCode.IDEMPOTENCY_KEY_REUSED, ErrorCode.IDEMPOTENCY_IN_PROGRESS)
@Controller('unified/crm')
export class CrmActionsController {
  constructor(private readonly services: ServiceClient) {}

  @Post('leads/:id/qualify')
  @HttpCode(200)
  @ApiOperation({ operationId: 'qualifyLead', summary: 'Qualify a lead', description: 'Creates the account, contact and opportunity asked for (each by default), links them to the lead and closes it as qualified. A lead that is not open answers 409.' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiBody({ type: QualifyLeadDto })
  @ApiOkResponse({ type: SingleEnvelopeDto(QualifiedLeadDto, 'QualifiedLeadResult'), headers: REPLAYED_HEADER })
  @JsonBody()
  qualify(
    @CallerContext() caller: CallContext,
    @Param() params: IdParamDto,
    @Query() query: CrmWriteQueryDto,
    @Body() body: QualifyLeadDto,
    @OptionalHeader('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.act(CrmPatterns.qualifyLead, caller, params, query, body, key, reply);
  }

  @Post('opportunities/:id/win')
  @HttpCode(200)
  @ApiOperation({ operationId: 'winOpportunity', summary: 'Close an opportunity as won', description: 'Records the close (an `opportunityclose` activity) and answers the opportunity, status `won`. A closed opportunity answers 409.' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiBody({ type: WinOpportunityDto })
  @ApiOkResponse({ type: SingleEnvelopeDto(OpportunityDto, 'OpportunityResult'), headers: REPLAYED_HEADER })
  @JsonBody()
  win(
    @CallerContext() caller: CallContext,
    @Param() params: IdParamDto,
    @Query() query: CrmWriteQueryDto,
    @Body() body: WinOpportunityDto,
    @OptionalHeader('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.act(CrmPatterns.winOpportunity, caller, params, query, body, key, reply);
  }

  @Post('opportunities/:id/lose')
  @HttpCode(200)
  @ApiOperation({ operationId: 'loseOpportunity', summary: 'Close an opportunity as lost', description: 'Records the close (an `opportunityclose` activity) and answers the opportunity, status `lost`. A closed opportunity answers 409.' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiBody({ type: LoseOpportunityDto })
  @ApiOkResponse({ type: SingleEnvelopeDto(OpportunityDto, 'OpportunityResult'), headers: REPLAYED_HEADER })
  @JsonBody()
  lose(
    @CallerContext() caller: CallContext,
    @Param() params: IdParamDto,
    @Query() query: CrmWriteQueryDto,
    @Body() body: LoseOpportunityDto,
    @OptionalHeader('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.act(CrmPatterns.loseOpportunity, caller, params, query, body, key, reply);
  }

  private async act(pattern: string, caller: CallContext, params: IdParamDto, query: CrmWriteQueryDto, body: object, header: string | undefined, reply: FastifyReply): Promise<string> {
    const key = idempotencyKeyOf(header);
    const outcome = await this.services.send<CrmCreateOutcome>(pattern, { ...query, id: params.id, data: body, ...(key === undefined ? {} : { idempotency_key: key }) }, caller);
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return outcome.body;
  }
}
