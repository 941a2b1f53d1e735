/** What a client reports for logs and metrics. Never carries a token, a header or a body. */
export interface RequestEvent {
  method: string;
  /** The path without query string, e.g. `contacts` or `contacts(…)`. */
  path: string;
  status: number | 'network';
  attempt: number;
  durationMs: number;
}

export interface RetryEvent {
  method: string;
  path: string;
  status: number | 'network';
  attempt: number;
  waitMs: number;
}

export interface DataverseClientHooks {
  onRequest?(event: RequestEvent): void;
  onRetry?(event: RetryEvent): void;
  /** Dataverse's burst allowance ran low and the client spaced its requests out. */
  onSlowDown?(event: { path: string; remaining: number; pauseMs: number }): void;
  /** A 401 led to a token refresh. */
  onTokenRefresh?(event: { path: string }): void;
}
