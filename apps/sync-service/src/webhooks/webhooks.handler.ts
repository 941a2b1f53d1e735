import { Controller } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { MessagePattern } from '@nestjs/microservices';
import {
  CallContext,
  CreatedWebhookDto,
  CreateWebhookDto,
  IdParamDto,
  ListEnvelope,
  SyncPatterns,
  UpdateWebhookDto,
  WebhookDeliveryDto,
  WebhookDeliveryParamsDto,
  WebhookDto,
} from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { WebhooksService } from './webhooks.service';

/** `{id, changes}`: the webhook to change and its new values. */
class UpdateWebhookRequest extends IdParamDto {
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateWebhookDto)
  changes: UpdateWebhookDto;
}

@Controller()
export class WebhooksHandler {
  constructor(private readonly webhooks: WebhooksService) {}

  @MessagePattern(SyncPatterns.createWebhook)
  create(@RpcCallContext() context: CallContext, @RpcPayload() request: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.webhooks.create(context, request);
  }

  @MessagePattern(SyncPatterns.listWebhooks)
  list(@RpcCallContext() context: CallContext): Promise<ListEnvelope<WebhookDto>> {
    return this.webhooks.list(context);
  }

  @MessagePattern(SyncPatterns.getWebhook)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: IdParamDto): Promise<WebhookDto> {
    return this.webhooks.get(context, request.id);
  }

  @MessagePattern(SyncPatterns.updateWebhook)
  update(@RpcCallContext() context: CallContext, @RpcPayload() request: UpdateWebhookRequest): Promise<WebhookDto> {
    return this.webhooks.update(context, request.id, request.changes ?? {});
  }

  @MessagePattern(SyncPatterns.deleteWebhook)
  delete(@RpcCallContext() context: CallContext, @RpcPayload() request: IdParamDto): Promise<{ id: string }> {
    return this.webhooks.delete(context, request.id);
  }

  @MessagePattern(SyncPatterns.listDeliveries)
  deliveries(@RpcCallContext() context: CallContext, @RpcPayload() request: IdParamDto): Promise<ListEnvelope<WebhookDeliveryDto>> {
    return this.webhooks.deliveries(context, request.id);
  }

  @MessagePattern(SyncPatterns.retryDelivery)
  retry(@RpcCallContext() context: CallContext, @RpcPayload() request: WebhookDeliveryParamsDto): Promise<WebhookDeliveryDto> {
    return this.webhooks.retry(context, request.id, request.event_id);
  }
}
