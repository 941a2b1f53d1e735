import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountCredentialsEntity } from '../credentials/account-credentials.entity';
import { accessTokenAad, secretAad } from '../credentials/credentials.service';
import { Vault } from './vault';
import { VAULT } from './vault.module';

/** `npm run admin -- reencrypt`: re-seals every credential under the newest key, so an old key can be retired. */
@Injectable()
export class VaultRotationService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(VAULT) private readonly vault: Vault,
  ) {}

  async reencryptAll(): Promise<{ reencrypted: number; key_id: string }> {
    let reencrypted = 0;
    await this.dataSource.transaction(async (manager) => {
      const rows = await manager.find(AccountCredentialsEntity, { lock: { mode: 'pessimistic_write' } });
      for (const row of rows) {
        const reseal = (sealed: string | null, aad: string) =>
          sealed && this.vault.keyIdOf(sealed) !== this.vault.newestKeyId ? this.vault.encrypt(this.vault.decrypt(sealed, aad), aad) : sealed;
        const sealedSecret = reseal(row.sealedSecret, secretAad(row.integratedAccountId)) as string;
        const sealedAccessToken = reseal(row.sealedAccessToken, accessTokenAad(row.integratedAccountId));
        if (sealedSecret !== row.sealedSecret || sealedAccessToken !== row.sealedAccessToken) {
          await manager.update(AccountCredentialsEntity, { integratedAccountId: row.integratedAccountId }, { sealedSecret, sealedAccessToken });
          reencrypted++;
        }
      }
    });
    return { reencrypted, key_id: this.vault.newestKeyId };
  }
}
