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

/** How often a replica waiting for another's refresh looks for its token. */
const REFRESH_LEASE_POLL_MS = 50;

/** Associated data binding each sealed value to its account and purpose. */
export const secretAad = (accountId: string) => `account:${accountId}:secret`;
export const accessTokenAad = (accountId: string) => `account:${accountId}:access-token`;

/**
 * Hands out short-lived access tokens for integrated accounts, refreshing them when they near expiry.
 *
 * A refresh holds no database connection while Entra answers: it reads the stored credentials, calls Entra outside any
 * transaction (bounded by `ENTRA_TIMEOUT_MS`), then stores the new grant in one short statement only if the stored
 * refresh token is still the one it used (compare-and-set). A stalled Entra therefore cannot starve the pool that
 * API-key checks share. Concurrent callers in this process share one refresh, and replicas share one too: the
 * refreshing replica holds the account's refresh lease (claimed and released in short statements, bounded by the
 * Entra timeout), and another replica that needs a token meanwhile waits for the holder's instead of asking Entra. If
 * the holder dies, its lease runs out and the next caller refreshes; should two refreshes still race, the first to
 * store wins and the other hands out the winner's token. The rotated refresh token is committed before the new access
 * token is returned, so a crash cannot lose the grant.
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

  /** One refresh per account at a time in this process: concurrent callers share its result. */
  private refreshShared(account: IntegratedAccountEntity, rejectedTokenHash: string | undefined): Promise<AccessGrant> {
    let pending = this.refreshing.get(account.id);
    if (!pending) {
      pending = this.refreshOnce(account, rejectedTokenHash).finally(() => this.refreshing.delete(account.id));
      this.refreshing.set(account.id, pending);
    }
    return pending;
  }

  private async refreshOnce(account: IntegratedAccountEntity, rejectedTokenHash: string | undefined): Promise<AccessGrant> {
    const stored = await this.credentials.findOneBy({ integratedAccountId: account.id });
    if (!stored) {
      const missing = new DomainError(ErrorCode.NEEDS_REAUTH, 'The integrated account has no credentials');
      await this.markNeedsReauth(account, missing.message);
      throw missing;
    }
    // Another caller (or replica) may have refreshed since this one was handed the token it found stale or rejected.
    const current = this.currentAccessToken(stored);
    if (current && (rejectedTokenHash === undefined || (rejectedTokenHash !== 'any' && sha256Hex(current.token) !== rejectedTokenHash))) {
      return grantOf(account, current.token, current.expiresAt);
    }
    if (!(await this.claimRefreshLease(account.id, stored.sealedSecret))) {
      const holders = await this.tokenOfLeaseHolder(account, stored);
      if (holders) return holders;
    }
    let grant: TokenGrant;
    try {
      grant = await this.acquire(account, stored);
    } catch (error) {
      await this.releaseRefreshLease(account.id);
      if (error instanceof DomainError && error.code === ErrorCode.NEEDS_REAUTH) {
        // A refresh token another replica rotated meanwhile is not a lost grant: answer with that replica's token.
        const winner = await this.storedIfReplaced(account, stored);
        if (winner) return winner;
        await this.markNeedsReauth(account, error.message);
      }
      throw error;
    }
    if (await this.storeIfUnchanged(account.id, grant, stored.sealedSecret)) return grantOf(account, grant.accessToken, grant.expiresAt);
    await this.releaseRefreshLease(account.id);
    return (await this.storedIfReplaced(account, stored)) ?? grantOf(account, grant.accessToken, grant.expiresAt);
  }

  /** How long a replica may hold an account's refresh lease: one Entra call and a moment to store its answer. */
  private get refreshLeaseMs(): number {
    return this.config.timeouts.entraCallMs + 1_000;
  }

  /** Claims the account's refresh lease: false when another replica holds it, or has already replaced `sealedSecret`. */
  private async claimRefreshLease(accountId: string, sealedSecret: string): Promise<boolean> {
    const claimed = await this.credentials
      .createQueryBuilder()
      .update(AccountCredentialsEntity)
      .set({ refreshLeaseUntil: () => `now() + interval '${this.refreshLeaseMs} milliseconds'` })
      .where('integrated_account_id = :accountId AND sealed_secret = :sealedSecret', { accountId, sealedSecret })
      .andWhere('(refresh_lease_until IS NULL OR refresh_lease_until < now())')
      .execute();
    return (claimed.affected ?? 0) > 0;
  }

  private async releaseRefreshLease(accountId: string): Promise<void> {
    await this.credentials.update({ integratedAccountId: accountId }, { refreshLeaseUntil: null }).catch(() => undefined);
  }

  /**
   * Waits (polling, a short query each time) for the token of the replica holding the refresh lease: its grant once
   * stored, or undefined when its lease ends without one (it failed or died), so that this caller refreshes itself.
   */
  private async tokenOfLeaseHolder(account: IntegratedAccountEntity, read: AccountCredentialsEntity): Promise<AccessGrant | undefined> {
    const giveUpAt = Date.now() + this.refreshLeaseMs;
    while (Date.now() < giveUpAt) {
      const latest = await this.credentials
        .createQueryBuilder('credentials')
        .addSelect('credentials.refreshLeaseUntil')
        .where('credentials.integrated_account_id = :accountId', { accountId: account.id })
        .getOne();
      if (!latest) return undefined;
      const current = latest.sealedAccessToken !== read.sealedAccessToken ? this.currentAccessToken(latest) : undefined;
      if (current) return grantOf(account, current.token, current.expiresAt);
      if (!latest.refreshLeaseUntil || latest.refreshLeaseUntil.getTime() <= Date.now()) return undefined;
      await new Promise((resolve) => setTimeout(resolve, REFRESH_LEASE_POLL_MS));
    }
    return undefined;
  }

  /** The current token stored by whoever replaced `read` after it was read, if someone did and it is current. */
  private async storedIfReplaced(account: IntegratedAccountEntity, read: AccountCredentialsEntity): Promise<AccessGrant | undefined> {
    const latest = await this.credentials.findOneBy({ integratedAccountId: account.id });
    if (!latest || latest.sealedSecret === read.sealedSecret) return undefined;
    const current = this.currentAccessToken(latest);
    return current && grantOf(account, current.token, current.expiresAt);
  }

  /**
   * Stores a refreshed grant only if the sealed refresh token (or client secret) is still `expectedSealedSecret`, the
   * one the refresh used: one short transaction of two updates, after Entra has answered. False when another
   * refresh got there first (or the account was disconnected meanwhile).
   */
  private async storeIfUnchanged(accountId: string, grant: TokenGrant, expectedSealedSecret: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const secret = grant.refreshToken ? this.vault.encrypt(grant.refreshToken, secretAad(accountId)) : expectedSealedSecret;
      const updated = await manager.update(
        AccountCredentialsEntity,
        { integratedAccountId: accountId, sealedSecret: expectedSealedSecret },
        { sealedSecret: secret, sealedAccessToken: this.vault.encrypt(grant.accessToken, accessTokenAad(accountId)), accessTokenExpiresAt: grant.expiresAt, refreshLeaseUntil: null },
      );
      if (!updated.affected) return false;
      await manager.update(IntegratedAccountEntity, { id: accountId }, { lastRefreshedAt: new Date() });
      return true;
    });
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
