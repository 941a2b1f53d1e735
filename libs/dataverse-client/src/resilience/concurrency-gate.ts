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

  /**
   * Runs `task` once a slot is free. With `deadline` (epoch ms), a caller still waiting for a slot (or for a pause to
   * end) at that time gives up with `GateTimeoutError` instead of waiting on: nothing waits past its request's end.
   */
  async run<T>(task: () => Promise<T>, deadline = Number.POSITIVE_INFINITY): Promise<T> {
    const release = await this.hold(deadline);
    try {
      return await task();
    } finally {
      release();
    }
  }

  /**
   * Takes a slot as `run` does and answers the function that gives it back (once, however often it is called): for a
   * request whose slot outlives the call that sent it (a response left unread).
   */
  async hold(deadline = Number.POSITIVE_INFINITY): Promise<() => void> {
    await this.acquire(deadline);
    let held = true;
    const release = () => {
      if (held) this.release();
      held = false;
    };
    const pause = this.notBefore - Date.now();
    if (pause > 0) {
      if (Date.now() + pause >= deadline) {
        release();
        throw new GateTimeoutError();
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    return release;
  }

  /** Spaces out the next requests by `ms` (called when `x-ms-ratelimit-burst-remaining-xrm-requests` runs low). */
  slowDown(ms: number): void {
    this.notBefore = Math.max(this.notBefore, Date.now() + ms);
  }

  private acquire(deadline: number): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    const waitMs = deadline - Date.now();
    if (waitMs <= 0) return Promise.reject(new GateTimeoutError());
    return new Promise((resolve, reject) => {
      const waiter = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      const timer = Number.isFinite(waitMs)
        ? setTimeout(() => {
            const index = this.waiting.indexOf(waiter);
            if (index >= 0) this.waiting.splice(index, 1);
            reject(new GateTimeoutError());
          }, waitMs)
        : undefined;
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** A request's deadline came while it still waited for a slot of its Dataverse user. */
export class GateTimeoutError extends Error {
  constructor() {
    super('Too many concurrent requests for this Dataverse user: no slot was free before the request had to end');
    this.name = 'GateTimeoutError';
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
