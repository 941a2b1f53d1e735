import { ErrorCode } from '@dua/unified-models';

/** What any Unified CRM read can answer besides its data. */
export const CRM_READ_PROBLEMS: ErrorCode[] = [
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.VALIDATION_FAILED,
  ErrorCode.NOT_FOUND,
  ErrorCode.NEEDS_REAUTH,
  ErrorCode.RATE_LIMITED,
  ErrorCode.UPSTREAM_REJECTED,
  ErrorCode.UPSTREAM_UNAVAILABLE,
  ErrorCode.SERVICE_UNAVAILABLE,
  ErrorCode.TIMEOUT,
];
