import { DynamicModule, Module } from '@nestjs/common';
import { AccountAccessModule } from '@dua/account-access';
import { CursorCodec } from '@dua/service-kit';
import { readDirectoryServiceConfig } from './config/directory.config';
import { HealthHandler } from './health/health.handler';
import { OrganizationsHandler } from './organizations/organizations.handler';
import { OrganizationsService } from './organizations/organizations.service';
import { UsersHandler } from './users/users.handler';
import { UsersService } from './users/users.service';

@Module({})
export class DirectoryModule {
  static register(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const config = readDirectoryServiceConfig(env);
    return {
      module: DirectoryModule,
      imports: [AccountAccessModule.register('directory', env, { timeouts: config.timeouts })],
      controllers: [HealthHandler, OrganizationsHandler, UsersHandler],
      providers: [{ provide: CursorCodec, useValue: new CursorCodec(config.cursorSigningKey) }, OrganizationsService, UsersService],
    };
  }
}
