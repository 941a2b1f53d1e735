/** What a closed-loop load run saw: every answer by status, and the failures' first bodies for the test's message. */
export interface LoadFigures {
  sent: number;
  ok: number;
  failed: number;
  byStatus: Record<string, number>;
  /** Up to ten failures as `status body`, so that a failed expectation says what the clients saw. */
  failures: string[];
  /** Slowest answer, ms. */
  maxMs: number;
}

export interface LoadRun {
  /** Stops sending; resolves once every client's last request has answered. */
  stop(): Promise<LoadFigures>;
  /** Figures so far (the run goes on). */
  figures(): LoadFigures;
}

/**
 * `concurrency` clients each sending `request` in a loop until stopped. A request counts as ok when `isOk` says so
 * (default: a 2xx); a thrown error (connection refused, reset) counts as failed with status `error`.
 */
export function startLoad(concurrency: number, request: () => Promise<Response>, isOk: (response: Response) => boolean = (response) => response.ok): LoadRun {
  const figures: LoadFigures = { sent: 0, ok: 0, failed: 0, byStatus: {}, failures: [], maxMs: 0 };
  let running = true;
  const record = (status: string, ok: boolean, detail: string, ms: number) => {
    figures.byStatus[status] = (figures.byStatus[status] ?? 0) + 1;
    figures.maxMs = Math.max(figures.maxMs, Math.round(ms));
    if (ok) figures.ok++;
    else {
      figures.failed++;
      if (figures.failures.length < 10) figures.failures.push(`${status} ${detail}`.slice(0, 300));
    }
  };
  const client = async () => {
    while (running) {
      figures.sent++;
      const started = performance.now();
      try {
        const response = await request();
        const ok = isOk(response);
        const body = ok ? (await response.arrayBuffer(), '') : await response.text();
        record(String(response.status), ok, body, performance.now() - started);
      } catch (error) {
        record('error', false, (error as Error).message, performance.now() - started);
        // A refused connection can fail without ever reaching the timers phase: give the event loop a turn, or the
        // clients spin and `stop` (a timer away) never comes.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  };
  const clients = Array.from({ length: concurrency }, client);
  return {
    figures: () => structuredClone(figures),
    stop: async () => {
      running = false;
      await Promise.all(clients);
      return structuredClone(figures);
    },
  };
}
