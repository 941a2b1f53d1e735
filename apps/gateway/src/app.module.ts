import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './auth/api-key.guard';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway.config';
import { HealthController } from './health/health.controller';
import { ConnectController } from './connect/connect.controller';
import { CRM_READ_CONTROLLERS } from './crm/crm-read.controllers';
import { CRM_WRITE_CONTROLLERS } from './crm/crm-write.controllers';
import { CrmActionsController } from './crm/crm-action.controllers';
import { NoteAttachmentController } from './crm/note-attachment.controller';
import { BulkWriteController } from './crm/bulk-write.controller';
import { IntegratedAccountsController } from './integrated-accounts/integrated-accounts.controller';
import { LinkTokensController } from './link-tokens/link-tokens.controller';
import { HttpMetrics } from './metrics/http-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { ProblemDetailsFilter } from './problems/problem-details.filter';
import { ProxyController } from './proxy/proxy.controller';
import { ServiceClient } from './transport/service-client';
import { UserDirectoryController } from './user-directory/user-directory.controller';
import { ChangesController } from './changes/changes.controller';
import { WebhooksController } from './webhooks/webhooks.controller';

@Module({})
export class AppModule {
  static register(config: GatewayConfig, metrics: HttpMetrics): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController, IntegratedAccountsController, LinkTokensController, ConnectController, ProxyController, UserDirectoryController, ...CRM_READ_CONTROLLERS, ...CRM_WRITE_CONTROLLERS, CrmActionsController, NoteAttachmentController, BulkWriteController, ChangesController, WebhooksController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: HttpMetrics, useValue: metrics },
        ServiceClient,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
