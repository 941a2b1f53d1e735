import { DataverseClient, DataverseClientOptions } from '@dua/dataverse-client';
import { AccessGrant, AuthPatterns, CallContext, DomainError, ErrorCode } from '@dua/unified-models';
import { RpcClient, sha256Hex } from '@dua/service-kit';

/** Refresh a cached token this long before Dataverse would refuse it. */
const EXPIRY_MARGIN_MS = 60_000;

interface CachedGrant {
  environmentUrl: string;
  accessToken: string;
  expiresAt: number;
}

/**
 * A Dataverse client for an integrated account, with tokens from auth-service (`auth.credentials.get`, and
 * `auth.credentials.refresh` after a 401). Grants are cached in the process until shortly before they expire, keyed by
 * environment and account, so a request costs no extra round trip; auth-service stays the only holder of credentials.
 */
export class AccountDataverse {
  private readonly grants = new Map<string, CachedGrant>();

  constructor(
    private readonly rpc: RpcClient,
    private readonly clientOptions: Partial<Omit<DataverseClientOptions, 'environmentUrl' | 'tokens' | 'userKey'>> = {},
  ) {}

  async clientFor(context: CallContext, integratedAccountId: string): Promise<DataverseClient> {
    if (!context.environment_id) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The request carries no environment');
    const key = `${context.environment_id}:${integratedAccountId}`;
    const first = await this.grant(key, context, integratedAccountId);
    return new DataverseClient({
      ...this.clientOptions,
      environmentUrl: first.environmentUrl,
      userKey: integratedAccountId,
      tokens: {
        getToken: async () => (await this.grant(key, context, integratedAccountId)).accessToken,
        refresh: async (rejected) => {
          this.grants.delete(key);
          const grant = await this.rpc.send<AccessGrant>(
            AuthPatterns.refreshCredentials,
            { integrated_account_id: integratedAccountId, rejected_token_hash: sha256Hex(rejected) },
            context,
          );
          return this.remember(key, grant).accessToken;
        },
      },
    });
  }

  private async grant(key: string, context: CallContext, integratedAccountId: string): Promise<CachedGrant> {
    const cached = this.grants.get(key);
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return cached;
    const grant = await this.rpc.send<AccessGrant>(AuthPatterns.getCredentials, { integrated_account_id: integratedAccountId }, context);
    return this.remember(key, grant);
  }

  private remember(key: string, grant: AccessGrant): CachedGrant {
    const cached = { environmentUrl: grant.environment_url, accessToken: grant.access_token, expiresAt: Date.parse(grant.expires_at) };
    this.grants.set(key, cached);
    return cached;
  }
}
