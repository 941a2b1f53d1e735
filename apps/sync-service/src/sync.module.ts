import { DynamicModule, Module } from '@nestjs/common';
import { AccountAccessModule } from '@dua/account-access';
import { CallContextSigner, CursorCodec, Vault } from '@dua/service-kit';
import { SyncAccountsService } from './accounts/sync-accounts.service';
import { ChangesHandler } from './changes/changes.handler';
import { ChangesService } from './changes/changes.service';
import { SYNC_CONFIG } from './config/sync-config.token';
import { SyncServiceConfig } from './config/sync.config';
import { DatabaseModule } from './database/database.module';
import { HealthHandler } from './health/health.handler';
import { AccountStatusListener } from './lifecycle/account-status.listener';
import { PollerService } from './poller/poller.service';
import { DeliveryWorker } from './webhooks/delivery.worker';
import { WEBHOOK_VAULT } from './webhooks/webhook-vault';
import { WebhooksHandler } from './webhooks/webhooks.handler';
import { WebhooksService } from './webhooks/webhooks.service';

@Module({})
export class SyncModule {
  static register(config: SyncServiceConfig): DynamicModule {
    return {
      module: SyncModule,
      // AccountAccessModule gives the RpcClient to reach auth-service and crm-service; sync-service calls no Dataverse itself.
      imports: [DatabaseModule.register(config.databaseUrl), AccountAccessModule.register('sync', process.env, { signer: new CallContextSigner(config.callContextSigningKey), timeouts: config.timeouts })],
      controllers: [HealthHandler, ChangesHandler, WebhooksHandler, AccountStatusListener],
      providers: [
        { provide: SYNC_CONFIG, useValue: config },
        { provide: CursorCodec, useValue: new CursorCodec(config.cursorSigningKey) },
        { provide: WEBHOOK_VAULT, useValue: new Vault(config.encryptionKeys) },
        SyncAccountsService,
        ChangesService,
        WebhooksService,
        DeliveryWorker,
        PollerService,
      ],
    };
  }
}
