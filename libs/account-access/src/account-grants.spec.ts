import { DomainError, ErrorCode, IntegratedAccountStatus } from '@dua/unified-models';
import { AccountGrants, CachedGrant } from './account-grants';

const grant = (token: string): CachedGrant => ({ environmentUrl: 'https://contoso.crm.dynamics.com', accessToken: token, expiresAt: Date.now() + 3_600_000 });

function codeOf(action: () => void): ErrorCode | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('AccountGrants', () => {
  it('drops every grant of a revoked account, in every environment, and keeps the others', () => {
    const grants = new AccountGrants();
    const since = grants.generation();
    grants.remember('a1', 'env-1', grant('t1'), since);
    grants.remember('a1', 'env-2', grant('t2'), since);
    grants.remember('a2', 'env-1', grant('t3'), since);
    grants.revoke({ integrated_account_id: 'a1', status: IntegratedAccountStatus.DISCONNECTED });
    expect(grants.get('a1', 'env-1')).toBeUndefined();
    expect(grants.get('a1', 'env-2')).toBeUndefined();
    expect(grants.get('a2', 'env-1')?.accessToken).toBe('t3');
  });

  it('fails a request that started before the revocation: 404 when disconnected, NEEDS_REAUTH when the grant is gone', () => {
    const grants = new AccountGrants();
    const since = grants.generation();
    grants.revoke({ integrated_account_id: 'a1', status: IntegratedAccountStatus.DISCONNECTED });
    grants.revoke({ integrated_account_id: 'a2', status: IntegratedAccountStatus.NEEDS_REAUTH });
    expect(codeOf(() => grants.assertNotRevokedSince('a1', since))).toBe(ErrorCode.NOT_FOUND);
    expect(codeOf(() => grants.assertNotRevokedSince('a2', since))).toBe(ErrorCode.NEEDS_REAUTH);
    expect(codeOf(() => grants.assertNotRevokedSince('a3', since))).toBeUndefined();
    // A request that starts afterwards asks auth-service again, which decides.
    expect(codeOf(() => grants.assertNotRevokedSince('a1', grants.generation()))).toBeUndefined();
  });

  it('never caches a token fetched before a revocation that arrived while it was on its way', () => {
    const grants = new AccountGrants();
    const since = grants.generation();
    grants.revoke({ integrated_account_id: 'a1', status: IntegratedAccountStatus.DISCONNECTED });
    expect(codeOf(() => grants.remember('a1', 'env-1', grant('late'), since))).toBe(ErrorCode.NOT_FOUND);
    expect(grants.get('a1', 'env-1')).toBeUndefined();
  });

  it('forgets everything and fails running requests after the bus connection came back (broadcasts may be lost)', () => {
    const grants = new AccountGrants();
    const since = grants.generation();
    grants.remember('a1', 'env-1', grant('t1'), since);
    grants.forgetAll();
    expect(grants.get('a1', 'env-1')).toBeUndefined();
    expect(codeOf(() => grants.assertNotRevokedSince('a1', since))).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(codeOf(() => grants.assertNotRevokedSince('a1', grants.generation()))).toBeUndefined();
  });

  it('marks that failure retryable (the request did nothing wrong), and a revocation not', () => {
    const grants = new AccountGrants();
    const since = grants.generation();
    grants.forgetAll();
    grants.revoke({ integrated_account_id: 'a2', status: IntegratedAccountStatus.DISCONNECTED });
    const failureOf = (accountId: string) => {
      try {
        grants.assertNotRevokedSince(accountId, since);
      } catch (error) {
        return error as DomainError;
      }
      return undefined;
    };
    expect(failureOf('a1')).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true });
    expect(failureOf('a1')?.toPayload()).toMatchObject({ retryable: true });
    expect(failureOf('a2')).toMatchObject({ code: ErrorCode.NOT_FOUND, retryable: false });
    expect(failureOf('a2')?.toPayload()).not.toHaveProperty('retryable');
  });
});
