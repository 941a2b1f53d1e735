import { domainErrorOfDataverse } from '@dua/account-access';
import { DataverseClient, isDataverseError } from '@dua/dataverse-client';
import { DomainError, ErrorCode } from '@dua/unified-models';

export interface WhoAmI {
  userId: string;
  businessUnitId: string;
  organizationId: string;
}

/**
 * Proves a token works on an environment before anything is stored: WhoAmI with exactly this token
 * (no refresh: a refusal here means the connection is wrong, not stale).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/whoami
 */
export async function whoAmI(environmentUrl: string, accessToken: string): Promise<WhoAmI> {
  const client = new DataverseClient({
    environmentUrl,
    userKey: `verify:${environmentUrl}`,
    retry: { maxAttempts: 3, waitBudgetMs: 10_000 },
    requestTimeoutMs: 30_000,
    tokens: {
      getToken: async () => accessToken,
      refresh: async () => {
        throw new DomainError(ErrorCode.UPSTREAM_REJECTED, 'Dataverse refused the token for this environment', { remote: { status: 401 } });
      },
    },
  });
  const who = await client.whoAmI().catch((error: unknown) => {
    throw isDataverseError(error) ? domainErrorOfDataverse(error) : error;
  });
  return { userId: who.UserId, businessUnitId: who.BusinessUnitId, organizationId: who.OrganizationId };
}
