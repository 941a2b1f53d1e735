import { Stack, connectAppOnly, sleep, startStack } from '@dua/testing';
import { LoadFigures, startLoad } from './load';
import { reportFigures } from './figures';
import { apiGet, contactsOf } from './api';

/** A short gateway timeout, so that a fault outlasting the services' budget is seen within the scenario's minute. */
const RPC_TIMEOUT_MS = 8_000;
/** The services' waits for an 8 s gateway timeout (`timeoutChainOf(8_000)` in libs/service-kit, which its spec pins). */
const CHAIN = { serviceBudgetMs: 7_200, dataverseRetryBudgetMs: 5_200 };
const CONCURRENCY = 4;

/**
 * 5xx bursts and latency spikes from Dataverse (the emulator's faults): a burst or a spike shorter than the retry
 * budget is ridden out (every read answers 200 with the right rows); one longer than the budget answers a clear 502
 * problem before the gateway's timeout: never a hang, never a 504, never a 500.
 */
describe('fault: 5xx bursts and latency spikes from Dataverse', () => {
  let stack: Stack;
  let apiKey: string;
  let account: string;
  let expectedIds: string[];

  const path = () => contactsOf(account, 5);
  const read = () => apiGet(stack, apiKey, path());
  /** A 200 counts only with the right rows. */
  const correct = async (response: Response) => {
    if (response.status !== 200) return false;
    const body = (await response.clone().json()) as { result: { id: string }[] };
    return JSON.stringify(body.result.map((row) => row.id)) === JSON.stringify(expectedIds);
  };

  /** Closed-loop reads for `ms`; a read counts as ok when it is a 200 with the expected rows. */
  async function loadFor(ms: number): Promise<LoadFigures> {
    const outcomes: Promise<boolean>[] = [];
    const load = startLoad(CONCURRENCY, async () => {
      const response = await read();
      const check = correct(response);
      outcomes.push(check);
      await check;
      return response;
    }, (response) => response.status === 200);
    await sleep(ms);
    const figures = await load.stop();
    const wrong = (await Promise.all(outcomes)).filter((ok) => !ok).length;
    return { ...figures, failed: Math.max(figures.failed, wrong) };
  }

  beforeAll(async () => {
    stack = await startStack({
      emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: '30', EMULATOR_SEED_USERS: '3' },
      env: { API_KEY_CACHE_TTL_MS: '60000', RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS) },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Upstream faults'));
    account = await connectAppOnly(stack, apiKey, 'contoso');
    const warm = await read();
    expect(warm.status).toBe(200);
    expectedIds = ((await warm.json()) as { result: { id: string }[] }).result.map((row) => row.id);
    expect(expectedIds).toHaveLength(5);
  }, 120_000);

  afterEach(() => stack.emulator!.clearFaults());
  afterAll(() => stack?.stop());

  it('rides out a 2 s burst of 503s and a 1.5 s latency spike: every read answers 200 with the right rows', async () => {
    await stack.emulator!.faults({ org: 'contoso', error_status: 503, duration_seconds: 2 });
    const burst = await loadFor(4_000);
    await stack.emulator!.clearFaults();
    await stack.emulator!.faults({ org: 'contoso', latency_ms: 1_500, duration_seconds: 3 });
    const spike = await loadFor(4_000);
    reportFigures('upstream-faults: within the budget', {
      retry_budget_ms: CHAIN.dataverseRetryBudgetMs,
      burst_503_2s: { sent: burst.sent, failed: burst.failed, slowest_ms: burst.maxMs },
      latency_1500ms_3s: { sent: spike.sent, failed: spike.failed, slowest_ms: spike.maxMs },
    });
    expect(burst.failures).toEqual([]);
    expect(burst.failed).toBe(0);
    expect(spike.failures).toEqual([]);
    expect(spike.failed).toBe(0);
    expect(burst.maxMs).toBeLessThan(RPC_TIMEOUT_MS);
    expect(spike.maxMs).toBeLessThan(RPC_TIMEOUT_MS);
  }, 60_000);

  it('answers a clear 502 before the gateway gives up when a 5xx burst or a stall outlasts the budget', async () => {
    await stack.emulator!.faults({ org: 'contoso', error_status: 503, duration_seconds: 30 });
    const burst = await timed(read);
    await stack.emulator!.clearFaults();
    // Each attempt stalls past its timeout (dataverseAttemptMs): the retries run out of budget, not the gateway.
    await stack.emulator!.faults({ org: 'contoso', latency_ms: RPC_TIMEOUT_MS * 2, duration_seconds: 30 });
    const stall = await timed(read);
    reportFigures('upstream-faults: beyond the budget', {
      rpc_timeout_ms: RPC_TIMEOUT_MS,
      service_budget_ms: CHAIN.serviceBudgetMs,
      burst_503: { status: burst.status, code: burst.body.code, ms: burst.ms },
      stall: { status: stall.status, code: stall.body.code, ms: stall.ms },
    });
    for (const answer of [burst, stall]) {
      expect(answer.status).toBe(502);
      expect(answer.contentType).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(answer.ms).toBeLessThan(RPC_TIMEOUT_MS);
    }
  }, 60_000);
});

async function timed(request: () => Promise<Response>): Promise<{ status: number; contentType: string; body: { code?: string }; ms: number }> {
  const started = Date.now();
  const response = await request();
  const body = (await response.json()) as { code?: string };
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body, ms: Date.now() - started };
}
