import { Counter, Histogram } from 'prom-client';
import type { DataverseClientHooks, ReadAheadOutcome } from '@dua/dataverse-client';

const requests = new Counter({
  name: 'dataverse_requests_total',
  help: 'HTTP requests sent to Dataverse, each attempt counted, by method and status (or network).',
  labelNames: ['method', 'status'] as const,
});

const requestDuration = new Histogram({
  name: 'dataverse_request_duration_seconds',
  help: 'Time of one attempt of a Dataverse request, by method and status.',
  labelNames: ['method', 'status'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

const retries = new Counter({
  name: 'dataverse_retries_total',
  help: 'Dataverse attempts retried, by the status that caused the retry (429 is throttling).',
  labelNames: ['status'] as const,
});

const retryWait = new Counter({
  name: 'dataverse_retry_wait_seconds_total',
  help: 'Time spent waiting before retries (Retry-After on 429, backoff otherwise), by status.',
  labelNames: ['status'] as const,
});

const slowDownWait = new Counter({
  name: 'dataverse_throttle_pause_seconds_total',
  help: "Time requests were spaced out because Dataverse's burst allowance ran low.",
});

const tokenRefreshes = new Counter({
  name: 'dataverse_token_refreshes_total',
  help: 'Access tokens refreshed because Dataverse answered 401.',
});

const readAheads = new Counter({
  name: 'dataverse_read_ahead_total',
  help: 'Pages read ahead of a client paging through a list, by what became of them (used, expired, failed, full, forgotten).',
  labelNames: ['outcome'] as const,
});

/** Counts what became of each page read ahead (see `ReadAhead`). */
export function countReadAhead(outcome: ReadAheadOutcome): void {
  readAheads.inc({ outcome });
}

/** Counts what every Dataverse client of the process reports (no paths as labels: ids would explode them). */
export const DATAVERSE_METRICS_HOOKS: DataverseClientHooks = {
  onRequest: ({ method, status, durationMs }) => {
    const labels = { method, status: String(status) };
    requests.inc(labels);
    requestDuration.observe(labels, durationMs / 1000);
  },
  onRetry: ({ status, waitMs }) => {
    retries.inc({ status: String(status) });
    retryWait.inc({ status: String(status) }, waitMs / 1000);
  },
  onSlowDown: ({ pauseMs }) => slowDownWait.inc(pauseMs / 1000),
  onTokenRefresh: () => tokenRefreshes.inc(),
};
