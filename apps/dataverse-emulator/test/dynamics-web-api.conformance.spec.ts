import { DynamicsWebApi } from 'dynamics-web-api';
import { startEmulator, RunningEmulator } from '../src/emulator';

/**
 * Conformance: the real `dynamics-web-api` client (unchanged) against the emulator. If a real client can page,
 * read, write, batch and query metadata here, our own client can too.
 */
describe('dynamics-web-api against the emulator', () => {
  let emu: RunningEmulator;
  let client: DynamicsWebApi;
  const CONTACTS = 12_345;

  beforeAll(async () => {
    emu = await startEmulator({ seedSizes: { accounts: 60, contacts: CONTACTS, leads: 20, opportunities: 20, activities: 60, notes: 10, users: 6 } });
    const org = emu.world.organizations[0];
    const token = emu.identity.issueAccessToken(org);
    // Real environment URLs have no path; ours does, so the serverUrl needs its trailing slash for URL joining.
    client = new DynamicsWebApi({ serverUrl: `${org.environmentUrl}/`, dataApi: { version: '9.2' }, onTokenRefresh: async () => token });
  });
  afterAll(() => emu.close());

  it('retrieves every page of a large table, and the union is exactly the table', async () => {
    const all = await client.retrieveAll<{ contactid: string; fullname: string }>({ collection: 'contacts', select: ['fullname'] });
    const data = emu.state.data('contoso')!;
    const store = data.store(data.registry.table('contact'));
    const expected = store.order.map((r) => store.ids[r]);
    expect(all.value).toHaveLength(CONTACTS);
    expect(new Set(all.value.map((c) => c.contactid))).toEqual(new Set(expected));
    expect(all.value[0].fullname).toBe(store.get(store.order[0], 'fullname'));
  });

  it('follows nextLinks page by page with a small maxPageSize', async () => {
    let page = await client.retrieveMultiple({ collection: 'accounts', select: ['name'], maxPageSize: 25 });
    const ids: string[] = page.value.map((a: { accountid: string }) => a.accountid);
    let pages = 1;
    while (page.oDataNextLink) {
      page = await client.retrieveMultiple({ collection: 'accounts', select: ['name'], maxPageSize: 25 }, page.oDataNextLink);
      ids.push(...page.value.map((a: { accountid: string }) => a.accountid));
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(60);
  });

  it('creates, retrieves, updates, upserts and deletes', async () => {
    const id = await client.create<object, string>({ collection: 'accounts', data: { name: 'DWA Corp', revenue: 1234.5 } });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await client.retrieve({ collection: 'accounts', key: id, select: ['name', 'revenue'] });
    expect(read).toMatchObject({ name: 'DWA Corp', revenue: 1234.5, accountid: id });
    expect(read['@odata.etag']).toMatch(/^W\/"\d+"$/);
    expect(read['revenue@OData.Community.Display.V1.FormattedValue']).toBeUndefined();

    await client.update({ collection: 'accounts', key: id, data: { name: 'DWA Corp 2' } });
    const updated = await client.retrieve({ collection: 'accounts', key: id, select: ['name'], includeAnnotations: 'OData.Community.Display.V1.FormattedValue' });
    expect(updated.name).toBe('DWA Corp 2');

    const stale = client.update({ collection: 'accounts', key: id, data: { name: 'stale' }, ifmatch: read['@odata.etag'] });
    // dynamics-web-api reports an etag mismatch on update as `false` rather than throwing.
    await expect(stale).resolves.toBe(false);

    const upsertId = 'a0e4f1c2-1111-4e5f-8a9b-0c1d2e3f4a5b';
    const upserted = await client.upsert({ collection: 'contacts', key: upsertId, data: { lastname: 'Upsert' }, returnRepresentation: true });
    expect(upserted).toMatchObject({ contactid: upsertId, lastname: 'Upsert', fullname: 'Upsert' });

    expect(await client.deleteRecord({ collection: 'accounts', key: id })).toBe(true);
    await expect(client.retrieve({ collection: 'accounts', key: id })).rejects.toMatchObject({ status: 404, code: '0x80040217' });
  });

  it('expands a lookup with a nested select and returns formatted values on request', async () => {
    const res = await client.retrieveMultiple({
      collection: 'contacts',
      select: ['fullname', '_parentcustomerid_value'],
      expand: [{ property: 'parentcustomerid_account', select: ['name'] }],
      filter: '_parentcustomerid_value ne null',
      top: 5,
      includeAnnotations: '*',
    });
    expect(res.value).toHaveLength(5);
    for (const c of res.value) {
      expect(c.parentcustomerid_account.name).toBe(c['_parentcustomerid_value@OData.Community.Display.V1.FormattedValue']);
      // dynamics-web-api parses the lookup annotations into its own properties.
      expect(c._parentcustomerid_value_LogicalName ?? c['_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('account');
    }
  });

  it('creates, updates and expands through the entity reference navigation property names', async () => {
    const [account, other] = (await client.retrieveMultiple({ collection: 'accounts', select: ['name'], top: 2 })).value;
    const contact = (await client.retrieveMultiple({ collection: 'contacts', select: ['fullname'], top: 1 })).value[0];
    const id = await client.create<object, string>({
      collection: 'phonecalls',
      data: {
        subject: 'Reference names',
        'regardingobjectid_account_phonecall@odata.bind': `/accounts(${account.accountid})`,
        phonecall_activity_parties: [{ 'partyid_contact@odata.bind': `/contacts(${contact.contactid})`, participationtypemask: 2 }],
      },
    });
    await client.update({ collection: 'phonecalls', key: id, data: { 'regardingobjectid_account_phonecall@odata.bind': `/accounts(${other.accountid})` } });
    const read = await client.retrieve({
      collection: 'phonecalls',
      key: id,
      select: ['subject'],
      expand: [
        { property: 'regardingobjectid_account_phonecall', select: ['name'] },
        { property: 'phonecall_activity_parties', select: ['participationtypemask', '_partyid_value'] },
      ],
    });
    expect(read.regardingobjectid_account_phonecall).toMatchObject({ accountid: other.accountid, name: other.name });
    expect(read.phonecall_activity_parties).toEqual([expect.objectContaining({ participationtypemask: 2, _partyid_value: contact.contactid })]);
    const account2 = await client.create<object, string>({ collection: 'accounts', data: { name: 'Reference columns', creditonhold: true, paymenttermscode: 2 } });
    expect(await client.retrieve({ collection: 'accounts', key: account2, select: ['creditonhold', 'paymenttermscode'] })).toMatchObject({ creditonhold: true, paymenttermscode: 2 });
    await client.deleteRecord({ collection: 'accounts', key: account2 });
  });

  it('filters with functions and counts', async () => {
    const filter = "startswith(lastname,'s') and Microsoft.Dynamics.CRM.In(PropertyName='statecode',PropertyValues=[\"0\"])";
    const res = await client.retrieveMultiple({ collection: 'contacts', select: ['lastname', 'statecode'], filter, count: true, maxPageSize: 50 });
    expect(res.oDataCount).toBeGreaterThan(50);
    expect(res.value).toHaveLength(50);
    for (const c of res.value) {
      expect(c.lastname.toLowerCase().startsWith('s')).toBe(true);
      expect(c.statecode).toBe(0);
    }
    expect(await client.count({ collection: 'accounts' })).toBe(60);
    expect(await client.countAll({ collection: 'accounts', filter: "contains(name,'a')", select: ['name'] })).toBeGreaterThan(0);
  });

  it('calls WhoAmI', async () => {
    const who = await client.callFunction({ functionName: 'WhoAmI' });
    expect(who.UserId).toBe(emu.world.organizations[0].users[0].systemuserId);
    expect(who.OrganizationId).toBe(emu.world.organizations[0].organizationId);
  });

  it('queries attribute metadata with a cast and the option set', async () => {
    const attrs = await client.retrieveAttributes({ entityKey: "LogicalName='contact'", select: ['LogicalName', 'IsCustomAttribute'], filter: 'IsCustomAttribute eq true' });
    const names = attrs.value.map((a: { LogicalName: string }) => a.LogicalName);
    expect(names).toEqual(expect.arrayContaining(['new_preferredchannel', 'new_lifetimevalue', 'new_isvip', 'new_referredbyid']));
    for (const a of attrs.value) expect(a['@odata.type']).toMatch(/^#Microsoft\.Dynamics\.CRM\.\w+AttributeMetadata$/);
    const picklist = await client.retrieveAttribute({
      entityKey: "LogicalName='contact'",
      attributeKey: "LogicalName='new_preferredchannel'",
      castType: 'Microsoft.Dynamics.CRM.PicklistAttributeMetadata',
      select: ['LogicalName'],
      expand: [{ property: 'OptionSet', select: ['Options'] }],
    });
    expect(picklist.OptionSet.Options.map((o: { Value: number; Label: { UserLocalizedLabel: { Label: string } } }) => [o.Value, o.Label.UserLocalizedLabel.Label])).toEqual([
      [100000000, 'Email'], [100000001, 'Phone'], [100000002, 'Text Message'], [100000003, 'In Person'],
    ]);
    const entity = await client.retrieveEntity({ key: "LogicalName='contact'", select: ['EntitySetName', 'PrimaryIdAttribute'] });
    expect(entity).toMatchObject({ EntitySetName: 'contacts', PrimaryIdAttribute: 'contactid' });
  });

  it('runs a batch with a change set', async () => {
    client.startBatch();
    client.create({ collection: 'accounts', data: { name: 'Batch A' } });
    client.create({ collection: 'accounts', data: { name: 'Batch B' } });
    client.retrieveMultiple({ collection: 'accounts', select: ['name'], filter: "startswith(name,'Batch ')" });
    const [a, b, list] = await client.executeBatch();
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).toMatch(/^[0-9a-f-]{36}$/);
    expect(list.value.map((x: { name: string }) => x.name).sort()).toEqual(['Batch A', 'Batch B']);
  });
});
