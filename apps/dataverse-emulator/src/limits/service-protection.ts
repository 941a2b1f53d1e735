import { DataverseError } from '../dataverse/errors/dataverse-error';

/**
 * Service protection limits, per user, over a sliding window: number of requests, combined execution time and
 * concurrent requests. Count and time overruns refuse *subsequent* requests; the concurrency limit applies at once.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 */
export interface LimitConfig {
  requestsPerWindow: number;
  windowSeconds: number;
  executionMsPerWindow: number;
  concurrentRequests: number;
}

export const DEFAULT_LIMITS: LimitConfig = {
  requestsPerWindow: 6000,
  windowSeconds: 300,
  executionMsPerWindow: 1_200_000,
  concurrentRequests: 52,
};

interface UserWindow {
  /** Request start times (ms), oldest first; `head` skips expired entries without shifting. */
  starts: number[];
  head: number;
  /** [end time, duration] of finished requests. */
  executions: Array<[number, number]>;
  execHead: number;
  execTotal: number;
  concurrent: number;
}

const grouped = new Intl.NumberFormat('en-US');
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export class ServiceProtection {
  private readonly users = new Map<string, UserWindow>();

  constructor(public config: LimitConfig = { ...DEFAULT_LIMITS }) {}

  reset(): void {
    this.users.clear();
  }

  private window(key: string, now: number): UserWindow {
    let w = this.users.get(key);
    if (!w) this.users.set(key, (w = { starts: [], head: 0, executions: [], execHead: 0, execTotal: 0, concurrent: 0 }));
    const since = now - this.config.windowSeconds * 1000;
    while (w.head < w.starts.length && w.starts[w.head] <= since) w.head++;
    while (w.execHead < w.executions.length && w.executions[w.execHead][0] <= since) {
      w.execTotal -= w.executions[w.execHead][1];
      w.execHead++;
    }
    if (w.head > 1024 && w.head * 2 > w.starts.length) {
      w.starts = w.starts.slice(w.head);
      w.head = 0;
    }
    if (w.execHead > 1024 && w.execHead * 2 > w.executions.length) {
      w.executions = w.executions.slice(w.execHead);
      w.execHead = 0;
    }
    return w;
  }

  /** Admits a request or throws the 429; the caller must call `finish` when an admitted request ends. */
  admit(key: string, now: number): void {
    const c = this.config;
    const w = this.window(key, now);
    if (w.concurrent >= c.concurrentRequests) {
      throw limitError('0x80072326', `Number of concurrent requests exceeded the limit of ${c.concurrentRequests}.`, 1);
    }
    const inWindow = w.starts.length - w.head;
    if (inWindow >= c.requestsPerWindow) {
      const retry = Math.max(1, Math.ceil((w.starts[w.head] + c.windowSeconds * 1000 - now) / 1000));
      throw limitError(
        '0x80072322',
        `Number of requests exceeded the limit of ${c.requestsPerWindow} over time window of ${c.windowSeconds} seconds.`,
        retry,
      );
    }
    if (w.execTotal >= c.executionMsPerWindow) {
      const oldest = w.executions[w.execHead]?.[0] ?? now;
      const retry = Math.max(1, Math.ceil((oldest + c.windowSeconds * 1000 - now) / 1000));
      throw limitError(
        '0x80072321',
        `Combined execution time of incoming requests exceeded limit of ${grouped.format(c.executionMsPerWindow)}  milliseconds over time window of ${c.windowSeconds} seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.`,
        retry,
      );
    }
    w.starts.push(now);
    w.concurrent++;
  }

  finish(key: string, start: number, end: number): void {
    const w = this.users.get(key);
    if (!w) return;
    w.concurrent = Math.max(0, w.concurrent - 1);
    const duration = end - start;
    w.executions.push([end, duration]);
    w.execTotal += duration;
  }

  /** The informational `x-ms-ratelimit-*` headers ("You should not depend on these values"). */
  headers(key: string, now: number): Record<string, string> {
    const w = this.window(key, now);
    const remaining = Math.max(0, this.config.requestsPerWindow - (w.starts.length - w.head));
    const timeRemaining = Math.max(0, this.config.executionMsPerWindow - w.execTotal) / 1000;
    return {
      'x-ms-ratelimit-burst-remaining-xrm-requests': String(remaining),
      'x-ms-ratelimit-time-remaining-xrm-requests': twoDecimals.format(timeRemaining),
    };
  }
}

export function limitError(code: string, message: string, retryAfterSeconds: number): DataverseError {
  return new DataverseError(429, code, message, { 'Retry-After': String(retryAfterSeconds) });
}
