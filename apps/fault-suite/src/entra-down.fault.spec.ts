import { Stack, connectAppOnly, sleep, startStack } from '@dua/testing';
import { startLoad } from './load';
import { reportFigures } from './figures';
import { apiGet, contactsOf } from './api';

/** How long Entra's token endpoint fails: a minute, as the issue asks (existing tokens are read through for 20 s of it). */
const OUTAGE_SECONDS = 60;
/** The default chain's waits (`timeoutChainOf(30_000)` in libs/service-kit, which its spec pins). */
const CHAIN = { interServiceCallMs: 7_500, entraCallMs: 4_500 };

/**
 * Entra ID's token endpoint down (answering 503), then stalled (answering nothing for a minute): tokens already handed
 * out keep working; a refresh that Entra cannot serve answers a clear 502 problem within the chain's bounds (never a
 * hang, never the gateway's 504), and API-key checks, which share auth-service's database pool, stay fast meanwhile;
 * once Entra is back, the next refresh recovers.
 */
describe('fault: Entra ID down', () => {
  let stack: Stack;
  let apiKey: string;
  let account: string;

  const read = () => apiGet(stack, apiKey, contactsOf(account, 2));
  /** Served by auth-service's database alone: an uncached API-key check and a list of accounts. */
  const listAccounts = () => apiGet(stack, apiKey, '/integrated-accounts?limit=1');

  beforeAll(async () => {
    stack = await startStack({
      // Dataverse's service protection (6000 requests per user in 5 minutes) is not what this test is about
      // (throttle-storm is): 4 loops of reads for 20 s now send about 6000 by themselves, and the 429s that followed
      // would count as failures of existing tokens.
      emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: '20', EMULATOR_SEED_USERS: '3', EMULATOR_LIMIT_REQUESTS: '1000000' },
      // Every API-key check goes to auth-service (and its pool), so a starved pool would show.
      env: { API_KEY_CACHE_TTL_MS: '0' },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Entra down'));
    account = await connectAppOnly(stack, apiKey, 'contoso');
    expect((await read()).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await stack?.emulator?.clearFaults();
    await stack?.stop();
  });

  it('keeps existing tokens working, fails refreshes clearly and fast, and recovers when Entra is back', async () => {
    const outageStarted = Date.now();
    await stack.emulator!.faults({ token_endpoint_error: 503, duration_seconds: OUTAGE_SECONDS });

    // 1. Tokens already handed out keep working: reads under load for 20 s, none fails.
    const load = startLoad(4, read);
    await sleep(20_000);
    const withTokens = await load.stop();

    // 2. Dataverse refuses every token: the refresh cannot be served, and says so.
    await stack.emulator!.expireTokens();
    const refusedStarted = Date.now();
    const refused = await read();
    const refusedBody = (await refused.json()) as { code?: string };
    const refusedMs = Date.now() - refusedStarted;

    // 3. Entra stalls instead: the refresh is bounded by ENTRA_TIMEOUT_MS (the chain's entraCallMs), and API-key
    //    checks stay fast while 8 refreshes wait on it (no connection is held while Entra is called).
    await stack.emulator!.faults({ token_endpoint_latency_ms: 60_000, duration_seconds: OUTAGE_SECONDS });
    const stalledStarted = Date.now();
    const stalledReads = Array.from({ length: 8 }, () => read().then(async (response) => ({ status: response.status, code: ((await response.json()) as { code?: string }).code, ms: Date.now() - stalledStarted })));
    await sleep(300);
    const checks: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = Date.now();
      expect((await listAccounts()).status).toBe(200);
      checks.push(Date.now() - started);
    }
    const stalled = await Promise.all(stalledReads);

    // 4. Entra back (after the whole outage): the next read refreshes and answers 200.
    await sleep(Math.max(0, OUTAGE_SECONDS * 1000 - (Date.now() - outageStarted)));
    await stack.emulator!.clearFaults();
    const outageMs = Date.now() - outageStarted;
    const recoveryStarted = Date.now();
    let recovered = await read();
    while (recovered.status !== 200 && Date.now() - recoveryStarted < 15_000) {
      await sleep(200);
      recovered = await read();
    }
    const timeToFirst200Ms = Date.now() - recoveryStarted;

    reportFigures('entra-down', {
      outage_ms: outageMs,
      reads_with_existing_tokens: { sent: withTokens.sent, failed: withTokens.failed },
      refresh_while_503: { status: refused.status, code: refusedBody.code, ms: refusedMs },
      refreshes_while_stalled: { count: stalled.length, statuses: [...new Set(stalled.map((answer) => answer.status))], slowest_ms: Math.max(...stalled.map((answer) => answer.ms)) },
      entra_call_bound_ms: CHAIN.entraCallMs,
      api_key_checks_while_stalled: { count: checks.length, slowest_ms: Math.max(...checks) },
      time_to_first_200_ms: timeToFirst200Ms,
    });

    expect(withTokens.failures).toEqual([]);
    expect(withTokens.failed).toBe(0);
    expect(refused.status).toBe(502);
    expect(refusedBody.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(refusedMs).toBeLessThan(CHAIN.interServiceCallMs);
    for (const answer of stalled) {
      expect(answer).toMatchObject({ status: 502, code: 'UPSTREAM_UNAVAILABLE' });
      expect(answer.ms).toBeLessThan(CHAIN.interServiceCallMs);
    }
    expect(Math.max(...checks)).toBeLessThan(2_000);
    expect(recovered.status).toBe(200);
  }, 150_000);
});
