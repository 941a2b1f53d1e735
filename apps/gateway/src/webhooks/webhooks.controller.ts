import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallContext,
  CreatedWebhookDto,
  CreateWebhookDto,
  DeletedDto,
  ErrorCode,
  IdParamDto,
  ListEnvelope,
  ListEnvelopeDto,
  SingleEnvelope,
  SingleEnvelopeDto,
  SyncPatterns,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDeliveryParamsDto,
  WebhookDto,
} from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { ApiProblems } from '../problems/api-problems.decorator';
import { ServiceClient } from '../transport/service-client';

/**
 * Webhook subscriptions. Deliveries follow the Standard Webhooks specification (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`), at least once and in order per subscription; verify them with the SDK's `verifyWebhook`.
 */
@ApiTags('Webhooks')
@ApiBearerAuth()
@ApiProblems(ErrorCode.UNAUTHENTICATED, ErrorCode.VALIDATION_FAILED, ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT)
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly services: ServiceClient) {}

  /** The answer carries the signing secret (`whsec_…`): the only time it is shown. */
  @Post()
  @HttpCode(201)
  @ApiOperation({ operationId: 'createWebhook', summary: 'Subscribe a URL to change and account events' })
  @ApiCreatedResponse({ type: SingleEnvelopeDto(CreatedWebhookDto, 'CreatedWebhookResult') })
  @ApiProblems(ErrorCode.NOT_FOUND)
  async create(@CallerContext() caller: CallContext, @Body() body: CreateWebhookDto): Promise<SingleEnvelope<CreatedWebhookDto>> {
    return { result: await this.services.send(SyncPatterns.createWebhook, body, caller) };
  }

  @Get()
  @ApiOperation({ operationId: 'listWebhooks', summary: 'List the webhook subscriptions of your environment' })
  @ApiOkResponse({ type: ListEnvelopeDto(WebhookDto, 'WebhookList') })
  list(@CallerContext() caller: CallContext): Promise<ListEnvelope<WebhookDto>> {
    return this.services.send(SyncPatterns.listWebhooks, {}, caller);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getWebhook', summary: 'Get a webhook subscription' })
  @ApiOkResponse({ type: SingleEnvelopeDto(WebhookDto, 'WebhookResult') })
  @ApiProblems(ErrorCode.NOT_FOUND)
  async get(@CallerContext() caller: CallContext, @Param() params: IdParamDto): Promise<SingleEnvelope<WebhookDto>> {
    return { result: await this.services.send(SyncPatterns.getWebhook, { id: params.id }, caller) };
  }

  /** `enabled: true` resumes a subscription a 410 or persistent failures disabled. */
  @Patch(':id')
  @ApiOperation({ operationId: 'updateWebhook', summary: 'Change a webhook subscription' })
  @ApiOkResponse({ type: SingleEnvelopeDto(WebhookDto, 'WebhookResult') })
  @ApiProblems(ErrorCode.NOT_FOUND)
  async update(@CallerContext() caller: CallContext, @Param() params: IdParamDto, @Body() body: UpdateWebhookDto): Promise<SingleEnvelope<WebhookDto>> {
    return { result: await this.services.send(SyncPatterns.updateWebhook, { id: params.id, changes: body }, caller) };
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'deleteWebhook', summary: 'Remove a webhook subscription' })
  @ApiOkResponse({ type: SingleEnvelopeDto(DeletedDto, 'DeletedResult') })
  @ApiProblems(ErrorCode.NOT_FOUND)
  async delete(@CallerContext() caller: CallContext, @Param() params: IdParamDto): Promise<SingleEnvelope<{ id: string }>> {
    return { result: await this.services.send(SyncPatterns.deleteWebhook, { id: params.id }, caller) };
  }

  @Get(':id/deliveries')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: 'Recent deliveries of a webhook subscription, newest first' })
  @ApiOkResponse({ type: ListEnvelopeDto(WebhookDeliveryDto, 'WebhookDeliveryList') })
  @ApiProblems(ErrorCode.NOT_FOUND)
  deliveries(@CallerContext() caller: CallContext, @Param() params: IdParamDto): Promise<ListEnvelope<WebhookDeliveryDto>> {
    return this.services.send(SyncPatterns.listDeliveries, { id: params.id }, caller);
  }

  @Post(':id/deliveries/:event_id/retry')
  @HttpCode(200)
  @ApiOperation({ operationId: 'retryWebhookDelivery', summary: 'Send an event to a webhook again now' })
  @ApiOkResponse({ type: SingleEnvelopeDto(WebhookDeliveryDto, 'WebhookDeliveryResult') })
  @ApiProblems(ErrorCode.NOT_FOUND)
  async retry(@CallerContext() caller: CallContext, @Param() params: WebhookDeliveryParamsDto): Promise<SingleEnvelope<WebhookDeliveryDto>> {
    return { result: await this.services.send(SyncPatterns.retryDelivery, params, caller) };
  }
}
