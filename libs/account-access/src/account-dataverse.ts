import { DataverseClient, DataverseClientOptions } from '@dua/dataverse-client';
import { AccessGrant, AuthPatterns, CallContext, DomainError, ErrorCode } from '@dua/unified-models';
import { cacheLookups, DEFAULT_RPC_TIMEOUT_MS, RpcClient, sha256Hex, TimeoutChain, timeoutChainOf } from '@dua/service-kit';
import { AccountGrants, CachedGrant } from './account-grants';
import { DATAVERSE_METRICS_HOOKS } from './dataverse-metrics';

/** Refresh a cached token this long before Dataverse would refuse it. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * A Dataverse client for an integrated account, with tokens from auth-service (`auth.credentials.get`, and
 * `auth.credentials.refresh` after a 401). Grants are cached in the process (`AccountGrants`) until shortly before
 * they expire or until auth-service announces the account revoked, so a request costs no extra round trip;
 * auth-service stays the only holder of credentials.
 *
 * Every wait follows the app's `TimeoutChain`: a token request waits `interServiceCallMs`; each Dataverse call has
 * `dataverseRetryBudgetMs` and each attempt `dataverseAttemptMs`; and a client (one per request) stops everything
 * `serviceBudgetMs` after it was asked for, so the service answers before the gateway gives up.
 */
export class AccountDataverse {
  constructor(
    private readonly rpc: RpcClient,
    private readonly grants: AccountGrants,
    private readonly clientOptions: Partial<Omit<DataverseClientOptions, 'environmentUrl' | 'tokens' | 'userKey' | 'deadline'>> = {},
    private readonly timeouts: TimeoutChain = timeoutChainOf(DEFAULT_RPC_TIMEOUT_MS),
  ) {}

  async clientFor(context: CallContext, integratedAccountId: string): Promise<DataverseClient> {
    const askedAt = Date.now();
    const environmentId = context.environment_id;
    if (!environmentId) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The request carries no environment');
    const since = this.grants.generation();
    const first = await this.grant(context, environmentId, integratedAccountId, since);
    return new DataverseClient({
      hooks: DATAVERSE_METRICS_HOOKS,
      requestTimeoutMs: this.timeouts.dataverseAttemptMs,
      ...this.clientOptions,
      retry: { waitBudgetMs: this.timeouts.dataverseRetryBudgetMs, ...this.clientOptions.retry },
      deadline: askedAt + this.timeouts.serviceBudgetMs,
      environmentUrl: first.environmentUrl,
      userKey: integratedAccountId,
      tokens: {
        getToken: async () => (await this.grant(context, environmentId, integratedAccountId, since)).accessToken,
        refresh: async (rejected) => {
          this.grants.assertNotRevokedSince(integratedAccountId, since);
          this.grants.forget(integratedAccountId, environmentId);
          const grant = await this.rpc.send<AccessGrant>(
            AuthPatterns.refreshCredentials,
            { integrated_account_id: integratedAccountId, rejected_token_hash: sha256Hex(rejected) },
            context,
            this.timeouts.interServiceCallMs,
          );
          return this.grants.remember(integratedAccountId, environmentId, cachedGrantOf(grant), since).accessToken;
        },
      },
    });
  }

  private async grant(context: CallContext, environmentId: string, integratedAccountId: string, since: number): Promise<CachedGrant> {
    this.grants.assertNotRevokedSince(integratedAccountId, since);
    const cached = this.grants.get(integratedAccountId, environmentId);
    const fresh = cached !== undefined && cached.expiresAt - EXPIRY_MARGIN_MS > Date.now();
    cacheLookups.inc({ cache: 'access_token', result: fresh ? 'hit' : 'miss' });
    if (fresh) return cached;
    const grant = await this.rpc.send<AccessGrant>(AuthPatterns.getCredentials, { integrated_account_id: integratedAccountId }, context, this.timeouts.interServiceCallMs);
    return this.grants.remember(integratedAccountId, environmentId, cachedGrantOf(grant), since);
  }
}

function cachedGrantOf(grant: AccessGrant): CachedGrant {
  return {
    environmentUrl: grant.environment_url,
    accessToken: grant.access_token,
    expiresAt: Date.parse(grant.expires_at),
  };
}
