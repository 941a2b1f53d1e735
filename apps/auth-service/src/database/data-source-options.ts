import type { DataSourceOptions } from 'typeorm';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { EnvironmentEntity } from '../environments/environment.entity';
import { IntegratedAccountEntity } from '../integrated-accounts/integrated-account.entity';
import { CreateEnvironmentsAndApiKeys1764172800000 } from './migrations/1764172800000-create-environments-and-api-keys';
import { CreateIntegratedAccounts1764172900000 } from './migrations/1764172900000-create-integrated-accounts';
import { CreateConnectAndVault1764173000000 } from './migrations/1764173000000-create-connect-and-vault';
import { CreateIdempotencyRecords1764259200000 } from './migrations/1764259200000-create-idempotency-records';
import { AccountCredentialsEntity } from '../credentials/account-credentials.entity';
import { EnvironmentRedirectUriEntity } from '../environments/environment-redirect-uri.entity';
import { LinkTokenEntity } from '../link-tokens/link-token.entity';

export const ENTITIES = [EnvironmentEntity, ApiKeyEntity, IntegratedAccountEntity, EnvironmentRedirectUriEntity, LinkTokenEntity, AccountCredentialsEntity];
export const MIGRATIONS = [CreateEnvironmentsAndApiKeys1764172800000, CreateIntegratedAccounts1764172900000, CreateConnectAndVault1764173000000, CreateIdempotencyRecords1764259200000];

/** One definition of the database for the service, the admin CLI and the tests. The schema comes from migrations only. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    extra: { max: 10, application_name: 'auth-service' },
  };
}
