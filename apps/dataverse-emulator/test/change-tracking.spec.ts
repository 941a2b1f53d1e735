import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fixture, startFixture } from './support/emulator-fixture';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));

describe('change tracking', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());
  const tracking = { Prefer: 'odata.track-changes' };

  it('returns the rows and a delta link shaped like the sample', async () => {
    const sample = fixture('change-tracking-initial.json');
    const res = await f.call('GET', 'accounts?$select=name,accountnumber,telephone1,fax', { headers: tracking });
    expect(res.status).toBe(200);
    expect(res.headers.get('preference-applied')).toBe('odata.track-changes');
    expect(Object.keys(res.json)).toEqual(Object.keys(sample));
    expect(Object.keys(res.json.value[0])).toEqual(Object.keys(sample.value[0]));
    expect(res.json.value).toHaveLength(40);
    expect(res.json['@odata.deltaLink']).toMatch(new RegExp(`^${f.api.replace(/[.$]/g, '\\$&')}accounts\\?\\$select=name,accountnumber,telephone1,fax&\\$deltatoken=\\d+%21\\d\\d%2f\\d\\d%2f\\d{4}%20\\d\\d%3a\\d\\d%3a\\d\\d$`));
  });

  it('pages the initial sync and puts the delta link on the last page only', async () => {
    const first = await f.call('GET', 'accounts?$select=name', { headers: { Prefer: 'odata.track-changes,odata.maxpagesize=30' } });
    expect(first.json['@odata.deltaLink']).toBeUndefined();
    const last = await f.call('GET', first.json['@odata.nextLink'], { headers: { Prefer: 'odata.track-changes,odata.maxpagesize=30' } });
    expect(last.json.value).toHaveLength(10);
    expect(last.json['@odata.deltaLink']).toBeDefined();
  });

  it('reports creates and updates, then deletions, since the token', async () => {
    const initial = await f.call('GET', 'accounts?$select=name', { headers: tracking });
    const [a, b] = initial.json.value;
    const created = await f.call('POST', 'accounts', { body: { name: 'Tracked New' }, headers: { Prefer: 'return=representation' } });
    await f.call('PATCH', `accounts(${a.accountid})`, { body: { name: 'Tracked Update' } });
    await f.call('DELETE', `accounts(${b.accountid})`);
    const delta = await f.call('GET', initial.json['@odata.deltaLink'], { headers: tracking });
    expect(delta.json['@odata.context']).toBe(`${f.api}$metadata#accounts(name)/$delta`);
    const values = delta.json.value;
    expect(values.slice(0, 2).map((v: { name: string }) => v.name).sort()).toEqual(['Tracked New', 'Tracked Update']);
    expect(values[2]).toEqual({ '@odata.context': `${f.api}$metadata#accounts/$deletedEntity`, id: b.accountid, reason: 'deleted' });
    expect(values).toHaveLength(3);
    const quiet = await f.call('GET', delta.json['@odata.deltaLink'], { headers: tracking });
    expect(quiet.json.value).toEqual([]);
    expect(created.status).toBe(201);
  });

  it('refuses $filter with tracking, and tables without tracking', async () => {
    const filtered = await f.call('GET', "accounts?$select=name&$filter=name eq 'x'", { headers: tracking });
    expect(filtered.status).toBe(400);
    expect(filtered.json.error.message).toBe('The "$filter" query parameter isn\'t supported when Change Tracking is enabled.');
    expect((await f.call('GET', 'annotations?$select=subject', { headers: tracking })).status).toBe(400);
  });
});
