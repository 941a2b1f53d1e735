import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { IntegratedAccountAuthType, IntegratedAccountStatus } from '@dua/unified-models';
import { hashApiKey } from '@dua/service-kit';
import { adminDatabaseUrl } from '@dua/testing';
import { createDatabase, dropDatabase } from '../../../../tools/stack';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuthDomainModule } from '../auth.module';
import { readAuthServiceConfig } from '../config/auth.config';
import { EntraClient, TokenGrant } from '../entra/entra-client';
import { EnvironmentsService } from '../environments/environments.service';
import { IntegratedAccountEntity } from '../integrated-accounts/integrated-account.entity';
import { CredentialsService, secretAad } from './credentials.service';
import { Vault } from '../vault/vault';
import { VAULT } from '../vault/vault.module';

/** An Entra whose refresh answers only when the test says so; each answer rotates the refresh token. */
class ControlledEntra {
  calls = 0;
  private pending: Array<(grant: TokenGrant) => void> = [];

  refresh(): Promise<TokenGrant> {
    this.calls++;
    return new Promise((resolve) => this.pending.push(resolve));
  }

  answerAll(): void {
    for (const resolve of this.pending.splice(0)) {
      const n = randomBytes(4).toString('hex');
      resolve({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresAt: new Date(Date.now() + 3_600_000) });
    }
  }

  async until(calls: number): Promise<void> {
    while (this.pending.length < calls) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Two auth-service replicas on one real Postgres, each with a pool of two connections (the least it takes), and an
 * Entra that stalls: two refreshes waiting on it hold no connection (API keys are still verified; a refresh inside a
 * transaction held one each and starved the pool), and two replicas refreshing one account at once store one grant
 * (compare-and-set on the refresh token they used) and hand out the same working token. Replica 1 first waits for
 * replica 0, which holds the account's refresh lease; the stalled Entra outlasts the lease, so replica 1 then asks
 * Entra itself, and the race is decided by the compare-and-set.
 */
describe('token refresh on real Postgres: no connection held while Entra answers', () => {
  let databaseUrl: string;
  const replicas: { app: INestApplicationContext; entra: ControlledEntra }[] = [];
  let accountId: string;
  let otherAccountId: string;
  let environmentId: string;
  let apiKey: string;

  const credentials = (replica: number) => replicas[replica].app.get(CredentialsService);

  beforeAll(async () => {
    databaseUrl = await createDatabase(adminDatabaseUrl());
    const env = { DATABASE_URL: databaseUrl, CURSOR_SIGNING_KEY: 'c'.repeat(32), ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`, DATABASE_POOL_SIZE: '2', DATABASE_POOL_WAIT_MS: '1000', RPC_TIMEOUT_MS: '8000' };
    for (let i = 0; i < 2; i++) {
      const entra = new ControlledEntra();
      const moduleRef = await Test.createTestingModule({ imports: [AuthDomainModule.register(readAuthServiceConfig(env))] })
        .overrideProvider(EntraClient)
        .useValue(entra)
        .compile();
      replicas.push({ app: await moduleRef.init(), entra });
    }
    const app = replicas[0].app;
    ({ environmentId, apiKey } = await app.get(EnvironmentsService).create('Refreshes'));
    const dataSource = app.get(DataSource);
    const vault = app.get<Vault>(VAULT);
    const staleAccount = async () => {
      const account = await dataSource.getRepository(IntegratedAccountEntity).save({
        environmentId,
        environmentUrl: 'https://contoso.crm.dynamics.com',
        authType: IntegratedAccountAuthType.OAUTH,
        status: IntegratedAccountStatus.ACTIVE,
      });
      const stale = { accessToken: 'stale', expiresAt: new Date(Date.now() - 1_000) };
      await dataSource.transaction((manager) => credentials(0).store(manager, account.id, stale, vault.encrypt('refresh-0', secretAad(account.id)), null));
      return account.id;
    };
    accountId = await staleAccount();
    otherAccountId = await staleAccount();
  });

  afterAll(async () => {
    for (const { app } of replicas) await app.close();
    await dropDatabase(adminDatabaseUrl(), databaseUrl);
  });

  it('verifies API keys on a two-connection pool while two refreshes wait on Entra, then stores one grant of two racing replicas', async () => {
    const first = credentials(0).get(environmentId, accountId);
    const other = credentials(0).get(environmentId, otherAccountId);
    const second = credentials(1).get(environmentId, accountId);
    const sameReplica = credentials(0).get(environmentId, accountId);
    await replicas[0].entra.until(2);
    await replicas[1].entra.until(1);

    // Three refreshes are waiting on Entra, two in replica 0: both of its connections are free.
    for (const { app } of replicas) {
      await expect(app.get(ApiKeysService).verify(hashApiKey(apiKey))).resolves.toMatchObject({ environment_id: environmentId });
    }
    // One refresh per account in a process: the second caller of replica 0 for the account shares the first one's.
    expect(replicas[0].entra.calls).toBe(2);

    replicas[0].entra.answerAll();
    const grant0 = await first;
    await expect(other).resolves.toMatchObject({ access_token: expect.stringMatching(/^access-/) });
    expect(await sameReplica).toEqual(grant0);
    replicas[1].entra.answerAll();
    const grant1 = await second;

    // Replica 1 lost the race: it hands out replica 0's stored token rather than overwrite it.
    expect(grant1.access_token).toBe(grant0.access_token);
    const stored = await credentials(0).get(environmentId, accountId);
    expect(stored.access_token).toBe(grant0.access_token);
  }, 20_000);
});
