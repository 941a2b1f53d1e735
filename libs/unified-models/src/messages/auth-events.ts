import { IntegratedAccountStatus } from '../auth/integrated-account.dto';

/**
 * Broadcasts auth-service publishes (not queue-grouped: every replica of every interested service receives them).
 * `accountStatusChanged` is sent as a request: each receiving replica answers once it has dropped what it cached for the
 * account (an {@link AccountStatusAck}), and the API call that changed the status answers after those acks.
 */
export const AuthEvents = {
  accountStatusChanged: 'auth.events.account-status-changed',
  /**
   * Every replica that caches grants answers with an {@link AccountStatusAck} (and drops nothing): auth-service calls
   * the roll at start and every few seconds, so a revocation waits for replicas it has not yet heard from.
   */
  rollCall: 'auth.events.roll-call',
} as const;

/** The statuses that revoke: every cached credential of the account must be dropped. */
export type RevokedAccountStatus = IntegratedAccountStatus.NEEDS_REAUTH | IntegratedAccountStatus.DISCONNECTED;

export interface AccountStatusChangedEvent {
  integrated_account_id: string;
  environment_id: string;
  status: RevokedAccountStatus;
  occurred_at: string;
}

/** A replica's answer to `auth.events.account-status-changed`: it no longer holds anything for the account. */
export interface AccountStatusAck {
  service: string;
  instance: string;
}
