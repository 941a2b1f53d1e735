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

  it.each(['$filter', '$orderby', '$expand', '$top'])('refuses %s with tracking, with Dataverse\'s message', async (option) => {
    const value = { $filter: "name eq 'x'", $orderby: 'name', $expand: 'primarycontactid($select=fullname)', $top: '5' }[option];
    const refused = await f.call('GET', `accounts?$select=name&${option}=${value}`, { headers: tracking });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toBe(`The "${option}" query parameter isn't supported when Change Tracking is enabled.`);
  });

  it('refuses tables without ChangeTrackingEnabled with 0x80072491, and says which tables have it in metadata', async () => {
    const refused = await f.call('GET', 'businessunits?$select=name', { headers: tracking });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: '0x80072491', message: "Entity businessunit isn't enabled for change tracking." });
    const tracked = await f.call('GET', 'EntityDefinitions?$select=LogicalName&$filter=ChangeTrackingEnabled eq true');
    const names = tracked.json.value.map((e: { LogicalName: string }) => e.LogicalName);
    expect(names).toEqual(expect.arrayContaining(['contact', 'account', 'lead', 'opportunity', 'phonecall', 'email', 'appointment', 'task', 'annotation']));
    expect(names).not.toContain('businessunit');
  });

  it('reports a row created and deleted between two deltas as deleted', async () => {
    const initial = await f.call('GET', 'contacts?$select=fullname', { headers: tracking });
    const created = await f.call('POST', 'contacts', { body: { lastname: 'Ephemeral' }, headers: { Prefer: 'return=representation' } });
    await f.call('DELETE', `contacts(${created.json.contactid})`);
    const delta = await f.call('GET', initial.json['@odata.deltaLink'], { headers: tracking });
    expect(delta.json.value).toEqual([{ '@odata.context': `${f.api}$metadata#contacts/$deletedEntity`, id: created.json.contactid, reason: 'deleted' }]);
  });

  it('tracks each activity table on its own', async () => {
    const initial = await f.call('GET', 'phonecalls?$select=subject', { headers: tracking });
    expect(initial.status).toBe(200);
    await f.call('POST', 'tasks', { body: { subject: 'Not a phone call' } });
    const call = await f.call('POST', 'phonecalls', { body: { subject: 'Tracked call' }, headers: { Prefer: 'return=representation' } });
    const delta = await f.call('GET', initial.json['@odata.deltaLink'], { headers: tracking });
    expect(delta.json.value.map((v: { activityid: string }) => v.activityid)).toEqual([call.json.activityid]);
  });

  it('expires every delta token issued so far on demand, with 0x80044352; later tokens work', async () => {
    const before = await f.call('GET', 'leads?$select=fullname', { headers: tracking });
    expect((await f.admin('POST', '/_emulator/expire-change-tokens', {})).status).toBe(200);
    const expired = await f.call('GET', before.json['@odata.deltaLink'], { headers: tracking });
    expect(expired.status).toBe(400);
    expect(expired.json.error).toMatchObject({ code: '0x80044352', message: 'Version stamp associated with the client has expired. Please perform a full sync.' });
    const after = await f.call('GET', 'leads?$select=fullname', { headers: tracking });
    const delta = await f.call('GET', after.json['@odata.deltaLink'], { headers: tracking });
    expect(delta.status).toBe(200);
    expect(delta.json.value).toEqual([]);
  });

  it('pages a delta by odata.maxpagesize, in version order, deletions last; a write during the read waits for the next delta', async () => {
    const initial = await f.call('GET', 'opportunities?$select=name', { headers: tracking });
    const [first, second, third] = initial.json.value;
    await f.call('PATCH', `opportunities(${second.opportunityid})`, { body: { name: 'Second changed first' } });
    await f.call('DELETE', `opportunities(${third.opportunityid})`);
    await f.call('PATCH', `opportunities(${first.opportunityid})`, { body: { name: 'First changed second' } });
    const paged = { Prefer: 'odata.track-changes,odata.maxpagesize=1' };
    const page1 = await f.call('GET', initial.json['@odata.deltaLink'], { headers: paged });
    expect(page1.json).toMatchObject({ '@odata.nextLink': expect.any(String) });
    expect(page1.json['@odata.deltaLink']).toBeUndefined();
    await f.call('PATCH', `opportunities(${third.opportunityid === second.opportunityid ? first.opportunityid : second.opportunityid})`, { body: { name: 'During the read' } });
    const page2 = await f.call('GET', page1.json['@odata.nextLink'], { headers: paged });
    const page3 = await f.call('GET', page2.json['@odata.nextLink'], { headers: paged });
    expect([...page1.json.value, ...page2.json.value, ...page3.json.value].map((v: { name?: string; id?: string }) => v.name ?? v.id)).toEqual([
      'Second changed first',
      'First changed second',
      third.opportunityid,
    ]);
    expect(page3.json['@odata.nextLink']).toBeUndefined();
    const next = await f.call('GET', page3.json['@odata.deltaLink'], { headers: tracking });
    expect(next.json.value.map((v: { name: string }) => v.name)).toEqual(['During the read']);
  });

  it('answers 404 for an unknown org on expire-change-tokens', async () => {
    expect((await f.admin('POST', '/_emulator/expire-change-tokens', { org: 'nope' })).status).toBe(404);
  });
});
