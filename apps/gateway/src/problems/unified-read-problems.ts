import { ErrorCode } from '@dua/unified-models';

/** What any read of a customer's Dynamics data (CRM, user directory) can answer besides its data. */
export const UNIFIED_READ_PROBLEMS: ErrorCode[] = [
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
