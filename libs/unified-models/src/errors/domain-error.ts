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
}

/** The one error type services raise. Anything else that escapes a handler is reported as `INTERNAL`. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toPayload(): RpcErrorPayload {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }

  static fromPayload(payload: RpcErrorPayload): DomainError {
    return new DomainError(payload.code, payload.message, payload.details);
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
