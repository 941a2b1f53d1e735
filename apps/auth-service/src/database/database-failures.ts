import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode } from '@dua/unified-models';

/** Socket errors, and SQLSTATEs of a server going away or not taking connections (class 08, 57P01–57P03). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03']);
/** node-postgres raises these without a code: a connection that dropped, and the pool's wait (`DATABASE_POOL_WAIT_MS`). */
const UNREACHABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect)/;

/**
 * For auth-service's error filter: Postgres down or unreachable is `SERVICE_UNAVAILABLE` (503, try again), not a bug.
 * The pool reconnects by itself once the server is back; nothing else is translated.
 */
export function translateDatabaseFailure(error: unknown): DomainError | undefined {
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as { code?: unknown }).code;
  const unreachable = typeof code === 'string' ? UNREACHABLE_CODES.has(code) || code.startsWith('08') : UNREACHABLE_MESSAGES.test(cause.message);
  return unreachable ? new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The database of auth-service is unavailable; try again shortly') : undefined;
}
