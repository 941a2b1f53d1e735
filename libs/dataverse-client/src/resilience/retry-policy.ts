/** How the client retries. Every number is configurable per client. */
export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff base when Dataverse gives no `Retry-After` (doubles each attempt). */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Total time one call may take, every attempt and wait included, before it fails as `THROTTLED` (with the
   * `Retry-After` Dataverse gave) / `SERVER_ERROR` / `UNREACHABLE`. A wait that does not fit is not started.
   */
  waitBudgetMs: number;
  /** 0..1: the share of each backoff that is random, so many clients do not retry in step. */
  jitter: number;
}

/**
 * Defaults for a client nobody configured: the values of `timeoutChainOf(30_000)` (libs/service-kit), the chain of a
 * gateway that waits 30 s. Services pass their own chain's values; these only keep a bare client inside the default.
 */
export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxAttempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
  waitBudgetMs: 19_500,
  jitter: 0.3,
};

/** One attempt (headers and body) of a client nobody configured; see `DEFAULT_RETRY_OPTIONS`. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 13_000;

/**
 * The time a wait must leave before the deadline for the next attempt to be worth starting: a second, or a quarter
 * of an attempt when attempts are short. A wait that leaves less is not started; the failure is answered instead.
 */
export function nextAttemptReserveMs(attemptTimeoutMs: number): number {
  return Math.min(1_000, Math.round(attemptTimeoutMs / 4));
}

/** Methods whose repetition cannot create a second effect. A POST is repeated only after a 429 (not processed). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** Should this failure be retried? 429 always (Dataverse did not process it); 5xx and network errors when idempotent. */
export function isRetryable(status: number | 'network', method: string): boolean {
  if (status === 429) return true;
  if (status === 'network' || status === 502 || status === 503 || status === 504 || status === 500) return isIdempotent(method);
  return false;
}

/**
 * The wait before the next attempt: `Retry-After` when Dataverse sent it (never less), otherwise exponential backoff
 * with jitter. https://learn.microsoft.com/power-apps/developer/data-platform/api-limits#retry-operations
 */
export function delayBeforeRetry(attempt: number, retryAfterSeconds: number | undefined, options: RetryOptions, random = Math.random): number {
  if (retryAfterSeconds !== undefined) return retryAfterSeconds * 1000;
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential * (1 - options.jitter + options.jitter * random()));
}

/** `Retry-After` in seconds (Dataverse sends integer seconds; an HTTP date is accepted too). */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
