import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IntegratedAccountAuthType, IntegratedAccountStatus } from '@dua/unified-models';
import { adminDatabaseUrl } from '@dua/testing';
import { createDatabase, dropDatabase } from '../../../../tools/stack';
import { AuthDomainModule } from '../auth.module';
import { readAuthServiceConfig } from '../config/auth.config';
import { AccountCredentialsEntity } from '../credentials/account-credentials.entity';
import { secretAad } from '../credentials/credentials.service';
import { EnvironmentsService } from '../environments/environments.service';
import { IntegratedAccountEntity } from '../integrated-accounts/integrated-account.entity';
import { Vault } from './vault';
import { VAULT } from './vault.module';
import { VaultRotationService } from './vault-rotation.service';

const keyOf = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

async function domainWith(databaseUrl: string, encryptionKeys: string) {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthDomainModule.register(readAuthServiceConfig({ DATABASE_URL: databaseUrl, CURSOR_SIGNING_KEY: 'c'.repeat(32), ENCRYPTION_KEYS: encryptionKeys }))],
  }).compile();
  return moduleRef.init();
}

describe('rotating the vault key on real Postgres', () => {
  it('re-seals every credential under the newest key; the old key can then go', async () => {
    const databaseUrl = await createDatabase(adminDatabaseUrl());
    const oldKey = keyOf('2025');
    const newKey = keyOf('2026');
    try {
      const before = await domainWith(databaseUrl, oldKey);
      const { environmentId } = await before.get(EnvironmentsService).create('Rotation');
      const account = await before.get(DataSource).manager.save(
        before.get(DataSource).manager.create(IntegratedAccountEntity, {
          environmentId,
          environmentUrl: 'https://contoso.crm.dynamics.com',
          authType: IntegratedAccountAuthType.CLIENT_CREDENTIALS,
          status: IntegratedAccountStatus.ACTIVE,
        }),
      );
      const sealed = before.get<Vault>(VAULT).encrypt('client-secret-value', secretAad(account.id));
      await before.get(DataSource).manager.insert(AccountCredentialsEntity, { integratedAccountId: account.id, clientId: 'app', sealedSecret: sealed });
      await before.close();

      const during = await domainWith(databaseUrl, `${oldKey},${newKey}`);
      expect(await during.get(VaultRotationService).reencryptAll()).toEqual({ reencrypted: 1, key_id: '2026' });
      expect(await during.get(VaultRotationService).reencryptAll()).toEqual({ reencrypted: 0, key_id: '2026' });
      await during.close();

      const after = await domainWith(databaseUrl, newKey);
      const row = await after.get(DataSource).manager.findOneByOrFail(AccountCredentialsEntity, { integratedAccountId: account.id });
      expect(row.sealedSecret.startsWith('v1.2026.')).toBe(true);
      expect(after.get<Vault>(VAULT).decrypt(row.sealedSecret, secretAad(account.id))).toBe('client-secret-value');
      await after.close();
    } finally {
      await dropDatabase(adminDatabaseUrl(), databaseUrl);
    }
  });
});
