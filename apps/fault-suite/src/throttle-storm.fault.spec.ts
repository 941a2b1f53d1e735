import { Stack, connectAppOnly, sleep, startStack } from '@dua/testing';
import { reportFigures } from './figures';
import { apiGet, contactsOf } from './api';

/**
 * The emulated user's limit during the storm: this many Dataverse requests per window. Retry-After comes in whole
 * seconds (up to a second more than the window needs) and each round of retries costs a request's latency: fixed costs
 * per wait, so the storm has one long wait, as Dataverse's own 300 s window gives, rather than several short ones.
 */
const LIMIT = 25;
const WINDOW_SECONDS = 25;
/** Unified reads sent at once: two windows' worth of requests, so one wait. */
const READS = 50;
/** A gateway timeout whose retry budget (`timeoutChainOf(60_000)`: 42 s) holds a wait of a window and a second, short one. */
const RPC_TIMEOUT_MS = 60_000;

/**
 * A 429 storm from Dataverse's own service protection (the number-of-requests limit per user over a sliding window,
 * tightened): every read still answers 200 (the waits fit in the retry budget), and the whole batch takes at most
 * 1.1× the least time the limit allows, so the client waits what Retry-After says and no more. That least time is
 * the limit's (with `needed` requests and `LIMIT` per window, the last round cannot start before
 * `(ceil(needed / LIMIT) − 1) × WINDOW`) plus what the same batch takes unthrottled on this machine, measured first in
 * the same run (pushing 50 requests through the stack on two loaded cores takes a second or so by itself).
 */
describe('fault: a 429 storm from the service protection limits', () => {
  let stack: Stack;
  let apiKey: string;
  let account: string;

  const read = () => apiGet(stack, apiKey, contactsOf(account, 5));

  beforeAll(async () => {
    stack = await startStack({
      emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: '50', EMULATOR_SEED_USERS: '3' },
      env: { API_KEY_CACHE_TTL_MS: '60000', RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS) },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Throttle storm'));
    account = await connectAppOnly(stack, apiKey, 'contoso');
  }, 120_000);

  afterAll(() => stack?.stop());

  /** Every read at once; their answers and how long the batch took. */
  async function batch(): Promise<{ answers: { status: number; rows?: number; code?: string }[]; elapsedMs: number }> {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: READS }, async () => {
        const response = await read();
        const body = (await response.json()) as { result?: unknown[]; code?: string };
        return { status: response.status, rows: body.result?.length, code: body.code };
      }),
    );
    return { answers, elapsedMs: Date.now() - started };
  }

  it('answers every read within the budget, in at most 1.1× the minimum time the limit allows', async () => {
    // Warm: token, metadata and connections; and how many Dataverse requests one unified read costs.
    expect((await read()).status).toBe(200);
    await stack.emulator!.resetStats();
    expect((await read()).status).toBe(200);
    const perRead = (await stack.emulator!.stats()).requests.total;
    expect(perRead).toBeGreaterThanOrEqual(1);

    const unthrottled = await batch();
    expect(unthrottled.answers.every((answer) => answer.status === 200)).toBe(true);

    await stack.emulator!.limits({ org: 'contoso', requests_per_window: LIMIT, window_seconds: WINDOW_SECONDS });
    await sleep(WINDOW_SECONDS * 1000 + 200); // the warm-up's requests leave the window
    await stack.emulator!.resetStats();

    const { answers, elapsedMs } = await batch();
    const stats = await stack.emulator!.stats();
    await stack.emulator!.limits({ org: 'contoso', requests_per_window: 6000, window_seconds: 300 });

    // At most LIMIT requests start per window: the last of `needed` requests cannot start before this.
    const needed = READS * perRead;
    const limitMinimumMs = (Math.ceil(needed / LIMIT) - 1) * WINDOW_SECONDS * 1000;
    const minimumMs = limitMinimumMs + unthrottled.elapsedMs;
    const failed = answers.filter((answer) => answer.status !== 200);
    reportFigures('throttle-storm', {
      limit: `${LIMIT} requests / ${WINDOW_SECONDS} s per user`,
      reads: READS,
      dataverse_requests_needed: needed,
      throttled_429s: stats.requests.by_status['429'] ?? 0,
      failed: failed.length,
      elapsed_ms: elapsedMs,
      limit_minimum_ms: limitMinimumMs,
      unthrottled_batch_ms: unthrottled.elapsedMs,
      minimum_ms: minimumMs,
      ratio_to_minimum: Number((elapsedMs / minimumMs).toFixed(3)),
    });
    expect(failed).toEqual([]);
    expect(answers.every((answer) => answer.rows === 5)).toBe(true);
    expect(stats.requests.by_status['429'] ?? 0).toBeGreaterThan(0);
    expect(elapsedMs).toBeGreaterThanOrEqual(limitMinimumMs);
    expect(elapsedMs).toBeLessThanOrEqual(minimumMs * 1.1);
  }, 120_000);
});
