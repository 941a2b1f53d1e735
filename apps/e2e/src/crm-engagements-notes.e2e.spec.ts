import { createApiClient, getEngagement, getNote, listEngagements, listNotes } from '@dua/sdk';
import { Stack, connectAppOnly, startStack } from '@dua/testing';

type Row = Record<string, unknown>;

describe('Unified CRM engagements and notes over an emulated org', () => {
  let stack: Stack;
  let apiKey: string;
  let accountId: string;

  const api = () => createApiClient({ baseUrl: stack.gatewayUrl, apiKey });
  const get = (path: string) => fetch(`${stack.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });

  /** Rows straight from the emulator (every page): the oracle. */
  async function emulatorRows(pathAndQuery: string): Promise<Row[]> {
    const token = await stack.emulator!.token('contoso');
    const rows: Row[] = [];
    let url: string | undefined = `${stack.emulator!.environmentUrl('contoso')}/api/data/v9.2/${pathAndQuery}`;
    while (url) {
      const response: Response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json', prefer: 'odata.include-annotations="*"' } });
      expect(response.status).toBe(200);
      const body = await response.json();
      rows.push(...body.value);
      url = body['@odata.nextLink'];
    }
    return rows;
  }

  /** Every page of a list through the SDK, and the size of each page. */
  async function readAll<Item>(list: (cursor: string | undefined) => Promise<{ result: Item[]; next_cursor: string | null }>): Promise<{ items: Item[]; pages: number }> {
    const items: Item[] = [];
    let pages = 0;
    let cursor: string | undefined;
    do {
      const page = await list(cursor);
      pages++;
      items.push(...page.result);
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    return { items, pages };
  }

  const allEngagements = (query: Record<string, unknown> = {}, limit = 5) =>
    readAll(async (cursor) => (await listEngagements({ client: api(), query: { integrated_account_id: accountId, limit, next_cursor: cursor, ...query }, throwOnError: true })).data);
  const allNotes = (query: Record<string, unknown> = {}, limit = 4) =>
    readAll(async (cursor) => (await listNotes({ client: api(), query: { integrated_account_id: accountId, limit, next_cursor: cursor, ...query }, throwOnError: true })).data);
  const ids = (rows: Row[], key: string) => rows.map((row) => row[key] as string).sort();

  beforeAll(async () => {
    stack = await startStack({
      emulator: {
        EMULATOR_ORGS: 'contoso',
        EMULATOR_SEED_USERS: '4',
        EMULATOR_SEED_ACCOUNTS: '4',
        EMULATOR_SEED_CONTACTS: '4',
        EMULATOR_SEED_LEADS: '3',
        EMULATOR_SEED_OPPORTUNITIES: '3',
        EMULATOR_SEED_ACTIVITIES: '23',
        EMULATOR_SEED_NOTES: '13',
      },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Engagements and notes tests'));
    accountId = await connectAppOnly(stack, apiKey, 'contoso');
  }, 120_000);

  afterAll(() => stack?.stop());

  it('reads every engagement exactly once, with participants fetched once per page, not per row', async () => {
    const expected = await emulatorRows('activitypointers?$select=activityid,activitytypecode');
    const parties = await emulatorRows('activityparties?$select=_activityid_value,_partyid_value,participationtypemask&$filter=participationtypemask le 7');
    const calls = await emulatorRows('phonecalls?$select=activityid,phonenumber,directioncode');
    const meetings = await emulatorRows('appointments?$select=activityid,location');
    await stack.emulator!.resetStats();

    const { items, pages } = await allEngagements();

    expect(pages).toBe(5);
    expect(items.map((engagement) => engagement.id).sort()).toEqual(ids(expected, 'activityid'));
    const stats = await stack.emulator!.stats();
    expect(stats.requests.by_entity_set['activitypointers']).toBe(pages);
    expect(stats.requests.by_entity_set['activityparties']).toBe(pages);
    expect(stats.requests.by_entity_set['phonecalls']).toBeLessThanOrEqual(pages);
    expect(stats.requests.by_entity_set['appointments']).toBeLessThanOrEqual(pages);

    const typeOf: Record<string, string> = { phonecall: 'call', email: 'email', appointment: 'meeting', task: 'task' };
    for (const row of expected) {
      const engagement = items.find((item) => item.id === row['activityid'])!;
      expect(engagement.type).toBe(typeOf[row['activitytypecode'] as string]);
      const own = parties.filter((party) => party['_activityid_value'] === engagement.id);
      expect(engagement.participants).toHaveLength(own.length);
      for (const party of own) expect(engagement.participants.map((participant) => participant.id)).toContain(party['_partyid_value']);
    }
    for (const call of calls) {
      const engagement = items.find((item) => item.id === call['activityid'])!;
      expect(engagement).toMatchObject({ phone_number: call['phonenumber'], direction: call['directioncode'] ? 'outbound' : 'inbound', location: null });
      expect(engagement.participants.map((participant) => participant.role).sort()).toEqual(['from', 'to']);
    }
    for (const meeting of meetings) {
      const engagement = items.find((item) => item.id === meeting['activityid'])!;
      expect(engagement).toMatchObject({ location: meeting['location'], direction: null, phone_number: null });
      expect(engagement.participants[0]).toMatchObject({ role: 'organizer', type: 'user' });
    }
    expect(items.some((engagement) => engagement.related_to !== null && engagement.owner !== null)).toBe(true);
  });

  it('filters by type and by the contact an engagement is regarding', async () => {
    const expectedCalls = await emulatorRows("activitypointers?$select=activityid&$filter=activitytypecode eq 'phonecall'");
    const { items: calls } = await allEngagements({ type: 'call' }, 3);
    expect(calls.map((engagement) => engagement.id).sort()).toEqual(ids(expectedCalls, 'activityid'));
    expect(calls.every((engagement) => engagement.type === 'call')).toBe(true);

    const regarding = await emulatorRows('activitypointers?$select=activityid,_regardingobjectid_value');
    const contactId = regarding.find((row) => row['_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname'] === 'contact')!['_regardingobjectid_value'] as string;
    const { items: aboutContact } = await allEngagements({ contact_id: contactId }, 2);
    expect(aboutContact.map((engagement) => engagement.id).sort()).toEqual(ids(regarding.filter((row) => row['_regardingobjectid_value'] === contactId), 'activityid'));
    expect(aboutContact.every((engagement) => engagement.related_to?.id === contactId && engagement.related_to.type === 'contact')).toBe(true);

    const { items: none } = await allEngagements({ type: 'task', contact_id: '00000000-0000-4000-8000-000000000001' });
    expect(none).toEqual([]);
  });

  it('gets one engagement as the list shows it; a missing one is 404, a malformed id or filter 400', async () => {
    const [call] = await emulatorRows("activitypointers?$select=activityid&$filter=activitytypecode eq 'phonecall'&$top=1");
    const { items } = await allEngagements({ type: 'call' }, 50);
    const { data } = await getEngagement({ client: api(), path: { id: call['activityid'] as string }, query: { integrated_account_id: accountId, include_remote_data: true }, throwOnError: true });
    const { remote_data, ...record } = data.result;
    expect(record).toEqual(items.find((item) => item.id === call['activityid']));
    expect(record.participants.length).toBeGreaterThan(0);
    expect(remote_data).toMatchObject({ activityid: call['activityid'], activitytypecode: 'phonecall' });

    const missing = await get(`/unified/crm/engagements/00000000-0000-4000-8000-000000000001?integrated_account_id=${accountId}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' });
    for (const path of [`/unified/crm/engagements/not-a-guid?integrated_account_id=${accountId}`, `/unified/crm/engagements?integrated_account_id=${accountId}&contact_id=x') or (true`, `/unified/crm/engagements?integrated_account_id=${accountId}&type=fax`]) {
      const response = await get(path);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('refuses a cursor reused with another filter', async () => {
    const first = await (await get(`/unified/crm/engagements?integrated_account_id=${accountId}&limit=2`)).json();
    const replay = await get(`/unified/crm/engagements?integrated_account_id=${accountId}&limit=2&type=email&next_cursor=${encodeURIComponent(first.next_cursor)}`);
    expect(replay.status).toBe(400);
    expect((await replay.json()).code).toBe('INVALID_CURSOR');
  });

  it('reads every note exactly once, with attachment metadata but never the file', async () => {
    const expected = await emulatorRows('annotations?$select=annotationid,isdocument,filename,mimetype,filesize,_objectid_value');
    const { items, pages } = await allNotes();
    expect(pages).toBe(4);
    expect(items.map((note) => note.id).sort()).toEqual(ids(expected, 'annotationid'));
    for (const row of expected) {
      const note = items.find((item) => item.id === row['annotationid'])!;
      expect(note).toMatchObject({
        has_attachment: row['isdocument'],
        file_name: row['filename'],
        mime_type: row['mimetype'],
        file_size: row['filesize'],
        related_to: { id: row['_objectid_value'], type: row['_objectid_value@Microsoft.Dynamics.CRM.lookuplogicalname'] },
      });
    }
    const attached = expected.find((row) => row['isdocument'] === true)!;
    expect(attached['filesize']).toBeGreaterThan(0);
    const { data } = await getNote({ client: api(), path: { id: attached['annotationid'] as string }, query: { integrated_account_id: accountId, include_remote_data: true }, throwOnError: true });
    expect(data.result).toMatchObject({ has_attachment: true, file_name: attached['filename'] });
    expect(data.result.remote_data).not.toHaveProperty('documentbody');
  });

  it('filters notes by the record they are attached to', async () => {
    const expected = await emulatorRows('annotations?$select=annotationid,_objectid_value');
    for (const [type, parameter] of [['contact', 'contact_id'], ['lead', 'lead_id'], ['account', 'account_id'], ['opportunity', 'opportunity_id']]) {
      const on = expected.find((row) => row['_objectid_value@Microsoft.Dynamics.CRM.lookuplogicalname'] === type);
      if (!on) continue;
      const id = on['_objectid_value'] as string;
      const { items } = await allNotes({ [parameter]: id });
      expect(items.map((note) => note.id).sort()).toEqual(ids(expected.filter((row) => row['_objectid_value'] === id), 'annotationid'));
    }
  });

  // Last: it reseeds the org.
  it('reads the parties of a page larger than one id chunk in a few queries, still not one per row', async () => {
    await stack.emulator!.reset({ org: 'contoso', seed: { users: 4, accounts: 4, contacts: 4, leads: 3, opportunities: 3, activities: 320, notes: 0 } });
    const expected = await emulatorRows('activitypointers?$select=activityid');
    const parties = await emulatorRows('activityparties?$select=_activityid_value&$filter=participationtypemask le 7');
    expect(expected).toHaveLength(320);
    await stack.emulator!.resetStats();

    const { items, pages } = await allEngagements({}, 400);

    expect(pages).toBe(1);
    expect(items.map((engagement) => engagement.id).sort()).toEqual(ids(expected, 'activityid'));
    expect(items.reduce((count, engagement) => count + engagement.participants.length, 0)).toBe(parties.length);
    const stats = await stack.emulator!.stats();
    // 150 ids a query keep the URL short: 320 rows → 3 queries on activityparties.
    expect(stats.requests.by_entity_set['activityparties']).toBe(3);
    expect(stats.requests.by_status['200']).toBe(stats.requests.total);
  });
});
