import { DEFAULT_RETRY_OPTIONS, delayBeforeRetry, isRetryable, parseRetryAfter } from './retry-policy';

describe('retry policy', () => {
  it('waits exactly Retry-After when Dataverse gives it', () => {
    expect(delayBeforeRetry(3, 2, DEFAULT_RETRY_OPTIONS)).toBe(2000);
  });

  it('backs off exponentially with bounded jitter otherwise', () => {
    const options = { ...DEFAULT_RETRY_OPTIONS, baseDelayMs: 100, jitter: 0.5, maxDelayMs: 1000 };
    expect(delayBeforeRetry(1, undefined, options, () => 1)).toBe(100);
    expect(delayBeforeRetry(1, undefined, options, () => 0)).toBe(50);
    expect(delayBeforeRetry(3, undefined, options, () => 1)).toBe(400);
    expect(delayBeforeRetry(10, undefined, options, () => 1)).toBe(1000);
  });

  it('retries 429 for every method, but 5xx and network errors only when repeating is safe', () => {
    expect(isRetryable(429, 'POST')).toBe(true);
    expect(isRetryable(503, 'GET')).toBe(true);
    expect(isRetryable('network', 'PATCH')).toBe(true);
    expect(isRetryable(503, 'POST')).toBe(false);
    expect(isRetryable('network', 'POST')).toBe(false);
    expect(isRetryable(400, 'GET')).toBe(false);
    expect(isRetryable(412, 'PATCH')).toBe(false);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
