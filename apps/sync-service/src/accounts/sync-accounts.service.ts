import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthPatterns, CallContext, DomainError, ErrorCode, IntegratedAccountDto, ListEnvelope, SYNC_RESOURCES } from '@dua/unified-models';
import { RpcClient } from '@dua/service-kit';

/**
 * The integrated accounts sync-service follows: those with a webhook subscription or a pull cursor in use. An account
 * is known here only after auth-service said it belongs to the caller's environment, so another environment's id
 * answers 404 like everywhere else.
 */
@Injectable()
export class SyncAccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rpc: RpcClient,
  ) {}

  /** Starts following the account (if it is not yet) after checking it is the caller's; 404 otherwise. */
  async follow(context: CallContext, accountId: string): Promise<void> {
    const environmentId = requireEnvironment(context);
    const [known] = await this.db.query('SELECT environment_id FROM sync_accounts WHERE integrated_account_id = $1', [accountId]);
    if (known) {
      if (known.environment_id !== environmentId) throw DomainError.notFound(`Integrated account ${accountId}`);
      return;
    }
    const account = await this.rpc.send<IntegratedAccountDto>(AuthPatterns.getIntegratedAccount, { integrated_account_id: accountId }, context);
    await this.db.transaction((manager) => insertAccount(manager, environmentId, account.id));
  }

  /** Follows every active account of the caller's environment (for subscriptions without an account). */
  async followEnvironment(context: CallContext): Promise<void> {
    const environmentId = requireEnvironment(context);
    let cursor: string | null = null;
    do {
      const page: ListEnvelope<IntegratedAccountDto> = await this.rpc.send(AuthPatterns.listIntegratedAccounts, { limit: 100, ...(cursor ? { next_cursor: cursor } : {}) }, context);
      const active = page.result.filter((account) => account.status === 'active');
      if (active.length) await this.db.transaction(async (manager) => {
        for (const account of active) await insertAccount(manager, environmentId, account.id);
      });
      cursor = page.next_cursor;
    } while (cursor);
  }

  /** Environments with a subscription for all their accounts: their new accounts are followed on the next refresh. */
  async environmentsWithWideSubscriptions(): Promise<string[]> {
    const rows: Array<{ environment_id: string }> = await this.db.query(
      'SELECT DISTINCT environment_id FROM webhook_subscriptions WHERE enabled AND integrated_account_id IS NULL',
    );
    return rows.map((row) => row.environment_id);
  }
}

/** Inserts the account and one stream per resource, each starting with a baseline read; idempotent. */
export async function insertAccount(manager: EntityManager, environmentId: string, accountId: string, status = 'active'): Promise<void> {
  await manager.query(
    `INSERT INTO sync_accounts (integrated_account_id, environment_id, status) VALUES ($1, $2, $3) ON CONFLICT (integrated_account_id) DO NOTHING`,
    [accountId, environmentId, status],
  );
  await manager.query(
    `INSERT INTO sync_streams (integrated_account_id, resource) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [accountId, SYNC_RESOURCES],
  );
}

export function requireEnvironment(context: CallContext): string {
  if (!context.environment_id) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The request carries no environment');
  return context.environment_id;
}
