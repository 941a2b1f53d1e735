import { Repository } from 'typeorm';
import { DomainError, IntegratedAccountStatus } from '@dua/unified-models';
import { IntegratedAccountEntity } from './integrated-account.entity';

/**
 * An integrated account of the caller's environment. Another environment's account is indistinguishable from a
 * missing one (404, never 403), and a disconnected account is gone.
 */
export async function findOwnAccount(
  accounts: Repository<IntegratedAccountEntity>,
  environmentId: string,
  accountId: string,
): Promise<IntegratedAccountEntity> {
  const account = await accounts.findOneBy({ id: accountId, environmentId });
  if (!account || account.status === IntegratedAccountStatus.DISCONNECTED) throw DomainError.notFound(`Integrated account ${accountId}`);
  return account;
}
