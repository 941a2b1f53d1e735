import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AccessGrant, DomainError, ErrorCode, IntegratedAccountAuthType, IntegratedAccountStatus } from '@dua/unified-models';
import { sha256Hex } from '@dua/service-kit';
import { AccountStatusEvents } from '../account-events/account-status-events';
import { AuthServiceConfig } from '../config/auth.config';
import { EntraClient, TokenGrant } from '../entra/entra-client';
import { IntegratedAccountEntity } from '../integrated-accounts/integrated-account.entity';
import { findOwnAccount } from '../integrated-accounts/integrated-account.lookup';
import { Vault } from '../vault/vault';
import { VAULT } from '../vault/vault.module';
import { AccountCredentialsEntity } from './account-credentials.entity';

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

/** Associated data binding each sealed value to its account and purpose. */
export const secretAad = (accountId: string) => `account:${accountId}:secret`;
export const accessTokenAad = (accountId: string) => `account:${accountId}:access-token`;

/**
 * Hands out short-lived access tokens for integrated accounts, refreshing them when they near expiry.
 * One refresh at a time per account across every replica (a Postgres advisory lock held while Entra answers);
 * concurrent callers in this process share one refresh. The rotated refresh token is committed before the new
 * access token is returned, so a crash cannot lose the grant.
 */
@Injectable()
export class CredentialsService {
  private readonly logger = new Logger(CredentialsService.name);
  private readonly refreshing = new Map<string, Promise<AccessGrant>>();

  constructor(
    @InjectRepository(IntegratedAccountEntity) private readonly accounts: Repository<IntegratedAccountEntity>,
    @InjectRepository(AccountCredentialsEntity) private readonly credentials: Repository<AccountCredentialsEntity>,
    private readonly dataSource: DataSource,
    private readonly entra: EntraClient,
    @Inject(VAULT) private readonly vault: Vault,
    @Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig,
    private readonly events: AccountStatusEvents,
  ) {}

  async get(environmentId: string, accountId: string): Promise<AccessGrant> {
    const account = await this.usableAccount(environmentId, accountId);
    const stored = await this.credentials.findOneBy({ integratedAccountId: accountId });
    const current = stored && this.currentAccessToken(stored);
    if (current) return grantOf(account, current.token, current.expiresAt);
    return this.refreshShared(account, undefined);
  }

  /** After Dataverse refused `rejectedTokenHash`: a new token, unless another caller has already replaced it. */
  async refresh(environmentId: string, accountId: string, rejectedTokenHash?: string): Promise<AccessGrant> {
    const account = await this.usableAccount(environmentId, accountId);
    return this.refreshShared(account, rejectedTokenHash ?? 'any');
  }

  private async usableAccount(environmentId: string, accountId: string): Promise<IntegratedAccountEntity> {
    const account = await findOwnAccount(this.accounts, environmentId, accountId);
    if (account.status === IntegratedAccountStatus.NEEDS_REAUTH) {
      throw new DomainError(ErrorCode.NEEDS_REAUTH, `The integrated account must be connected again: ${account.statusReason ?? 'the grant is gone'}`);
    }
    return account;
  }

  private refreshShared(account: IntegratedAccountEntity, rejectedTokenHash: string | undefined): Promise<AccessGrant> {
    let pending = this.refreshing.get(account.id);
    if (!pending) {
      pending = this.refreshUnderLock(account, rejectedTokenHash).finally(() => this.refreshing.delete(account.id));
      this.refreshing.set(account.id, pending);
    }
    return pending;
  }

  private async refreshUnderLock(account: IntegratedAccountEntity, rejectedTokenHash: string | undefined): Promise<AccessGrant> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`credentials:${account.id}`]);
        const stored = await manager.findOneBy(AccountCredentialsEntity, { integratedAccountId: account.id });
        if (!stored) throw new DomainError(ErrorCode.NEEDS_REAUTH, 'The integrated account has no credentials');
        // Another replica may have refreshed while we waited for the lock.
        const current = this.currentAccessToken(stored);
        if (current && (rejectedTokenHash === undefined || (rejectedTokenHash !== 'any' && sha256Hex(current.token) !== rejectedTokenHash))) {
          return grantOf(account, current.token, current.expiresAt);
        }
        const grant = await this.acquire(account, stored);
        await this.store(manager, account.id, grant, stored.sealedSecret);
        return grantOf(account, grant.accessToken, grant.expiresAt);
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NEEDS_REAUTH) await this.markNeedsReauth(account, error.message);
      throw error;
    }
  }

  private acquire(account: IntegratedAccountEntity, stored: AccountCredentialsEntity): Promise<TokenGrant> {
    const secret = this.vault.decrypt(stored.sealedSecret, secretAad(account.id));
    if (account.authType === IntegratedAccountAuthType.CLIENT_CREDENTIALS) {
      return this.entra.clientCredentials({
        tenantId: account.tenantId ?? '',
        clientId: stored.clientId ?? '',
        clientSecret: secret,
        environmentUrl: account.environmentUrl,
      });
    }
    return this.entra.refresh(secret, account.environmentUrl);
  }

  /** Seals and saves a new grant (rotated refresh token included) inside the caller's transaction. */
  async store(manager: EntityManager, accountId: string, grant: TokenGrant, sealedSecret: string, clientId?: string | null): Promise<void> {
    const secret = grant.refreshToken ? this.vault.encrypt(grant.refreshToken, secretAad(accountId)) : sealedSecret;
    await manager.upsert(
      AccountCredentialsEntity,
      {
        integratedAccountId: accountId,
        ...(clientId !== undefined ? { clientId } : {}),
        sealedSecret: secret,
        sealedAccessToken: this.vault.encrypt(grant.accessToken, accessTokenAad(accountId)),
        accessTokenExpiresAt: grant.expiresAt,
      },
      ['integratedAccountId'],
    );
    await manager.update(IntegratedAccountEntity, { id: accountId }, { lastRefreshedAt: new Date() });
  }

  private currentAccessToken(stored: AccountCredentialsEntity): { token: string; expiresAt: Date } | undefined {
    if (!stored.sealedAccessToken || !stored.accessTokenExpiresAt) return undefined;
    if (stored.accessTokenExpiresAt.getTime() - this.config.accessTokenRefreshMarginSeconds * 1000 <= Date.now()) return undefined;
    return {
      token: this.vault.decrypt(stored.sealedAccessToken, accessTokenAad(stored.integratedAccountId)),
      expiresAt: stored.accessTokenExpiresAt,
    };
  }

  /** Answers once every replica of every service has dropped the account's tokens (see `AccountStatusEvents`). */
  async markNeedsReauth(account: Pick<IntegratedAccountEntity, 'id' | 'environmentId'>, reason: string): Promise<void> {
    await this.accounts.update({ id: account.id }, { status: IntegratedAccountStatus.NEEDS_REAUTH, statusReason: reason.slice(0, 500) });
    await this.credentials.update({ integratedAccountId: account.id }, { sealedAccessToken: null, accessTokenExpiresAt: null });
    this.logger.warn(`Integrated account ${account.id} needs to be connected again`);
    await this.events.announce({
      integrated_account_id: account.id,
      environment_id: account.environmentId,
      status: IntegratedAccountStatus.NEEDS_REAUTH,
      occurred_at: new Date().toISOString(),
    });
  }
}

function grantOf(account: IntegratedAccountEntity, accessToken: string, expiresAt: Date): AccessGrant {
  return { environment_url: account.environmentUrl, access_token: accessToken, expires_at: expiresAt.toISOString() };
}
