import type { DataSourceOptions } from 'typeorm';
import { ConfigReader, TimeoutChain } from '@dua/service-kit';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { EnvironmentEntity } from '../environments/environment.entity';
import { IntegratedAccountEntity } from '../integrated-accounts/integrated-account.entity';
import { CreateEnvironmentsAndApiKeys1764172800000 } from './migrations/1764172800000-create-environments-and-api-keys';
import { CreateIntegratedAccounts1764172900000 } from './migrations/1764172900000-create-integrated-accounts';
import { CreateConnectAndVault1764173000000 } from './migrations/1764173000000-create-connect-and-vault';
import { CreateIdempotencyRecords1764259200000 } from './migrations/1764259200000-create-idempotency-records';
import { AddRefreshLease1765000000000 } from './migrations/1765000000000-add-refresh-lease';
import { AccountCredentialsEntity } from '../credentials/account-credentials.entity';
import { EnvironmentRedirectUriEntity } from '../environments/environment-redirect-uri.entity';
import { LinkTokenEntity } from '../link-tokens/link-token.entity';

export const ENTITIES = [EnvironmentEntity, ApiKeyEntity, IntegratedAccountEntity, EnvironmentRedirectUriEntity, LinkTokenEntity, AccountCredentialsEntity];
export const MIGRATIONS = [CreateEnvironmentsAndApiKeys1764172800000, CreateIntegratedAccounts1764172900000, CreateConnectAndVault1764173000000, CreateIdempotencyRecords1764259200000, AddRefreshLease1765000000000];

/**
 * auth-service's connections to Postgres. Every request the gateway authenticates with an uncached API key, every
 * token hand-out and every idempotency check takes one for a few milliseconds; nothing holds one while it waits on the
 * network (Entra is called outside any transaction). Size: replicas × `size` must stay under Postgres's
 * `max_connections` (100 by default) with sync-service's pools and the admin CLI beside them.
 */
export interface DatabasePoolConfig {
  /** `DATABASE_POOL_SIZE`, 10 by default, at least 2 (migrations hold a lock on one while they run on another). */
  size: number;
  /**
   * `DATABASE_POOL_WAIT_MS`: how long a query waits for a free connection (or a new one, when Postgres is down)
   * before it fails; by default a third of a service's wait for auth-service, so the caller still gets an answer.
   */
  waitMs: number;
}

export const DEFAULT_POOL: DatabasePoolConfig = { size: 10, waitMs: 2_500 };

export function readDatabasePoolConfig(reader: ConfigReader, timeouts: TimeoutChain): DatabasePoolConfig {
  const defaultWaitMs = Math.max(100, Math.round(timeouts.interServiceCallMs / 3));
  return {
    size: reader.integer('DATABASE_POOL_SIZE', DEFAULT_POOL.size, { min: 2, max: 1_000 }),
    waitMs: Math.min(reader.integer('DATABASE_POOL_WAIT_MS', defaultWaitMs, { min: 100 }), timeouts.interServiceCallMs),
  };
}

/** One definition of the database for the service, the admin CLI and the tests. The schema comes from migrations only. */
export function dataSourceOptions(databaseUrl: string, pool: DatabasePoolConfig = DEFAULT_POOL): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    // node-postgres pool options: `connectionTimeoutMillis` bounds the wait for a connection (a new one included).
    extra: { max: pool.size, connectionTimeoutMillis: pool.waitMs, application_name: 'auth-service' },
  };
}
