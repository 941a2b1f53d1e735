import { HttpException } from '@nestjs/common';
import { describeErrorCode, DomainError, ErrorCode, problemTypeOf, ProblemDto } from '@dua/unified-models';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemResponse {
  status: number;
  body: ProblemDto;
  headers: Record<string, string>;
}

/** HTTP errors raised by the framework itself (unknown route, unparsable body…) in our vocabulary. */
const CODE_BY_HTTP_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.NOT_FOUND,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
};

/** Anything thrown while handling a request, as an RFC 9457 problem. Unknown errors are `INTERNAL` (a bug). */
export function toProblem(error: unknown, requestId: string): ProblemResponse {
  const domainError = asDomainError(error);
  const { status, title } = describeErrorCode(domainError.code);
  const body: ProblemDto = {
    type: problemTypeOf(domainError.code),
    title,
    status,
    detail: domainError.message,
    code: domainError.code,
    request_id: requestId,
  };
  if (domainError.details?.errors) body.errors = domainError.details.errors;
  if (domainError.details?.remote) body.remote = domainError.details.remote;
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (domainError.details?.retry_after_seconds !== undefined) headers['retry-after'] = String(Math.ceil(domainError.details.retry_after_seconds));
  return { status, body, headers };
}

function asDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const status = httpStatusOf(error);
  if (status !== undefined && status < 500) {
    const code = CODE_BY_HTTP_STATUS[status] ?? ErrorCode.VALIDATION_FAILED;
    return new DomainError(code, clientErrorMessage(error, code));
  }
  return new DomainError(ErrorCode.INTERNAL, 'Internal error');
}

/** Nest's HttpException or a Fastify error (which carries `statusCode`). */
function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

function clientErrorMessage(error: unknown, code: ErrorCode): string {
  if (code === ErrorCode.NOT_FOUND) return 'No such route';
  return error instanceof Error && error.message ? error.message : describeErrorCode(code).title;
}
