import { connectAppOnly, Stack, startStack } from '@dua/testing';

/**
 * A cursor holds Dataverse's paging cookie and the page size only; the query it continues is rebuilt from the
 * request it is bound to. So it stays under 1 KB however long the query (a wide $select of custom columns, a long
 * $filter), where a cursor holding the whole nextLink grew past the 4096-character cap and page 2 answered 400.
 */
describe('cursors stay small whatever the query', () => {
  let stack: Stack;
  let apiKey: string;
  let accountId: string;
  const CONTACTS = 60;

  beforeAll(async () => {
    stack = await startStack({ emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: String(CONTACTS) } });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Cursor tests'));
    accountId = await connectAppOnly(stack, apiKey, 'contoso');
  });

  afterAll(() => stack?.stop());

  async function pageThrough(firstPath: string, nextPath: (cursor: string) => string, headers: Record<string, string> = {}) {
    const ids: string[] = [];
    const cursorLengths: number[] = [];
    let path = firstPath;
    for (let pages = 0; pages < 100; pages++) {
      const response = await fetch(`${stack.gatewayUrl}/${path}`, { headers: { authorization: `Bearer ${apiKey}`, ...headers } });
      const body = (await response.json()) as { result: Record<string, string>[]; next_cursor: string | null };
      expect(`${response.status} ${path.slice(0, 60)}`).toBe(`200 ${path.slice(0, 60)}`);
      ids.push(...body.result.map((row) => row['id'] ?? row['contactid']));
      if (!body.next_cursor) break;
      cursorLengths.push(body.next_cursor.length);
      path = nextPath(body.next_cursor);
    }
    return { ids, cursorLengths };
  }

  it('pages a proxy query with a 3,000-character $filter through cursors under 1 KB', async () => {
    const filter = `(${Array.from({ length: 60 }, (_, index) => `contactid ne ${`${index}`.padStart(8, '0')}-0000-4000-8000-000000000000`).join(' and ')})`;
    expect(filter.length).toBeGreaterThan(3000);
    const query = `$select=fullname,contactid&$filter=${encodeURIComponent(filter)}`;
    const base = `proxy/contacts?${query}&integrated_account_id=${accountId}`;
    const { ids, cursorLengths } = await pageThrough(base, (cursor) => `${base}&next_cursor=${encodeURIComponent(cursor)}`, { prefer: 'odata.maxpagesize=7' });
    expect(new Set(ids).size).toBe(CONTACTS);
    expect(ids).toHaveLength(CONTACTS);
    expect(Math.max(...cursorLengths)).toBeLessThan(1024);
    process.stdout.write(`cursor-size: proxy ${cursorLengths.length} cursors, longest ${Math.max(...cursorLengths)} characters (query ${query.length})\n`);
  });

  it('pages unified contacts sorted by name (a paging cookie with sort values) through cursors under 1 KB', async () => {
    const base = `unified/crm/contacts?limit=7&sort_by=name&order=desc&integrated_account_id=${accountId}`;
    const { ids, cursorLengths } = await pageThrough(base, (cursor) => `${base}&next_cursor=${encodeURIComponent(cursor)}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(CONTACTS);
    expect(Math.max(...cursorLengths)).toBeLessThan(1024);
    process.stdout.write(`cursor-size: unified contacts ${cursorLengths.length} cursors, longest ${Math.max(...cursorLengths)} characters\n`);
  });
});
