import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fixture, startFixture } from './support/emulator-fixture';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const ETAG = /^W\/"\d+"$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Web API queries', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  describe('response shapes match the reference samples', () => {
    it('puts @odata.etag first and the primary key after the selected columns, like page-results.md', async () => {
      const sample = fixture('collection-page1-nextlink.json');
      const res = await f.call('GET', 'contacts?$select=fullname', { headers: { Prefer: 'odata.maxpagesize=2' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('preference-applied')).toBe('odata.maxpagesize=2');
      expect(res.headers.get('odata-version')).toBe('4.0');
      expect(res.headers.get('content-type')).toBe('application/json; odata.metadata=minimal');
      expect(Object.keys(res.json)).toEqual(Object.keys(sample));
      expect(Object.keys(res.json.value[0])).toEqual(Object.keys(sample.value[0]));
      expect(res.json['@odata.context']).toBe(`${f.api}$metadata#contacts(fullname)`);
      expect(res.json.value[0]['@odata.etag']).toMatch(ETAG);
      expect(res.json.value[0].contactid).toMatch(GUID);
    });

    it('encodes the skiptoken exactly like the sample nextLink (double-encoded paging cookie)', async () => {
      const sample: string = fixture('collection-page1-nextlink.json')['@odata.nextLink'];
      const res = await f.call('GET', 'contacts?$select=fullname', { headers: { Prefer: 'odata.maxpagesize=2' } });
      const [first, second] = res.json.value.map((r: { contactid: string }) => r.contactid.toUpperCase());
      const expected = sample
        .replace('[Organization URI]/api/data/v9.2/', f.api)
        .replace('D5026A4D-D01C-ED11-B83E-000D3A572421', second)
        .replace('49B0BE2E-D01C-ED11-B83E-000D3A572421', first);
      expect(res.json['@odata.nextLink']).toBe(expected);
    });

    it('returns the second page with pagenumber 3 in the next cookie, like the page-2 sample', async () => {
      const page1 = await f.call('GET', 'contacts?$select=fullname', { headers: { Prefer: 'odata.maxpagesize=2' } });
      const page2 = await f.call('GET', page1.json['@odata.nextLink'], { headers: { Prefer: 'odata.maxpagesize=2' } });
      const sample = fixture('collection-page2-nextlink.json');
      expect(Object.keys(page2.json)).toEqual(Object.keys(sample));
      expect(page2.json['@odata.nextLink']).toContain('pagenumber=%223%22');
      expect(page2.json['@odata.nextLink']).toContain('%253ccookie%2520page%253d%25222%2522%253e');
      const ids1 = page1.json.value.map((r: { contactid: string }) => r.contactid);
      const ids2 = page2.json.value.map((r: { contactid: string }) => r.contactid);
      expect(ids2.some((id: string) => ids1.includes(id))).toBe(false);
      expect(ids2[0] > ids1[1]).toBe(true);
    });

    it('places formatted values and lookup annotations before each property, and the top-level counts under "*"', async () => {
      const sample = fixture('collection-all-annotations-star.json');
      const res = await f.call('GET', 'accounts?$select=name,revenue,_ownerid_value,createdon,statecode&$top=1', {
        headers: { Prefer: 'odata.include-annotations="*"' },
      });
      expect(Object.keys(res.json)).toEqual(Object.keys(sample));
      expect(res.json['@Microsoft.Dynamics.CRM.totalrecordcount']).toBe(-1);
      expect(res.json['@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded']).toBe(false);
      expect(res.json['@Microsoft.Dynamics.CRM.globalmetadataversion']).toMatch(/^\d+$/);
      const row = res.json.value[0];
      const keys = Object.keys(row);
      // Same order as the sample's _ownerid_value block.
      const sampleOwnerKeys = Object.keys(sample.value[0]).filter((k) => k.startsWith('_ownerid_value'));
      expect(keys.filter((k) => k.startsWith('_ownerid_value'))).toEqual(sampleOwnerKeys);
      expect(row['_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toMatch(/^(systemuser|team)$/);
      expect(row['_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty']).toBe('ownerid');
      expect(keys.indexOf('revenue@OData.Community.Display.V1.FormattedValue')).toBe(keys.indexOf('revenue') - 1);
      expect(row['revenue@OData.Community.Display.V1.FormattedValue']).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
      expect(row['createdon']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(row['createdon@OData.Community.Display.V1.FormattedValue']).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d\d (AM|PM)$/);
      expect(['Active', 'Inactive']).toContain(row['statecode@OData.Community.Display.V1.FormattedValue']);
      // Money pulls in the currency lookup after the primary key, like single-record-select.json.
      expect(keys.slice(keys.indexOf('accountid') + 1).pop()).toBe('_transactioncurrencyid_value');
    });

    it('returns only the requested annotation when the preference names one', async () => {
      const res = await f.call('GET', 'contacts?$select=statecode,_parentcustomerid_value&$top=3', {
        headers: { Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"' },
      });
      const keys = res.json.value.flatMap((r: object) => Object.keys(r));
      expect(keys.some((k: string) => k.endsWith('@OData.Community.Display.V1.FormattedValue'))).toBe(true);
      expect(keys.some((k: string) => k.includes('@Microsoft.Dynamics.CRM'))).toBe(false);
      expect(res.json['@Microsoft.Dynamics.CRM.totalrecordcount']).toBeUndefined();
    });

    it('returns lookup types alone when that is the one annotation named (what the unified reads ask for)', async () => {
      const res = await f.call('GET', 'contacts?$select=statecode,createdon,_parentcustomerid_value,_ownerid_value&$top=3', {
        headers: { Prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"' },
      });
      expect(res.headers.get('preference-applied')).toBe('odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"');
      const annotations = new Set(res.json.value.flatMap((r: object) => Object.keys(r)).filter((k: string) => k.includes('@') && k !== '@odata.etag').map((k: string) => k.slice(k.indexOf('@'))));
      expect([...annotations]).toEqual(['@Microsoft.Dynamics.CRM.lookuplogicalname']);
    });

    it('retrieves one record with the /$entity context and the currency lookup, like single-record-select.json', async () => {
      const sample = fixture('single-record-select.json');
      const list = await f.call('GET', 'accounts?$select=accountid&$top=1');
      const id = list.json.value[0].accountid;
      const res = await f.call('GET', `accounts(${id})?$select=name,revenue`);
      expect(Object.keys(res.json)).toEqual(Object.keys(sample));
      expect(res.json['@odata.context']).toBe(`${f.api}$metadata#accounts(name,revenue)/$entity`);
      expect(res.headers.get('etag')).toBe(res.json['@odata.etag']);
    });

    it('expands a lookup with a nested $select and a collection, like join-tables.md', async () => {
      const sample = fixture('collection-expand-nested-nextlink.json');
      const res = await f.call('GET', 'accounts?$select=name&$expand=primarycontactid($select=fullname),Account_Tasks($select=subject)&$filter=_primarycontactid_value ne null&$top=1');
      expect(res.json['@odata.context']).toBe(`${f.api}$metadata#accounts(name,primarycontactid(fullname),Account_Tasks(subject))`);
      const row = res.json.value[0];
      expect(Object.keys(row).slice(0, 5)).toEqual(Object.keys(sample.value[0]).slice(0, 5));
      expect(Object.keys(row.primarycontactid)).toEqual(Object.keys(sample.value[0].primarycontactid));
      expect(Array.isArray(row.Account_Tasks)).toBe(true);
      const contact = await f.call('GET', `contacts(${row.primarycontactid.contactid})?$select=fullname`);
      expect(contact.json.fullname).toBe(row.primarycontactid.fullname);
    });

    it('expands to null when the lookup is empty', async () => {
      const res = await f.call('GET', 'accounts?$select=name&$expand=parentaccountid($select=name)&$filter=_parentaccountid_value eq null&$top=1');
      expect(res.json.value[0].parentaccountid).toBeNull();
    });

    it('counts with @odata.count before value, and totalrecordcount under annotations', async () => {
      const res = await f.call('GET', "contacts?$select=fullname&$filter=statecode eq 0&$count=true", {
        headers: { Prefer: 'odata.include-annotations="*",odata.maxpagesize=5' },
      });
      const expected = f.data.store(f.data.registry.table('contact')).order.filter((r) => f.data.store(f.data.registry.table('contact')).get(r, 'statecode') === 0).length;
      expect(Object.keys(res.json).slice(0, 4)).toEqual(['@odata.context', '@odata.count', '@Microsoft.Dynamics.CRM.totalrecordcount', '@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded']);
      expect(res.json['@odata.count']).toBe(expected);
      expect(res.json['@Microsoft.Dynamics.CRM.totalrecordcount']).toBe(expected);
      expect(res.json.value).toHaveLength(5);
      const plain = await f.call('GET', 'contacts/$count');
      expect(plain.headers.get('content-type')).toBe('text/plain');
      expect(plain.text).toBe('120');
    });
  });

  describe('errors', () => {
    it('answers an unknown $select column with the exact 400', async () => {
      const res = await f.call('GET', 'accounts?$select=Name');
      expect(res.status).toBe(400);
      expect(res.json).toEqual(fixture('error-400-property-not-found.json'));
    });

    it('treats entity sets as case-sensitive', async () => {
      const res = await f.call('GET', 'Accounts');
      expect(res.status).toBe(404);
      expect(res.json.error.message).toBe("Resource not found for the segment 'Accounts'.");
    });

    it('refuses $skip', async () => {
      const res = await f.call('GET', 'accounts?$skip=10');
      expect(res.status).toBe(400);
      expect(res.json.error.message).toBe("The query parameter '$skip' is not supported.");
    });

    it('answers a missing record with 404 and 0x80040217', async () => {
      const res = await f.call('GET', 'accounts(00000000-0000-0000-0000-000000000001)');
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error: { code: '0x80040217', message: fixture('error-404-record-does-not-exist.json').error.message } });
    });

    it('answers POST WhoAmI with "No HTTP resource"', async () => {
      const res = await f.call('POST', 'WhoAmI', { body: {} });
      expect(res.status).toBe(404);
      expect(res.json.error.message).toBe(fixture('error-404-no-http-resource-wrong-method.json').error.message.replace('[Organization URI]/api/data/v9.2/', f.api));
    });

    it('reports an unterminated literal like Dataverse', async () => {
      const res = await f.call('GET', "contacts?$filter=lastname eq 'O'Bryan'");
      expect(res.status).toBe(400);
      expect(res.json.error.message).toBe("There is an unterminated literal at position 21 in 'lastname eq 'O'Bryan''.");
    });

    it('refuses not() around a query function', async () => {
      const res = await f.call('GET', "contacts?$filter=not Microsoft.Dynamics.CRM.In(PropertyName='statecode',PropertyValues=[\"0\"])");
      expect(res.status).toBe(400);
      expect(res.json.error.message).toBe('Not operator along with the Custom Named Condition operators is not allowed');
    });

    it('refuses $ref on a collection in $expand', async () => {
      const res = await f.call('GET', 'accounts?$expand=Account_Tasks/$ref');
      expect(res.status).toBe(400);
      expect(res.json).toEqual(fixture('error-400-expand-ref-collection.json'));
    });

    it('survives garbage without crashing and keeps answering', async () => {
      for (const path of ['contacts?$filter=(((', 'contacts(%zz)', 'contacts?$top=-1', 'contacts?$orderby=fullname sideways', "EntityDefinitions(LogicalName='nope')", '$batch']) {
        const res = await f.call(path === '$batch' ? 'POST' : 'GET', path, path === '$batch' ? { body: 'x' } : {});
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(typeof res.json.error.message).toBe('string');
      }
      expect((await f.call('GET', 'WhoAmI')).status).toBe(200);
    });
  });

  describe('$filter', () => {
    const ids = async (query: string): Promise<string[]> => {
      const res = await f.call('GET', query);
      expect(res.status).toBe(200);
      return res.json.value.map((r: Record<string, string>) => Object.values(r).pop());
    };
    const contactRows = () => {
      const table = f.data.registry.table('contact');
      const store = f.data.store(table);
      return store.order.map((r) => ({ id: store.ids[r], get: (c: string) => store.get(r, c) }));
    };

    it('matches contains/startswith/endswith case-insensitively', async () => {
      const expected = contactRows().filter((c) => String(c.get('fullname')).toLowerCase().includes('an')).map((c) => c.id);
      expect(await ids("contacts?$select=contactid&$filter=contains(fullname,'AN')")).toEqual(expected);
      const starts = contactRows().filter((c) => String(c.get('lastname')).toLowerCase().startsWith('m')).map((c) => c.id);
      expect(await ids("contacts?$select=contactid&$filter=startswith(lastname,'M')")).toEqual(starts);
      const ends = contactRows().filter((c) => String(c.get('emailaddress1')).endsWith('.com')).map((c) => c.id);
      expect(await ids("contacts?$select=contactid&$filter=endswith(emailaddress1,'.COM')")).toEqual(ends);
    });

    it('honours and/or/not, grouping and null', async () => {
      const expected = contactRows()
        .filter((c) => (c.get('statecode') === 1 || c.get('mobilephone') === null) && !(c.get('donotemail') === true))
        .map((c) => c.id);
      expect(await ids('contacts?$select=contactid&$filter=(statecode eq 1 or mobilephone eq null) and not (donotemail eq true)')).toEqual(expected);
    });

    it('filters lookups by unquoted GUID and dates by unquoted literals', async () => {
      const account = contactRows().find((c) => c.get('parentcustomerid'))!.get('parentcustomerid') as string;
      const expected = contactRows().filter((c) => c.get('parentcustomerid') === account).map((c) => c.id);
      expect(await ids(`contacts?$select=contactid&$filter=_parentcustomerid_value eq ${account}`)).toEqual(expected);
      const cutoff = Date.parse('2025-06-01T00:00:00Z');
      const recent = contactRows().filter((c) => (c.get('createdon') as number) >= cutoff).map((c) => c.id);
      expect(await ids('contacts?$select=contactid&$filter=createdon ge 2025-06-01T00:00:00Z')).toEqual(recent);
      const born = contactRows().filter((c) => c.get('birthdate') !== null && (c.get('birthdate') as string) < '1970-01-01').map((c) => c.id);
      expect(await ids('contacts?$select=contactid&$filter=birthdate lt 1970-01-01')).toEqual(born);
    });

    it('supports Microsoft.Dynamics.CRM.In, Between, OnOrAfter and LastXDays (with parameter aliases)', async () => {
      const inSet = contactRows().filter((c) => [1, 3].includes(c.get('preferredcontactmethodcode') as number)).map((c) => c.id);
      expect(await ids('contacts?$select=contactid&$filter=Microsoft.Dynamics.CRM.In(PropertyName=\'preferredcontactmethodcode\',PropertyValues=["1","3"])')).toEqual(inSet);
      const table = f.data.registry.table('account');
      const store = f.data.store(table);
      const between = store.order.filter((r) => { const n = store.get(r, 'numberofemployees') as number; return n >= 100 && n <= 5000; }).map((r) => store.ids[r]);
      expect(await ids('accounts?$select=accountid&$filter=Microsoft.Dynamics.CRM.Between(PropertyName=\'numberofemployees\',PropertyValues=["100","5000"])')).toEqual(between);
      const onOrAfter = contactRows().filter((c) => (c.get('createdon') as number) >= Date.parse('2025-03-01T00:00:00Z')).map((c) => c.id);
      expect(await ids("contacts?$select=contactid&$filter=Microsoft.Dynamics.CRM.OnOrAfter(PropertyName=@p1,PropertyValue=@p2)&@p1='createdon'&@p2='2025-03-01'")).toEqual(onOrAfter);
      const created = await f.call('POST', 'contacts', { body: { lastname: 'Recent' }, headers: { Prefer: 'return=representation' } });
      expect(await ids("contacts?$select=contactid&$filter=Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=7)")).toEqual([created.json.contactid]);
      await f.call('DELETE', `contacts(${created.json.contactid})`);
    });

    it('follows navigation paths and any() lambdas', async () => {
      const accounts = f.data.store(f.data.registry.table('account'));
      const r = accounts.order.find((x) => accounts.get(x, 'primarycontactid'))!;
      const contactName = f.data.primaryName('contact', accounts.get(r, 'primarycontactid') as string)!;
      const res = await ids(`accounts?$select=accountid&$filter=primarycontactid/fullname eq '${contactName.replace(/'/g, "''")}'`);
      expect(res).toContain(accounts.ids[r]);
      const withTasks = await f.call('GET', 'accounts?$select=accountid&$filter=Account_Tasks/any(t:t/statecode eq 1)&$expand=Account_Tasks($select=statecode)');
      for (const row of withTasks.json.value) expect(row.Account_Tasks.some((t: { statecode: number }) => t.statecode === 1)).toBe(true);
    });

    it('filters on custom columns', async () => {
      const res = await f.call('GET', `contacts?$select=new_preferredchannel,new_isvip&$filter=new_preferredchannel eq 100000001 and new_isvip eq false`, {
        headers: { Prefer: 'odata.include-annotations="*"' },
      });
      expect(res.json.value.length).toBeGreaterThan(0);
      for (const row of res.json.value) {
        expect(row['new_preferredchannel@OData.Community.Display.V1.FormattedValue']).toBe('Phone');
        expect(row['new_isvip@OData.Community.Display.V1.FormattedValue']).toBe('No');
      }
    });
  });

  describe('$orderby, $top and paging', () => {
    it('orders by several keys', async () => {
      const res = await f.call('GET', 'contacts?$select=lastname,firstname&$orderby=lastname asc,firstname desc');
      const rows: Array<{ lastname: string; firstname: string }> = res.json.value;
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1];
        const b = rows[i];
        const byLast = a.lastname.toLowerCase().localeCompare(b.lastname.toLowerCase(), 'en', { sensitivity: 'base' });
        if (a.lastname.toLowerCase() === b.lastname.toLowerCase()) expect(a.firstname.toLowerCase() >= b.firstname.toLowerCase()).toBe(true);
        else expect(a.lastname.toLowerCase() < b.lastname.toLowerCase() || byLast <= 0).toBe(true);
      }
    });

    it('returns $top rows without a nextLink, and ignores $top when maxpagesize is present', async () => {
      const top = await f.call('GET', 'contacts?$select=fullname&$top=7');
      expect(top.json.value).toHaveLength(7);
      expect(top.json['@odata.nextLink']).toBeUndefined();
      const both = await f.call('GET', 'contacts?$select=fullname&$top=7', { headers: { Prefer: 'odata.maxpagesize=3' } });
      expect(both.json.value).toHaveLength(3);
      expect(both.json['@odata.nextLink']).toBeDefined();
    });

    it('caps odata.maxpagesize at 5000', async () => {
      const res = await f.call('GET', 'contacts?$select=fullname', { headers: { Prefer: 'odata.maxpagesize=9000' } });
      expect(res.headers.get('preference-applied')).toBe('odata.maxpagesize=5000');
    });

    it('pages stably by sort key while rows are inserted and updated during the read', async () => {
      const table = f.data.registry.table('contact');
      const store = f.data.store(table);
      const before = store.order.map((r) => store.ids[r]);
      const seen: string[] = [];
      const inserted: Record<string, string> = {};
      let link: string | undefined = 'contacts?$select=lastname&$orderby=lastname desc';
      let page = 0;
      while (link) {
        const res = await f.call('GET', link, { headers: { Prefer: 'odata.maxpagesize=25' } });
        expect(res.status).toBe(200);
        seen.push(...res.json.value.map((r: { contactid: string }) => r.contactid));
        link = res.json['@odata.nextLink'];
        if (page === 1) {
          // One row sorts after the cursor, one before it; a row already read is updated (not on the sort key).
          for (const lastname of ['aaaa-after-cursor', 'zzzz-before-cursor']) {
            const created = await f.call('POST', 'contacts', { body: { lastname }, headers: { Prefer: 'return=representation' } });
            inserted[lastname] = created.json.contactid;
          }
          await f.call('PATCH', `contacts(${seen[0]})`, { body: { jobtitle: 'Changed during the read' } });
        }
        page++;
      }
      // An offset-based pager would skip or repeat rows here.
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => before.includes(id))).toHaveLength(before.length);
      expect(seen).toContain(inserted['aaaa-after-cursor']);
      expect(seen).not.toContain(inserted['zzzz-before-cursor']);
      for (const id of Object.values(inserted)) await f.call('DELETE', `contacts(${id})`);
    });
  });

  describe('repeated reads', () => {
    it('never serve stale rows: a renamed account shows in its contacts\' formatted lookup at once', async () => {
      const query = 'contacts?$select=fullname,_parentcustomerid_value&$filter=_parentcustomerid_value ne null&$top=5';
      const prefer = { Prefer: 'odata.include-annotations="*"' };
      const first = await f.call('GET', query, { headers: prefer });
      const again = await f.call('GET', query, { headers: prefer });
      expect(again.text).toBe(first.text);
      const accountId = first.json.value[0]._parentcustomerid_value;
      await f.call('PATCH', `accounts(${accountId})`, { body: { name: 'Renamed While Cached' } });
      const after = await f.call('GET', query, { headers: prefer });
      expect(after.json.value[0]['_parentcustomerid_value@OData.Community.Display.V1.FormattedValue']).toBe('Renamed While Cached');
      await f.call('PATCH', `contacts(${after.json.value[1].contactid})`, { body: { firstname: 'Zed', lastname: 'Changed' } });
      expect((await f.call('GET', query, { headers: prefer })).json.value[1].fullname).toBe('Zed Changed');
    });
  });

  describe('conditional reads and impersonation', () => {
    it('answers 304 for an unchanged etag, but never with annotations or $expand', async () => {
      const first = await f.call('GET', 'accounts?$select=name&$top=1');
      const { accountid, '@odata.etag': etag } = first.json.value[0];
      expect((await f.call('GET', `accounts(${accountid})?$select=name`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
      expect((await f.call('GET', `accounts(${accountid})?$select=name`, { headers: { 'If-None-Match': etag, Prefer: 'odata.include-annotations="*"' } })).status).toBe(200);
      expect((await f.call('GET', `accounts(${accountid})?$select=name&$expand=primarycontactid($select=fullname)`, { headers: { 'If-None-Match': etag } })).status).toBe(200);
      expect((await f.call('GET', `accounts(${accountid})?$select=name`, { headers: { 'If-None-Match': 'W/"1"' } })).status).toBe(200);
    });

    it('acts as another user with CallerObjectId', async () => {
      const other = f.org.users.find((u) => !u.isDisabled && !u.isApplicationUser && u !== f.org.users[0])!;
      const who = await f.call('GET', 'WhoAmI', { headers: { CallerObjectId: other.entraObjectId } });
      expect(who.json.UserId).toBe(other.systemuserId);
      const created = await f.call('POST', 'tasks', { body: { subject: 'On behalf' }, headers: { CallerObjectId: other.entraObjectId, Prefer: 'return=representation' } });
      expect(created.json._ownerid_value).toBe(other.systemuserId);
      expect((await f.call('GET', 'WhoAmI', { headers: { CallerObjectId: '00000000-0000-0000-0000-000000000000' } })).json.error.code).toBe('0x80072560');
      await f.call('DELETE', `tasks(${created.json.activityid})`);
    });

    it('filters, orders and limits an expanded collection', async () => {
      const res = await f.call('GET', 'accounts?$select=name&$expand=contact_customer_accounts($select=lastname,statecode;$filter=statecode eq 0;$orderby=lastname desc;$top=2)&$top=10');
      for (const account of res.json.value) {
        const contacts = account.contact_customer_accounts;
        expect(contacts.length).toBeLessThanOrEqual(2);
        for (const c of contacts) expect(c.statecode).toBe(0);
        if (contacts.length === 2) expect(contacts[0].lastname.toLowerCase() >= contacts[1].lastname.toLowerCase()).toBe(true);
      }
      expect(res.json.value.some((a: { contact_customer_accounts: unknown[] }) => a.contact_customer_accounts.length > 0)).toBe(true);
    });
  });

  describe('functions', () => {
    it('answers WhoAmI for the caller, like whoami.json', async () => {
      const sample = fixture('whoami.json');
      const res = await f.call('GET', 'WhoAmI');
      const admin = f.org.users[0];
      expect(Object.keys(res.json)).toEqual(Object.keys(sample));
      expect(res.json).toEqual({
        '@odata.context': `${f.api}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
        BusinessUnitId: admin.businessUnitId,
        UserId: admin.systemuserId,
        OrganizationId: f.org.organizationId,
      });
      const other = f.org.users.find((u) => !u.isDisabled && !u.isApplicationUser && u !== admin)!;
      const res2 = await f.call('GET', 'WhoAmI()', { token: f.emu.identity.issueAccessToken(f.org, other.upn) });
      expect(res2.json.UserId).toBe(other.systemuserId);
    });

    it('counts all rows with RetrieveTotalRecordCount', async () => {
      const res = await f.call('GET', "RetrieveTotalRecordCount(EntityNames=['contact','account'])");
      expect(res.json.EntityRecordCountCollection.Keys).toEqual(['contact', 'account']);
      expect(res.json.EntityRecordCountCollection.Values).toEqual([f.data.store(f.data.registry.table('contact')).liveCount, 40]);
    });
  });

  describe('activities', () => {
    it('lists every activity type under activitypointers with a shared activityid', async () => {
      const all = await f.call('GET', 'activitypointers?$select=activitytypecode,subject', { headers: { Prefer: 'odata.include-annotations="*"' } });
      expect(all.json.value).toHaveLength(80);
      const types = new Set(all.json.value.map((r: { activitytypecode: string }) => r.activitytypecode));
      expect(types).toEqual(new Set(['phonecall', 'email', 'task', 'appointment']));
      const phone = all.json.value.find((r: { activitytypecode: string }) => r.activitytypecode === 'phonecall');
      expect(phone['activitytypecode@OData.Community.Display.V1.FormattedValue']).toBe('Phone Call');
      const same = await f.call('GET', `phonecalls(${phone.activityid})?$select=subject,phonenumber`);
      expect(same.json.subject).toBe(phone.subject);
      const wrongType = await f.call('GET', `tasks(${phone.activityid})`);
      expect(wrongType.status).toBe(404);
    });

    it('has parties with participation types, expandable from the activity', async () => {
      const res = await f.call('GET', "emails?$select=subject&$expand=email_activity_parties($select=participationtypemask,_partyid_value)&$top=3");
      for (const email of res.json.value) {
        const masks = email.email_activity_parties.map((p: { participationtypemask: number }) => p.participationtypemask);
        expect(masks).toEqual(expect.arrayContaining([1, 2]));
      }
    });

    it('has notes on polymorphic objectid with attachments', async () => {
      const res = await f.call('GET', 'annotations?$select=subject,filename,mimetype,filesize,isdocument,documentbody,_objectid_value&$filter=isdocument eq true', {
        headers: { Prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"' },
      });
      expect(res.json.value.length).toBeGreaterThan(0);
      for (const note of res.json.value) {
        expect(Buffer.from(note.documentbody, 'base64').length).toBe(note.filesize);
        expect(['account', 'contact', 'lead', 'opportunity']).toContain(note['_objectid_value@Microsoft.Dynamics.CRM.lookuplogicalname']);
      }
    });
  });

  describe('$apply', () => {
    it('groups and aggregates the rows the store holds, after a filter step', async () => {
      const store = f.data.store(f.data.registry.table('account'));
      const active = store.order.filter((r) => store.alive[r] === 1 && store.get(r, 'statecode') === 0);
      const expectedSum = active.reduce((s, r) => s + ((store.get(r, 'revenue') as number | null) ?? 0), 0);
      const res = await f.call('GET', 'accounts?$apply=filter(statecode eq 0)/aggregate(revenue with sum as total,$count as n)');
      expect(res.json.value).toEqual([{ total: expectedSum, n: active.length }]);
      const groups = await f.call('GET', 'accounts?$apply=groupby((statecode,industrycode))');
      expect(groups.json.value.length).toBeGreaterThan(1);
      expect(Object.keys(groups.json.value[0])).toEqual(['statecode', 'industrycode']);
      const bad = await f.call('GET', 'accounts?$apply=groupby((nope))');
      expect(bad.status).toBe(400);
      expect(bad.json.error.message).toBe("Could not find a property named 'nope' on type 'Microsoft.Dynamics.CRM.account'.");
    });
  });
});
