import { EmulatorProcess } from '@dua/testing';
import { CONTACT_TABLE, closeAllPools, contains, DataverseClient, DataverseClientOptions, DataverseError, DataverseFailureKind, eq, RetryEvent, TokenProvider } from '../src';

const ORG = 'contoso';
const CONTACTS = 20_000;

/** Tokens minted by the emulator's admin API, counting refreshes. */
class EmulatorTokens implements TokenProvider {
  refreshes = 0;
  private token?: string;

  constructor(
    private readonly emulator: EmulatorProcess,
    private readonly refreshWith?: () => Promise<string>,
  ) {}

  async getToken(): Promise<string> {
    return (this.token ??= await this.emulator.token(ORG));
  }

  async refresh(): Promise<string> {
    this.refreshes++;
    this.token = this.refreshWith ? await this.refreshWith() : await this.emulator.token(ORG);
    return this.token;
  }
}

describe('DataverseClient against the emulator', () => {
  let emulator: EmulatorProcess;
  let userCounter = 0;

  const clientFor = (options: Partial<DataverseClientOptions> = {}, tokens = new EmulatorTokens(emulator)) =>
    new DataverseClient({ environmentUrl: emulator.environmentUrl(ORG), tokens, userKey: `test-user-${++userCounter}`, ...options });

  async function contactIds(client: DataverseClient, pageSize: number, duringEachPage?: () => Promise<void>): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of client.pages<{ contactid: string }>(CONTACT_TABLE.entitySet, { select: ['contactid'] }, pageSize)) {
      ids.push(...page.rows.map((row) => row.contactid));
      await duringEachPage?.();
    }
    return ids;
  }

  beforeAll(async () => {
    emulator = await EmulatorProcess.start({ EMULATOR_ORGS: ORG, EMULATOR_SEED_CONTACTS: String(CONTACTS) });
  });

  afterAll(async () => {
    await closeAllPools();
    await emulator?.stop();
  });

  afterEach(() => emulator.clearFaults());

  it('reads every row of a 20,000-row table exactly once, page by page, while another client writes', async () => {
    const reader = clientFor();
    const before = await contactIds(reader, 5000);
    expect(before).toHaveLength(CONTACTS);

    const writer = clientFor();
    let round = 0;
    const during = await contactIds(reader, 1000, async () => {
      round++;
      await writer.create(CONTACT_TABLE.entitySet, { firstname: 'Inserted', lastname: `during page ${round}` });
      await writer.update(CONTACT_TABLE.entitySet, before[(round * 997) % before.length], { lastname: `updated in round ${round}` });
    });

    expect(new Set(during).size).toBe(during.length);
    const seen = new Set(during);
    expect(before.filter((id) => !seen.has(id))).toEqual([]);
    expect(round).toBeGreaterThanOrEqual(20);
  });

  it('matches filter values with quotes, %, &, +, #, / and non-ASCII text literally, and they cannot add a clause', async () => {
    const client = clientFor();
    const tricky = "O'Brien & Sons + 50% #1/2 Zoë 東京";
    const created = await client.create<{ contactid: string }>(CONTACT_TABLE.entitySet, { firstname: 'Tricky', lastname: tricky }, ['contactid']);

    const exact = await client.page<{ contactid: string }>({ entitySet: 'contacts', query: { select: ['contactid'], filter: eq('lastname', tricky) } });
    expect(exact.rows.map((row) => row.contactid)).toEqual([created.contactid]);

    const partial = await client.page<{ contactid: string }>({ entitySet: 'contacts', query: { select: ['contactid'], filter: contains('lastname', '50% #1/2 Zoë') } });
    expect(partial.rows.map((row) => row.contactid)).toEqual([created.contactid]);

    const injection = await client.page({ entitySet: 'contacts', query: { select: ['contactid'], filter: eq('lastname', "x' or lastname ne 'x") } });
    expect(injection.rows).toEqual([]);
  });

  it('rides out a 429 storm: every request succeeds, each retry waits Retry-After, within 1.1× the minimum', async () => {
    const retries: RetryEvent[] = [];
    const client = clientFor({ hooks: { onRetry: (event) => retries.push(event) }, retry: { waitBudgetMs: 20_000 } });
    await client.whoAmI(); // token and connection ready before the clock starts
    await emulator.faults({ org: ORG, throttle_seconds: 2, duration_seconds: 3 });
    const startedAt = Date.now();
    const results = await Promise.all(Array.from({ length: 10 }, () => client.page({ entitySet: 'contacts', query: { select: ['contactid'], top: 1 } }, 1)));
    const elapsed = Date.now() - startedAt;

    expect(results.every((page) => page.rows.length === 1)).toBe(true);
    expect(retries.length).toBeGreaterThanOrEqual(10);
    expect(retries.every((retry) => retry.status === 429 && retry.waitMs >= 2000)).toBe(true);
    // The storm lasts 3 s and Retry-After is 2 s: the earliest possible success is at 4 s.
    expect(elapsed).toBeGreaterThanOrEqual(4000);
    expect(elapsed).toBeLessThanOrEqual(4400);
  });

  it('fails fast with RATE_LIMITED and the remaining Retry-After when the wait budget is spent', async () => {
    const client = clientFor({ retry: { waitBudgetMs: 1000 } });
    await client.whoAmI();
    await emulator.faults({ org: ORG, throttle_seconds: 2, duration_seconds: 5 });
    const startedAt = Date.now();
    const failure = await client.whoAmI().catch((error: unknown) => error);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(failure).toBeInstanceOf(DataverseError);
    expect(failure).toMatchObject({ kind: DataverseFailureKind.THROTTLED, retryAfterSeconds: 2, remote: { status: 429, code: '0x80072322' } });
  });

  it('does not start a Retry-After wait that would end after the client deadline: 429 at once, with that Retry-After', async () => {
    const client = clientFor({ deadline: Date.now() + 1_500, retry: { waitBudgetMs: 60_000 } });
    await client.whoAmI();
    await emulator.faults({ org: ORG, throttle_seconds: 3, duration_seconds: 5 });
    const startedAt = Date.now();
    const failure = await client.whoAmI().catch((error: unknown) => error);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(failure).toMatchObject({ kind: DataverseFailureKind.THROTTLED, retryAfterSeconds: 3 });
  });

  it('ends an attempt that stalls at the deadline, whatever its own timeout', async () => {
    const tokens = new EmulatorTokens(emulator);
    await tokens.getToken();
    await emulator.faults({ org: ORG, latency_ms: 4_000, duration_seconds: 5 });
    const startedAt = Date.now();
    const bounded = clientFor({ requestTimeoutMs: 60_000, retry: { waitBudgetMs: 60_000 }, deadline: startedAt + 1_000 }, tokens);
    const failure = await bounded.whoAmI().catch((error: unknown) => error);
    const elapsed = Date.now() - startedAt;
    expect(failure).toMatchObject({ kind: DataverseFailureKind.UNREACHABLE });
    expect(elapsed).toBeLessThan(3_000);
    // The emulator still holds the abandoned request until its latency ends: let it finish before the next test counts.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startedAt + 4_500 - Date.now())));
  });

  it('gives up queueing for a slot of its user at the deadline, as THROTTLED with a Retry-After of 1 s', async () => {
    const userKey = `queue-user-${++userCounter}`;
    const tokens = new EmulatorTokens(emulator);
    const slow = new DataverseClient({ environmentUrl: emulator.environmentUrl(ORG), tokens, userKey, maxConcurrentRequests: 1 });
    await slow.whoAmI();
    await emulator.faults({ org: ORG, latency_ms: 2_000, duration_seconds: 3 });
    const holding = slow.whoAmI();
    const queued = new DataverseClient({ environmentUrl: emulator.environmentUrl(ORG), tokens, userKey, maxConcurrentRequests: 1, deadline: Date.now() + 300 });
    const failure = await queued.whoAmI().catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: DataverseFailureKind.THROTTLED, retryAfterSeconds: 1 });
    await expect(holding).resolves.toMatchObject({ UserId: expect.any(String) });
  });

  it('never has more requests in flight than its cap; the others queue instead of failing', async () => {
    const client = clientFor({ maxConcurrentRequests: 4 });
    await client.whoAmI();
    await emulator.faults({ org: ORG, latency_ms: 40, duration_seconds: 10 });
    await emulator.resetStats();
    const pages = await Promise.all(Array.from({ length: 30 }, () => client.page({ entitySet: 'contacts', query: { select: ['contactid'], top: 1 } }, 1)));
    expect(pages).toHaveLength(30);
    const stats = await emulator.stats();
    expect(stats.max_concurrent_seen).toBe(4);
    expect(stats.requests.by_status['429'] ?? 0).toBe(0);
  });

  it('after a 401 refreshes the token once and retries once', async () => {
    const tokens = new EmulatorTokens(emulator);
    const client = clientFor({}, tokens);
    await client.whoAmI();
    await emulator.expireTokens();
    const who = await client.whoAmI();
    expect(who.UserId).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens.refreshes).toBe(1);
  });

  it('surfaces a second 401 as UNAUTHORIZED instead of looping', async () => {
    const tokens = new EmulatorTokens(emulator, async () => 'not-a-valid-token');
    const client = clientFor({}, tokens);
    await client.whoAmI();
    await emulator.expireTokens();
    await expect(client.whoAmI()).rejects.toMatchObject({ kind: DataverseFailureKind.UNAUTHORIZED, remote: { status: 401 } });
    expect(tokens.refreshes).toBe(1);
  });

  it('answers a missing record with NOT_FOUND and a stale etag with VERSION_MISMATCH', async () => {
    const client = clientFor();
    await expect(client.retrieve('contacts', '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ kind: DataverseFailureKind.NOT_FOUND });
    const created = await client.create<{ contactid: string; '@odata.etag': string }>('contacts', { lastname: 'Etag' }, ['contactid']);
    await client.update('contacts', created.contactid, { lastname: 'Etag 2' });
    await expect(client.update('contacts', created.contactid, { lastname: 'Etag 3' }, { ifMatch: created['@odata.etag'] })).rejects.toMatchObject({
      kind: DataverseFailureKind.VERSION_MISMATCH,
    });
  });

  it('creates insert-only under its own id: a repeat fails as ALREADY_EXISTS and writes nothing; an update of a missing row is NOT_FOUND, never an upsert', async () => {
    const client = clientFor();
    const id = '6f9619ff-8b86-4d01-b42d-00cf4fc964ff';
    const created = await client.insert<{ contactid: string; lastname: string }>('contacts', id, { lastname: 'Insert once' }, ['contactid', 'lastname']);
    expect(created).toMatchObject({ contactid: id, lastname: 'Insert once' });
    await expect(client.insert('contacts', id, { lastname: 'Insert twice' })).rejects.toMatchObject({ kind: DataverseFailureKind.ALREADY_EXISTS });
    expect((await client.retrieve<{ lastname: string }>('contacts', id, { select: ['lastname'] })).lastname).toBe('Insert once');
    const missing = '6f9619ff-8b86-4d01-b42d-00cf4fc96400';
    await expect(client.update('contacts', missing, { lastname: 'Nobody' })).rejects.toMatchObject({ kind: DataverseFailureKind.NOT_FOUND });
    await expect(client.retrieve('contacts', missing)).rejects.toMatchObject({ kind: DataverseFailureKind.NOT_FOUND });
  });

  it('runs a $batch: a change set of creates, then a read, each with its own status', async () => {
    const client = clientFor();
    const marker = `batch-${Date.now()}`;
    const responses = await client.batch([
      { changeSet: [
        { method: 'POST', path: 'contacts', body: { firstname: 'One', lastname: marker } },
        { method: 'POST', path: 'contacts', body: { firstname: 'Two', lastname: marker } },
      ] },
      { method: 'GET', path: `contacts?$select=firstname&$filter=lastname eq '${marker}'` },
    ]);
    expect(responses.map((response) => response.status)).toEqual([204, 204, 200]);
    expect((responses[2].body as { value: { firstname: string }[] }).value.map((row) => row.firstname).sort()).toEqual(['One', 'Two']);
  });

  it('rolls a failed change set back as a whole', async () => {
    const client = clientFor();
    const marker = `atomic-${Date.now()}`;
    const responses = await client.batch([
      { changeSet: [
        { method: 'POST', path: 'contacts', body: { lastname: marker } },
        { method: 'PATCH', path: 'contacts(00000000-0000-4000-8000-00000000dead)', body: { lastname: marker }, headers: { 'If-Match': '*' } },
      ] },
    ]);
    expect(responses.at(-1)?.status).toBe(404);
    const left = await client.page({ entitySet: 'contacts', query: { select: ['contactid'], filter: eq('lastname', marker) } });
    expect(left.rows).toEqual([]);
  });
});
