import { ErrorCode, isErrorCode } from './error-code';

export interface FieldError {
  field: string;
  message: string;
}

/** What Dataverse said when it refused a request; surfaced as the problem's `remote` member. */
export interface RemoteError {
  status: number;
  code?: string;
  message?: string;
}

export interface ErrorDetails {
  errors?: FieldError[];
  remote?: RemoteError;
  /** Seconds, for `RATE_LIMITED`. */
  retry_after_seconds?: number;
}

/** The serialized form that crosses NATS. Never carries a stack, a token or a secret. */
export interface RpcErrorPayload {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
  /** See `DomainError.retryable`. Between services only: never part of an HTTP problem. */
  retryable?: boolean;
}

/** The one error type services raise. Anything else that escapes a handler is reported as `INTERNAL`. */
export class DomainError extends Error {
  /**
   * `retryable`: the request failed for a passing reason of the replica that handled it (not because of what it
   * asked), and sending it again as it is can succeed: the gateway sends such a read once more.
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toPayload(): RpcErrorPayload {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}), ...(this.retryable ? { retryable: true } : {}) };
  }

  static fromPayload(payload: RpcErrorPayload): DomainError {
    return new DomainError(payload.code, payload.message, payload.details, payload.retryable === true);
  }

  /** `SERVICE_UNAVAILABLE` for a passing reason of the replica that handled the request: see `retryable`. */
  static tryAgain(message: string): DomainError {
    return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, message, undefined, true);
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, `${what} was not found`);
  }
}

export function isRpcErrorPayload(value: unknown): value is RpcErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    isErrorCode((value as RpcErrorPayload).code) &&
    typeof (value as RpcErrorPayload).message === 'string'
  );
}
