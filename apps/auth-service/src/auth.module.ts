import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CallContextSigner, CursorCodec, RpcClient } from '@dua/service-kit';
import { CallContextGuard } from './security/call-context.guard';
import { AccountStatusEvents, BusAccountStatusEvents, NoBusAccountStatusEvents } from './account-events/account-status-events';
import { ApiKeysHandler } from './api-keys/api-keys.handler';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuthServiceConfig } from './config/auth.config';
import { ConnectHandler } from './connect/connect.handler';
import { ConnectService } from './connect/connect.service';
import { CredentialsHandler } from './credentials/credentials.handler';
import { AUTH_CONFIG, CredentialsService } from './credentials/credentials.service';
import { DatabaseModule } from './database/database.module';
import { EntraClient } from './entra/entra-client';
import { ENTRA_CONFIG } from './entra/entra.tokens';
import { EnvironmentsService } from './environments/environments.service';
import { EnvironmentUrlPolicy } from './environments/environment-url.policy';
import { HealthHandler } from './health/health.handler';
import { IdempotencyHandler } from './idempotency/idempotency.handler';
import { IdempotencyService } from './idempotency/idempotency.service';
import { IntegratedAccountsHandler } from './integrated-accounts/integrated-accounts.handler';
import { IntegratedAccountsService } from './integrated-accounts/integrated-accounts.service';
import { LinkTokensHandler } from './link-tokens/link-tokens.handler';
import { LinkTokensService } from './link-tokens/link-tokens.service';
import { Vault } from './vault/vault';
import { VAULT } from './vault/vault.module';
import { VaultRotationService } from './vault/vault-rotation.service';

const SERVICES = [
  ApiKeysService,
  EnvironmentsService,
  IntegratedAccountsService,
  CredentialsService,
  LinkTokensService,
  ConnectService,
  EntraClient,
  VaultRotationService,
  IdempotencyService,
];

/**
 * The domain of auth-service, without transport: the microservice and the admin CLI both run it. `events` tells the
 * other services when an account is revoked; without the bus (CLI, domain tests) there is nobody to tell.
 */
@Module({})
export class AuthDomainModule {
  static register(config: AuthServiceConfig, events: Provider = { provide: AccountStatusEvents, useValue: new NoBusAccountStatusEvents() }): DynamicModule {
    return {
      module: AuthDomainModule,
      imports: [DatabaseModule.register(config.databaseUrl, config.databasePool)],
      providers: [
        ...SERVICES,
        events,
        { provide: AUTH_CONFIG, useValue: config },
        { provide: ENTRA_CONFIG, useValue: config.entra },
        { provide: VAULT, useValue: new Vault(config.encryptionKeys) },
        { provide: CursorCodec, useValue: new CursorCodec(config.cursorSigningKey) },
        { provide: EnvironmentUrlPolicy, useValue: new EnvironmentUrlPolicy(config.environmentUrls) },
      ],
      exports: SERVICES,
    };
  }
}

@Module({})
export class AuthModule {
  static register(config: AuthServiceConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        AuthDomainModule.register(config, {
          provide: AccountStatusEvents,
          useValue: new BusAccountStatusEvents(new RpcClient({ ...config.nats, name: 'auth-service-events', timeoutMs: 2_000 })),
        }),
      ],
      controllers: [HealthHandler, ApiKeysHandler, IntegratedAccountsHandler, LinkTokensHandler, ConnectHandler, CredentialsHandler, IdempotencyHandler],
      providers: [{ provide: APP_GUARD, useValue: new CallContextGuard(new CallContextSigner(config.callContextSigningKey ?? '')) }],
    };
  }
}
