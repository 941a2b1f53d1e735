import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { DomainError, ErrorCode, IntegratedAccountAuthType, IntegratedAccountStatus } from '@dua/unified-models';
import { hashApiKey } from '@dua/service-kit';
import { adminDatabaseUrl } from '@dua/testing';
import { createDatabase, dropDatabase } from '../../../tools/stack';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuthDomainModule } from './auth.module';
import { readAuthServiceConfig } from './config/auth.config';
import { runMigrations } from './database/run-migrations';
import { EnvironmentsService } from './environments/environments.service';
import { IdempotencyService } from './idempotency/idempotency.service';
import { IntegratedAccountEntity } from './integrated-accounts/integrated-account.entity';
import { IntegratedAccountsService } from './integrated-accounts/integrated-accounts.service';

describe('auth-service on real Postgres', () => {
  let databaseUrl: string;
  let app: INestApplicationContext;
  let accountsRepository: Repository<IntegratedAccountEntity>;

  beforeAll(async () => {
    databaseUrl = await createDatabase(adminDatabaseUrl());
    const moduleRef = await Test.createTestingModule({
      imports: [AuthDomainModule.register(readAuthServiceConfig({ DATABASE_URL: databaseUrl, CURSOR_SIGNING_KEY: 'c'.repeat(32), ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}` }))],
    }).compile();
    app = await moduleRef.init();
    accountsRepository = app.get(getRepositoryToken(IntegratedAccountEntity));
  });

  afterAll(async () => {
    await app?.close();
    await dropDatabase(adminDatabaseUrl(), databaseUrl);
  });

  function accountBuilder(environmentId: string, customerRef: string): Partial<IntegratedAccountEntity> {
    return {
      environmentId,
      customerRef,
      environmentUrl: 'https://contoso.crm.dynamics.com',
      authType: IntegratedAccountAuthType.OAUTH,
      status: IntegratedAccountStatus.ACTIVE,
    };
  }

  it('applies the migrations once, even when replicas race to apply them', async () => {
    const dataSource = app.get(DataSource);
    const again = await Promise.all([runMigrations(dataSource), runMigrations(dataSource)]);
    expect(again).toEqual([[], []]);
    const tables = await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    expect(tables.map((row: { table_name: string }) => row.table_name)).toEqual([
      'account_credentials',
      'api_keys',
      'environment_redirect_uris',
      'environments',
      'idempotency_records',
      'integrated_accounts',
      'link_tokens',
      'migrations',
    ]);
  });

  it('stores only the hash of an API key, verifies it, and stops verifying it once revoked', async () => {
    const environments = app.get(EnvironmentsService);
    const apiKeys = app.get(ApiKeysService);
    const { environmentId, apiKey, apiKeyId } = await environments.create('Acme');

    const stored = await app.get(DataSource).query('SELECT key_hash, key_prefix FROM api_keys WHERE id = $1', [apiKeyId]);
    expect(stored[0].key_hash).toBe(hashApiKey(apiKey));
    expect(JSON.stringify(stored)).not.toContain(apiKey);

    await expect(apiKeys.verify(hashApiKey(apiKey))).resolves.toEqual({ environment_id: environmentId, api_key_id: apiKeyId });
    expect(await apiKeys.revoke(apiKeyId)).toBe(true);
    expect(await apiKeys.revoke(apiKeyId)).toBe(false);
    await expect(apiKeys.verify(hashApiKey(apiKey))).rejects.toMatchObject({ code: ErrorCode.UNAUTHENTICATED });
  });

  it('pages integrated accounts by cursor: each exactly once, only the environment’s own', async () => {
    const environments = app.get(EnvironmentsService);
    const { environmentId: mine } = await environments.create('Mine');
    const { environmentId: theirs } = await environments.create('Theirs');
    await accountsRepository.save(Array.from({ length: 7 }, (_, i) => accountsRepository.create(accountBuilder(mine, `customer-${i}`))));
    await accountsRepository.save(accountsRepository.create(accountBuilder(theirs, 'someone-else')));

    const service = app.get(IntegratedAccountsService);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await service.list(mine, { limit: 3, next_cursor: cursor });
      seen.push(...page.result.map((account) => account.customer_ref ?? ''));
      expect(page.result_count).toBe(page.result.length);
      cursor = page.next_cursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `customer-${i}`));
  });

  it('refuses a cursor replayed by another environment or with other filters', async () => {
    const environments = app.get(EnvironmentsService);
    const { environmentId } = await environments.create('Cursor owner');
    const { environmentId: other } = await environments.create('Cursor thief');
    await accountsRepository.save([1, 2].map((i) => accountsRepository.create(accountBuilder(environmentId, `c${i}`))));
    const service = app.get(IntegratedAccountsService);
    const first = await service.list(environmentId, { limit: 1 });
    expect(first.next_cursor).not.toBeNull();
    const cursor = first.next_cursor as string;

    const replays = [
      service.list(other, { limit: 1, next_cursor: cursor }),
      service.list(environmentId, { limit: 1, next_cursor: cursor, status: IntegratedAccountStatus.ACTIVE }),
    ];
    for (const replay of replays) {
      await expect(replay).rejects.toBeInstanceOf(DomainError);
      await expect(replay).rejects.toMatchObject({ code: ErrorCode.INVALID_CURSOR });
    }
  });

  describe('idempotency keys', () => {
    const hashOf = (text: string) => text.repeat(64).slice(0, 64);
    const request = (accountId: string, key: string, body = 'a', resourceId = '3f0c9a52-0000-4000-8000-000000000001') => ({
      integrated_account_id: accountId,
      key,
      request_hash: hashOf(body),
      resource_id: resourceId,
      lease_ms: 1000,
    });

    async function environmentWithAccount(name: string): Promise<{ environmentId: string; accountId: string }> {
      const { environmentId } = await app.get(EnvironmentsService).create(name);
      const account = await accountsRepository.save(accountBuilder(environmentId, name));
      return { environmentId, accountId: account.id };
    }

    it('claims a key once: in progress for the same body, refused for another, replayed once complete', async () => {
      const idempotency = app.get(IdempotencyService);
      const { environmentId, accountId } = await environmentWithAccount('Idem one');
      const claimed = await Promise.allSettled(Array.from({ length: 10 }, () => idempotency.begin(environmentId, request(accountId, 'k1'))));
      expect(claimed.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of claimed.filter((candidate) => candidate.status === 'rejected')) {
        expect((result as PromiseRejectedResult).reason).toMatchObject({ code: ErrorCode.IDEMPOTENCY_IN_PROGRESS });
      }
      await expect(idempotency.begin(environmentId, request(accountId, 'k1', 'b'))).rejects.toMatchObject({ code: ErrorCode.IDEMPOTENCY_KEY_REUSED });
      await idempotency.complete(environmentId, { integrated_account_id: accountId, key: 'k1', response_status: 201, response_body: '{"result":{"id":"x"}}' });
      await expect(idempotency.begin(environmentId, request(accountId, 'k1'))).resolves.toEqual({
        state: 'completed',
        resource_id: '3f0c9a52-0000-4000-8000-000000000001',
        response_status: 201,
        response_body: '{"result":{"id":"x"}}',
      });
    });

    it('lets a retry take over an expired or released claim with the first attempt\'s record id', async () => {
      const idempotency = app.get(IdempotencyService);
      const { environmentId, accountId } = await environmentWithAccount('Idem two');
      await idempotency.begin(environmentId, request(accountId, 'k2', 'a', '3f0c9a52-0000-4000-8000-00000000000a'));
      await idempotency.release(environmentId, { integrated_account_id: accountId, key: 'k2' });
      await expect(idempotency.begin(environmentId, request(accountId, 'k2', 'a', '3f0c9a52-0000-4000-8000-00000000000b'))).resolves.toEqual({
        state: 'started',
        resource_id: '3f0c9a52-0000-4000-8000-00000000000a',
      });
    });

    it('scopes keys to the environment and account, refuses another environment\'s account, and purges expired keys', async () => {
      const idempotency = app.get(IdempotencyService);
      const first = await environmentWithAccount('Idem three');
      const second = await environmentWithAccount('Idem four');
      await idempotency.begin(first.environmentId, request(first.accountId, 'shared'));
      await expect(idempotency.begin(second.environmentId, request(second.accountId, 'shared', 'other'))).resolves.toMatchObject({ state: 'started' });
      await expect(idempotency.begin(second.environmentId, request(first.accountId, 'x'))).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
      const dataSource = app.get(DataSource);
      await dataSource.query(`UPDATE idempotency_records SET expires_at = now() - interval '1 second' WHERE integrated_account_id = $1`, [first.accountId]);
      expect(await idempotency.purgeExpired()).toBe(1);
      const left = await dataSource.query(`SELECT key FROM idempotency_records WHERE integrated_account_id IN ($1, $2)`, [first.accountId, second.accountId]);
      expect(left).toEqual([{ key: 'shared' }]);
    });
  });
});
