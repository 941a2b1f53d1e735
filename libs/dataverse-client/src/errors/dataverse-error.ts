import { DomainError, ErrorCode, RemoteError } from '@dua/unified-models';

/** Dataverse error codes we act on (the `error.code` member; unrelated to the HTTP status). */
export const DataverseErrorCode = {
  OBJECT_DOES_NOT_EXIST: '0x80040217',
  CONCURRENCY_VERSION_MISMATCH: '0x80060882',
  DUPLICATE_RECORD: '0x80040237',
  USER_NOT_MEMBER_OF_ORGANIZATION: '0x80072560',
  /** ExpiredVersionStamp: a change-tracking token too old (or broken by a metadata change): read everything again. */
  EXPIRED_VERSION_STAMP: '0x80044352',
  /** ChangeTrackingNotEnabledForEntity. */
  CHANGE_TRACKING_NOT_ENABLED: '0x80072491',
} as const;

/** Reads `{"error":{"code","message"}}`; anything else (an empty 401, HTML from a proxy) yields nothing. */
export function remoteErrorOf(status: number, body: unknown): RemoteError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const remote: RemoteError = { status };
  if (typeof error?.code === 'string' && error.code !== '') remote.code = error.code;
  if (typeof error?.message === 'string') remote.message = error.message.slice(0, 2000);
  return remote;
}

/**
 * Turns a failed Dataverse response into our vocabulary, by status and OData code, never by message text.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors
 */
export function classifyDataverseError(remote: RemoteError, retryAfterSeconds?: number): DomainError {
  const details = { remote };
  const message = remote.message ?? `Dataverse answered ${remote.status}`;
  switch (remote.status) {
    case 401:
      return new DomainError(ErrorCode.NEEDS_REAUTH, 'Dataverse refused the credentials of the integrated account', details);
    case 403:
      return remote.code === DataverseErrorCode.USER_NOT_MEMBER_OF_ORGANIZATION
        ? new DomainError(ErrorCode.NEEDS_REAUTH, message, details)
        : new DomainError(ErrorCode.UPSTREAM_REJECTED, message, details);
    case 404:
      return new DomainError(ErrorCode.NOT_FOUND, message, details);
    case 409:
      return new DomainError(ErrorCode.CONFLICT, message, details);
    case 412:
      return remote.code === DataverseErrorCode.DUPLICATE_RECORD
        ? new DomainError(ErrorCode.CONFLICT, message, details)
        : new DomainError(ErrorCode.PRECONDITION_FAILED, message, details);
    case 429:
      return new DomainError(ErrorCode.RATE_LIMITED, message, { ...details, retry_after_seconds: retryAfterSeconds });
    default:
      if (remote.status >= 500) return new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, message, details);
      return new DomainError(ErrorCode.UPSTREAM_REJECTED, message, details);
  }
}

export function networkFailure(reason: string): DomainError {
  return new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, `Dataverse could not be reached: ${reason}`);
}
