import { EmulatorProcess } from '@dua/testing';
import { CONTACT_TABLE, closeAllPools, DataverseClient, DataverseClientOptions, Page, ReadAhead, ReadAheadLimits, ReadAheadOutcome, skiptokenOf, TokenProvider } from '../src';

const ORG = 'contoso';
const CONTACTS = 2_500;
const PAGE_SIZE = 500;
const QUERY = { select: ['contactid', 'fullname'], orderBy: [{ column: 'contactid' }] };

type ContactRow = { contactid: string; fullname: string };

/** The emulator's tokens; the `poisoned`-th call from now (1 = the next) answers a token Dataverse refuses. */
class Tokens implements TokenProvider {
  private calls = 0;
  private poisonedCall?: number;

  constructor(private readonly emulator: EmulatorProcess) {}

  poison(nthCallFromNow: number): void {
    this.poisonedCall = this.calls + nthCallFromNow;
  }

  async getToken(): Promise<string> {
    this.calls++;
    if (this.calls === this.poisonedCall) return 'not-a-token';
    return this.emulator.token(ORG);
  }

  refresh(): Promise<string> {
    return this.emulator.token(ORG);
  }
}

/** A scan as a list endpoint runs it: the first page without a cursor, every page after it with one (`readAhead`). */
class Scan {
  private skiptoken?: string;
  pages = 0;

  constructor(private readonly client: DataverseClient) {}

  async next(pageSize = PAGE_SIZE): Promise<Page<string>> {
    const page = await this.client.page<ContactRow, string>({ entitySet: CONTACT_TABLE.entitySet, query: QUERY, skiptoken: this.skiptoken }, pageSize, false, (row) => row.contactid, {
      readAhead: this.pages > 0,
    });
    this.pages++;
    this.skiptoken = page.nextLink === undefined ? undefined : skiptokenOf(page.nextLink);
    return page;
  }

  async rest(): Promise<string[]> {
    const ids: string[] = [];
    let page: Page<string>;
    do {
      page = await this.next();
      ids.push(...page.rows);
    } while (page.nextLink);
    return ids;
  }
}

describe('pages read ahead of a scan (ReadAhead) against the emulator', () => {
  let emulator: EmulatorProcess;
  let every: string[];
  let userCounter = 0;

  /** A store and a client of its own (reads a test left running cannot count in the next one's figures). */
  const setUp = (limits: Partial<ReadAheadLimits> = {}, options: Partial<DataverseClientOptions> = {}) => {
    const userKey = options.userKey ?? `reader-${++userCounter}`;
    const seen = { requests: 0, outcomes: [] as ReadAheadOutcome[] };
    const store = new ReadAhead({ maxPages: 16, ttlMs: 30_000, ...limits }, (outcome) => seen.outcomes.push(outcome));
    const tokens = new Tokens(emulator);
    const clientOf = (key = userKey) =>
      new DataverseClient({ environmentUrl: emulator.environmentUrl(ORG), tokens, ...options, userKey: key, readAhead: store, hooks: { onRequest: () => seen.requests++ } });
    return { seen, store, tokens, client: clientOf(), clientOf };
  };

  const until = async (condition: () => boolean): Promise<void> => {
    for (let waited = 0; !condition(); waited += 10) {
      if (waited > 10_000) throw new Error('timed out waiting for the read ahead');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  beforeAll(async () => {
    emulator = await EmulatorProcess.start({ EMULATOR_ORGS: ORG, EMULATOR_SEED_CONTACTS: String(CONTACTS) });
    every = await new Scan(new DataverseClient({ environmentUrl: emulator.environmentUrl(ORG), tokens: new Tokens(emulator), userKey: 'no-read-ahead' })).rest();
  });

  afterAll(async () => {
    await closeAllPools();
    await emulator?.stop();
  });

  it('serves every page after the second from the page read ahead: each row once, in order, one request per page (none ahead of the first, none after the last)', async () => {
    const { seen, store, client } = setUp();

    const ids = await new Scan(client).rest();

    expect(every).toHaveLength(CONTACTS);
    expect(ids).toEqual(every);
    expect(seen.requests).toBe(CONTACTS / PAGE_SIZE);
    expect(seen.outcomes).toEqual(Array(CONTACTS / PAGE_SIZE - 2).fill('used'));
    expect(store.size).toBe(0);
  });

  it("serves a page read ahead only to the same request: another user, or another page size, asks Dataverse itself", async () => {
    const { seen, store, client, clientOf } = setUp();
    const scan = new Scan(client);
    await scan.next();
    const second = await scan.next();
    await until(() => store.size > 0 && seen.requests === 3);
    const third = skiptokenOf(second.nextLink!);
    const readThird = (reader: DataverseClient, pageSize = PAGE_SIZE) =>
      reader.page<ContactRow, string>({ entitySet: CONTACT_TABLE.entitySet, query: QUERY, skiptoken: third }, pageSize, false, (row) => row.contactid);

    const byAnotherUser = await readThird(clientOf('another-user'));
    const withAnotherSize = await readThird(client, PAGE_SIZE - 1);

    expect(seen.requests).toBe(5);
    expect(byAnotherUser.rows).toEqual(every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE));
    expect(withAnotherSize.rows).toEqual(every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE - 1));
    expect(seen.outcomes).toEqual([]);
    expect((await readThird(client)).rows).toEqual(every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE));
    expect(seen.requests).toBe(5);
    expect(seen.outcomes).toEqual(['used']);
  });

  it('costs nothing when the read ahead fails: the page is fetched again, with the retry policy', async () => {
    const { seen, tokens, client } = setUp();
    const scan = new Scan(client);
    await scan.next();
    tokens.poison(2); // the second page's own request takes the next token; the read ahead after it the one after

    await scan.next();
    await until(() => seen.outcomes.length > 0);
    const third = await scan.next();

    expect(seen.outcomes).toEqual(['failed']);
    expect(third.rows).toEqual(every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE));
    await until(() => seen.requests === 4 + 1); // pages 1 to 3, the refused read ahead, and the read ahead of page 4
  });

  it('drops a page nobody asks for in time; the request then asks Dataverse itself', async () => {
    const { seen, store, client } = setUp({ ttlMs: 50 });
    const scan = new Scan(client);
    await scan.next();
    await scan.next();
    await until(() => seen.outcomes.includes('expired'));
    expect(store.size).toBe(0);

    const third = await scan.next();

    expect(third.rows).toEqual(every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE));
    await until(() => seen.requests === 3 + 1 + 1); // pages 1 to 3, the expired read ahead, and the read ahead of page 4
  });

  it("fails quietly when the attempt's timeout ends a response left unread: the request fetches the page itself", async () => {
    const { seen, client } = setUp({}, { requestTimeoutMs: 300 });
    const scan = new Scan(client);
    await scan.next();
    await scan.next();
    await new Promise((resolve) => setTimeout(resolve, 600));

    const third = await scan.next();

    expect(third.rows).toEqual(every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE));
    expect(seen.outcomes).toEqual(['used']); // taken, then found cut off: read again
    await until(() => seen.requests === 4 + 1); // pages 1 to 3, the read ahead cut off, and the read ahead of page 4
  });

  it("holds one of its user's concurrency slots until its page is read, and reads nothing ahead while half of them are taken", async () => {
    const { seen, store, client, clientOf } = setUp({}, { userKey: 'two-slots', maxConcurrentRequests: 2 });
    const first = new Scan(client);
    await first.next();
    await first.next();
    await until(() => store.size === 1 && seen.requests === 3);

    const second = new Scan(clientOf());
    await second.next();
    await second.next();
    const third = await second.next();
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(third.rows).toEqual(every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE));
    expect(seen.requests).toBe(3 + 3); // the second scan's three pages, none read ahead: one slot of two is held
    expect(store.size).toBe(1);
    expect((await first.next()).rows).toEqual(every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE));
    expect(seen.outcomes).toEqual(['used']);
  });

  it('holds no more than its limit of pages: a scan that finds it reached reads nothing ahead, and goes on', async () => {
    const { seen, store, client, clientOf } = setUp({ maxPages: 1 });
    const first = new Scan(client);
    await first.next();
    await first.next();
    const second = new Scan(clientOf('another-reader'));
    await second.next();

    await second.next();

    expect(seen.outcomes).toEqual(['full']);
    expect(store.size).toBe(1);
    expect((await second.next()).rows).toEqual(every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE));
    expect((await first.next()).rows).toEqual(every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE));
    expect(seen.outcomes).toEqual(['full', 'full', 'used']);
  });

  it("drops what an account read ahead when it is forgotten (revoked): the next request asks Dataverse itself", async () => {
    const { seen, store, client } = setUp({}, { userKey: 'revoked-account' });
    const scan = new Scan(client);
    await scan.next();
    await scan.next();
    await until(() => store.size > 0 && seen.requests === 3);

    store.forget('another-account');
    expect(store.size).toBe(1);
    store.forget('revoked-account');

    expect(seen.outcomes).toEqual(['forgotten']);
    expect(store.size).toBe(0);
    expect((await scan.next()).rows).toEqual(every.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE));
    await until(() => seen.requests === 4 + 1); // pages 1 to 3, the forgotten read ahead, and the read ahead of page 4
  });

  it('reads nothing ahead with a limit of 0 pages', async () => {
    const { seen, client } = setUp({ maxPages: 0 });

    expect(await new Scan(client).rest()).toEqual(every);
    expect(seen.requests).toBe(CONTACTS / PAGE_SIZE);
    expect(seen.outcomes).toEqual([]);
  });
});
