import { Body, Controller, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BulkOperationResultDto, BulkResourceParamDto, BulkWriteDto, CallContext, CrmCreateOutcome, CrmPatterns, CrmWriteQueryDto, ErrorCode } from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { JsonBody } from '../http/json-body';
import { ApiProblems } from '../problems/api-problems.decorator';
import { ServiceClient } from '../transport/service-client';
import { idempotencyKeyOf, OptionalHeader, WRITE_PROBLEMS } from './crm-write.controllers';

class BulkWriteResult {
  @ApiProperty({ type: [BulkOperationResultDto] })
  result: BulkOperationResultDto[];
}

/** `POST /unified/crm/{resource}/batch`: up to 1000 creates, updates and deletes as Dataverse `$batch`. */
@ApiTags('CRM')
@ApiBearerAuth()
@ApiProblems(...WRITE_PROBLEMS, ErrorCode.IDEMPOTENCY_KEY_REUSED, ErrorCode.IDEMPOTENCY_IN_PROGRESS)
@Controller('unified/crm')
export class BulkWriteController {
  constructor(private readonly services: ServiceClient) {}

  @Post(':resource/batch')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'bulkWrite',
    summary: 'Create, update and delete up to 1000 records in one call',
    description:
      'Each operation is validated as its single write is, before anything is sent. `atomic: true`: all or nothing (an invalid operation answers 400 naming `operations.<index>`). Otherwise invalid or refused operations are reported in place and the rest are written. Results come in request order: `{index, status, result?, error?}`.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1–255 printable characters; a retry with the same body answers the first response again and writes nothing.' })
  @ApiBody({ type: BulkWriteDto })
  @ApiOkResponse({ type: BulkWriteResult })
  @JsonBody()
  async write(
    @CallerContext() caller: CallContext,
    @Param() params: BulkResourceParamDto,
    @Query() query: CrmWriteQueryDto,
    @Body() body: BulkWriteDto,
    @OptionalHeader('idempotency-key') header: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const key = idempotencyKeyOf(header);
    const outcome = await this.services.send<CrmCreateOutcome>(CrmPatterns.bulkWrite, { ...query, ...body, resource: params.resource, ...(key === undefined ? {} : { idempotency_key: key }) }, caller);
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return outcome.body;
  }
}
