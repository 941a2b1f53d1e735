import { DynamicModule, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DatabasePoolConfig, dataSourceOptions, ENTITIES } from './data-source-options';
import { runMigrations } from './run-migrations';

@Injectable()
class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.dataSource);
    if (applied.length > 0) this.logger.log(`Applied ${applied.join(', ')}`);
  }
}

/** Postgres through TypeORM; pending migrations are applied before the service takes requests. */
@Module({})
export class DatabaseModule {
  static register(databaseUrl: string, pool?: DatabasePoolConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, pool)), TypeOrmModule.forFeature(ENTITIES)],
      providers: [MigrateOnStart],
      exports: [TypeOrmModule],
    };
  }
}
