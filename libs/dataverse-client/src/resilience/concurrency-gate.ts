/**
 * A counting semaphore: at most `limit` requests in flight per Dataverse user; the rest wait in order instead of
 * failing. Dataverse allows 52 concurrent requests per user and answers 429 above that.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits#concurrent-requests
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Set when Dataverse says its burst allowance runs low: new requests start no earlier than this. */
  private notBefore = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('The concurrency limit must be a positive integer');
  }

  get inFlight(): number {
    return this.active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      const pause = this.notBefore - Date.now();
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      return await task();
    } finally {
      this.release();
    }
  }

  /** Spaces out the next requests by `ms` (called when `x-ms-ratelimit-burst-remaining-xrm-requests` runs low). */
  slowDown(ms: number): void {
    this.notBefore = Math.max(this.notBefore, Date.now() + ms);
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

const gates = new Map<string, ConcurrencyGate>();

/** The gate of one Dataverse user in this process (keyed by environment and user, never by token). */
export function concurrencyGateFor(key: string, limit: number): ConcurrencyGate {
  let gate = gates.get(key);
  if (!gate || gate.limit !== limit) {
    gate = new ConcurrencyGate(limit);
    gates.set(key, gate);
  }
  return gate;
}
