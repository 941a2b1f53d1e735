import { Stack, connectAppOnly, startStack } from '@dua/testing';

/**
 * Throttling always surfaces as 429 `RATE_LIMITED` with Dataverse's `Retry-After`, never as the gateway's 504: with the
 * default timeouts (the gateway waits 30 s), a Retry-After that fits in the services' retry budget is waited out, and
 * one that does not is answered at once. Reads, writes and the user directory alike.
 */
describe('throttling from outside: 429 with Retry-After, never a timeout', () => {
  let stack: Stack;
  let apiKey: string;
  let account: string;

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const started = Date.now();
    const response = await fetch(`${stack.gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: text ? JSON.parse(text) : undefined, ms: Date.now() - started };
  };

  /** A CRM read, a CRM write and a user-directory read of the same account, at once. */
  const requests = () =>
    Promise.all([
      call('GET', `/unified/crm/contacts?integrated_account_id=${account}&limit=1`),
      call('POST', `/unified/crm/contacts?integrated_account_id=${account}`, { last_name: `Throttled ${Date.now()}` }),
      call('GET', `/unified/user-directory/users?integrated_account_id=${account}&limit=1`),
    ]);

  beforeAll(async () => {
    stack = await startStack({
      emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: '5', EMULATOR_SEED_USERS: '5', EMULATOR_SEED_ACCOUNTS: '5' },
      // The default chain: no RPC_TIMEOUT_MS or DATAVERSE_RETRY_BUDGET_MS here, the point is what a deployment gets.
      env: { API_KEY_CACHE_TTL_MS: '60000' },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Throttling tests'));
    account = await connectAppOnly(stack, apiKey, 'contoso');
    // Tokens, metadata and connections ready before any fault.
    const warm = await requests();
    expect(warm.map((answer) => answer.status)).toEqual([200, 201, 200]);
  }, 120_000);

  afterEach(() => stack.emulator!.clearFaults());
  afterAll(() => stack?.stop());

  it('answers 429 RATE_LIMITED at once, with the upstream Retry-After, when the wait does not fit in the budget', async () => {
    // 25 s fits in the gateway's 30 s but not in a service's Dataverse budget (19.5 s): before the chain,
    // directory-service's 60 s budget waited it out and the gateway answered 504 first.
    await stack.emulator!.faults({ org: 'contoso', throttle_seconds: 25, duration_seconds: 60 });
    const answers = await requests();
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 429, retryAfter: '25', body: { code: 'RATE_LIMITED' } });
      expect(answer.ms).toBeLessThan(10_000);
    }
  }, 60_000);

  it('waits out a Retry-After that fits, and answers the request', async () => {
    await stack.emulator!.faults({ org: 'contoso', throttle_seconds: 2, duration_seconds: 3 });
    const started = Date.now();
    const answers = await requests();
    expect(answers.map((answer) => answer.status)).toEqual([200, 201, 200]);
    // The storm lasts 3 s and each retry waits 2 s: nothing can succeed before 4 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_900);
    const stats = await stack.emulator!.stats();
    expect(stats.requests.by_status['429']).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
