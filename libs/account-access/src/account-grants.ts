import { AccountStatusChangedEvent, DomainError, ErrorCode, IntegratedAccountStatus, RevokedAccountStatus } from '@dua/unified-models';

export interface CachedGrant {
  environmentUrl: string;
  accessToken: string;
  expiresAt: number;
}

interface Revocation {
  status: RevokedAccountStatus;
  generation: number;
  at: number;
}

/**
 * A revocation is remembered this long: enough for every request that was already running when it arrived (the
 * gateway gives up after `RPC_TIMEOUT_MS`, 30 s by default) to see it and fail.
 */
const REVOCATION_MEMORY_MS = 15 * 60_000;

/**
 * The access tokens this process holds for integrated accounts, and the revocations it has been told about.
 *
 * Every request notes the generation it started in (`generation()`); a revocation (an `auth.events.account-status-changed`
 * broadcast, see `AuthEvents`) drops the account's grants and bumps the generation, so a request that started before
 * it fails with `NOT_FOUND` (disconnected) or `NEEDS_REAUTH` when it next asks for a token, when it answers, and
 * when a token it asked auth-service for before the revocation arrives after it (that one is never cached).
 */
export class AccountGrants {
  private readonly grants = new Map<string, Map<string, CachedGrant>>();
  private readonly revocations = new Map<string, Revocation>();
  private currentGeneration = 0;
  /** The generation of the last `forgetAll()`. */
  private allRevokedAt = 0;

  generation(): number {
    return this.currentGeneration;
  }

  get(accountId: string, environmentId: string): CachedGrant | undefined {
    return this.grants.get(accountId)?.get(environmentId);
  }

  /** Caches a grant, unless the account was revoked after `since` (then the grant is refused, never cached). */
  remember(accountId: string, environmentId: string, grant: CachedGrant, since: number): CachedGrant {
    this.assertNotRevokedSince(accountId, since);
    let byEnvironment = this.grants.get(accountId);
    if (!byEnvironment) this.grants.set(accountId, (byEnvironment = new Map()));
    byEnvironment.set(environmentId, grant);
    return grant;
  }

  forget(accountId: string, environmentId: string): void {
    this.grants.get(accountId)?.delete(environmentId);
  }

  revoke(event: Pick<AccountStatusChangedEvent, 'integrated_account_id' | 'status'>, now = Date.now()): void {
    this.currentGeneration += 1;
    this.grants.delete(event.integrated_account_id);
    this.revocations.set(event.integrated_account_id, {
      status: event.status,
      generation: this.currentGeneration,
      at: now,
    });
    for (const [accountId, revocation] of this.revocations) {
      if (now - revocation.at > REVOCATION_MEMORY_MS) this.revocations.delete(accountId);
    }
  }

  /**
   * Everything is dropped and every running request fails as revoked: used when this process may have missed
   * broadcasts (its NATS connection came back after an outage).
   */
  forgetAll(): void {
    this.currentGeneration += 1;
    this.grants.clear();
    this.allRevokedAt = this.currentGeneration;
  }

  assertNotRevokedSince(accountId: string, since: number): void {
    const revocation = this.revocations.get(accountId);
    if (revocation && revocation.generation > since) throw revokedError(accountId, revocation.status);
    if (this.allRevokedAt > since) {
      // Retryable: the request did nothing wrong, and another replica (or this one, reconnected) can serve it.
      throw DomainError.tryAgain('The service lost its connection to the message bus during the request; try again');
    }
  }
}

export function revokedError(accountId: string, status: RevokedAccountStatus): DomainError {
  return status === IntegratedAccountStatus.DISCONNECTED
    ? DomainError.notFound(`Integrated account ${accountId}`)
    : new DomainError(ErrorCode.NEEDS_REAUTH, 'The integrated account must be connected again');
}
