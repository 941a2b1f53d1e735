import { ErrorCode } from './error-code';

export interface ErrorCodeDescription {
  status: number;
  title: string;
}

/**
 * The one table from error code to HTTP status and problem title. Typed as a total mapping over `ErrorCode`:
 * a code without a row is a compile error.
 */
export const ERROR_CODE_TABLE: { readonly [Code in ErrorCode]: ErrorCodeDescription } = {
  [ErrorCode.VALIDATION_FAILED]: { status: 400, title: 'The request is invalid' },
  [ErrorCode.INVALID_CURSOR]: { status: 400, title: 'The cursor is invalid for this query' },
  [ErrorCode.UNAUTHENTICATED]: { status: 401, title: 'Missing or unknown API key' },
  [ErrorCode.NOT_FOUND]: { status: 404, title: 'Not found' },
  [ErrorCode.PAYLOAD_TOO_LARGE]: { status: 413, title: 'The request body is too large' },
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: { status: 415, title: 'The request body must be JSON' },
  [ErrorCode.PRECONDITION_FAILED]: { status: 412, title: 'The record changed since the given etag' },
  [ErrorCode.CONFLICT]: { status: 409, title: 'The request conflicts with the current state' },
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: { status: 422, title: 'The idempotency key was used with another request' },
  [ErrorCode.IDEMPOTENCY_IN_PROGRESS]: { status: 409, title: 'A request with this idempotency key is still running' },
  [ErrorCode.NEEDS_REAUTH]: { status: 424, title: 'The integrated account must be connected again' },
  [ErrorCode.RATE_LIMITED]: { status: 429, title: 'Dynamics 365 is throttling this account' },
  [ErrorCode.UPSTREAM_REJECTED]: { status: 422, title: 'Dynamics 365 refused the request' },
  [ErrorCode.UPSTREAM_UNAVAILABLE]: { status: 502, title: 'Dynamics 365 is unavailable' },
  [ErrorCode.SERVICE_UNAVAILABLE]: { status: 503, title: 'A service is unavailable' },
  [ErrorCode.TIMEOUT]: { status: 504, title: 'The request timed out' },
  [ErrorCode.INTERNAL]: { status: 500, title: 'Internal error' },
};

export function describeErrorCode(code: ErrorCode): ErrorCodeDescription {
  return ERROR_CODE_TABLE[code];
}

/** The problem `type` URI of a code: a relative reference the gateway serves under `/problems/{slug}`. */
export function problemTypeOf(code: ErrorCode): string {
  return `/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}
