/**
 * The fixed vocabulary of error codes. Services raise them, they cross NATS as `{code, message, details}`,
 * and the gateway turns them into RFC 9457 problem details. Adding a code without a status fails to compile.
 */
export enum ErrorCode {
  /** The request is malformed or a field is invalid (see `errors`). */
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  /** A `next_cursor` was tampered with, expired, or used with another account or other filters. */
  INVALID_CURSOR = 'INVALID_CURSOR',
  /** No API key, or one we do not know. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The resource does not exist, or belongs to another environment. */
  NOT_FOUND = 'NOT_FOUND',
  /** The request body is larger than we accept. */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** The request body is not JSON. */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** `If-Match` named a stale etag. */
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
  /** The write conflicts with the record's current state (e.g. a duplicate, or an idempotency key reused with another body). */
  CONFLICT = 'CONFLICT',
  /** An `Idempotency-Key` was sent again with another request body. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** The first request with this `Idempotency-Key` is still running: retry later. */
  IDEMPOTENCY_IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS',
  /** The integrated account's grant is gone (expired, revoked, consent withdrawn): the end user must connect again. */
  NEEDS_REAUTH = 'NEEDS_REAUTH',
  /** Dataverse throttled us beyond the retry budget; `Retry-After` says when to come back. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** Dataverse refused the request (a 4xx we could not map more precisely); see `remote`. */
  UPSTREAM_REJECTED = 'UPSTREAM_REJECTED',
  /** Dataverse failed (5xx or network) after every retry. */
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /** One of our own services is not running (no responder on NATS). */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** A service did not answer in time. */
  TIMEOUT = 'TIMEOUT',
  /** A bug on our side. */
  INTERNAL = 'INTERNAL',
}

export const ERROR_CODES: readonly ErrorCode[] = Object.values(ErrorCode);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
