import { DynamicModule, Module } from '@nestjs/common';
import { CursorCodec } from '@dua/service-kit';
import { ApiKeysHandler } from './api-keys/api-keys.handler';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuthServiceConfig } from './config/auth.config';
import { DatabaseModule } from './database/database.module';
import { EnvironmentsService } from './environments/environments.service';
import { HealthHandler } from './health/health.handler';
import { IntegratedAccountsHandler } from './integrated-accounts/integrated-accounts.handler';
import { IntegratedAccountsService } from './integrated-accounts/integrated-accounts.service';

/** The domain of auth-service, without transport: the microservice and the admin CLI both run it. */
@Module({})
export class AuthDomainModule {
  static register(config: AuthServiceConfig): DynamicModule {
    return {
      module: AuthDomainModule,
      imports: [DatabaseModule.register(config.databaseUrl)],
      providers: [
        ApiKeysService,
        EnvironmentsService,
        IntegratedAccountsService,
        { provide: CursorCodec, useValue: new CursorCodec(config.cursorSigningKey) },
      ],
      exports: [ApiKeysService, EnvironmentsService, IntegratedAccountsService],
    };
  }
}

@Module({})
export class AuthModule {
  static register(config: AuthServiceConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [AuthDomainModule.register(config)],
      controllers: [HealthHandler, ApiKeysHandler, IntegratedAccountsHandler],
    };
  }
}
