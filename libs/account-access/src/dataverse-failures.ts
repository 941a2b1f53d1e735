import { DataverseError, DataverseFailureKind } from '@dua/dataverse-client';
import { DomainError, ErrorCode } from '@dua/unified-models';

/**
 * Our API's code for each way a Dataverse request fails. The client reports failures in its own terms; this table is
 * where the services' vocabulary meets it (typed as a total mapping: a new kind without a row fails to compile).
 */
const CODE_OF_KIND: { readonly [Kind in DataverseFailureKind]: ErrorCode } = {
  [DataverseFailureKind.UNAUTHORIZED]: ErrorCode.NEEDS_REAUTH,
  [DataverseFailureKind.NOT_A_MEMBER]: ErrorCode.NEEDS_REAUTH,
  [DataverseFailureKind.FORBIDDEN]: ErrorCode.UPSTREAM_REJECTED,
  [DataverseFailureKind.NOT_FOUND]: ErrorCode.NOT_FOUND,
  [DataverseFailureKind.LOOKUP_TARGET_NOT_FOUND]: ErrorCode.UPSTREAM_REJECTED,
  [DataverseFailureKind.VERSION_MISMATCH]: ErrorCode.PRECONDITION_FAILED,
  [DataverseFailureKind.ALREADY_EXISTS]: ErrorCode.CONFLICT,
  [DataverseFailureKind.CONFLICT]: ErrorCode.CONFLICT,
  [DataverseFailureKind.DUPLICATE_DETECTED]: ErrorCode.CONFLICT,
  [DataverseFailureKind.OPTION_OUT_OF_RANGE]: ErrorCode.UPSTREAM_REJECTED,
  [DataverseFailureKind.VALUE_TOO_LONG]: ErrorCode.UPSTREAM_REJECTED,
  [DataverseFailureKind.CHANGE_TOKEN_EXPIRED]: ErrorCode.UPSTREAM_REJECTED,
  [DataverseFailureKind.THROTTLED]: ErrorCode.RATE_LIMITED,
  [DataverseFailureKind.REJECTED]: ErrorCode.UPSTREAM_REJECTED,
  [DataverseFailureKind.SERVER_ERROR]: ErrorCode.UPSTREAM_UNAVAILABLE,
  [DataverseFailureKind.UNREACHABLE]: ErrorCode.UPSTREAM_UNAVAILABLE,
  [DataverseFailureKind.INVALID_REQUEST]: ErrorCode.VALIDATION_FAILED,
};

/** A Dataverse failure as the `DomainError` that crosses NATS, with what Dataverse said as `remote`. */
export function domainErrorOfDataverse(error: DataverseError): DomainError {
  const code = CODE_OF_KIND[error.kind];
  const message = code === ErrorCode.NEEDS_REAUTH && error.kind === DataverseFailureKind.UNAUTHORIZED ? 'Dataverse refused the credentials of the integrated account' : error.message;
  const details: { remote?: DataverseError['remote']; retry_after_seconds?: number } = {};
  if (error.remote) details.remote = error.remote;
  if (error.retryAfterSeconds !== undefined) details.retry_after_seconds = error.retryAfterSeconds;
  return new DomainError(code, message, Object.keys(details).length ? details : undefined);
}

/** For a service's error filter: Dataverse failures that escaped a handler become their `DomainError`. */
export function translateDataverseFailure(error: unknown): DomainError | undefined {
  return error instanceof DataverseError ? domainErrorOfDataverse(error) : undefined;
}
