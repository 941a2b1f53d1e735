import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthPatterns, CallContext, CreateLinkTokenDto, ErrorCode, LinkTokenDto, SingleEnvelope, SingleEnvelopeDto } from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { ApiProblems } from '../problems/api-problems.decorator';
import { ServiceClient } from '../transport/service-client';

@ApiTags('Integrated accounts')
@ApiBearerAuth()
@Controller('link-tokens')
export class LinkTokensController {
  constructor(private readonly services: ServiceClient) {}

  /** A single-use, short-lived link to the hosted connect page for one end customer. */
  @Post()
  @HttpCode(201)
  @ApiOperation({ operationId: 'createLinkToken', summary: 'Create a link token for the hosted connect page' })
  @ApiCreatedResponse({ type: SingleEnvelopeDto(LinkTokenDto, 'LinkTokenResult') })
  @ApiProblems(ErrorCode.VALIDATION_FAILED, ErrorCode.UNAUTHENTICATED, ErrorCode.NOT_FOUND, ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT)
  async create(@CallerContext() caller: CallContext, @Body() body: CreateLinkTokenDto): Promise<SingleEnvelope<LinkTokenDto>> {
    return { result: await this.services.send(AuthPatterns.createLinkToken, body, caller) };
  }
}
