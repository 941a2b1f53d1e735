import {
  createAccount,
  createApiClient,
  createContact,
  createLead,
  createOpportunity,
  deleteAccount,
  deleteContact,
  deleteLead,
  deleteOpportunity,
  getAccount,
  getContact,
  getLead,
  getOpportunity,
  updateAccount,
  updateContact,
  updateLead,
  updateOpportunity,
} from '@dua/sdk';
import { randomUUID } from 'node:crypto';
import { connectAppOnly, sleep, Stack, startStack } from '@dua/testing';

type Row = Record<string, unknown>;
type Client = ReturnType<typeof createApiClient>;

/** The SDK's write and read functions share these shapes; this is the part the tests use. */
type Sdk = (options: { client: Client; query: { integrated_account_id: string }; path?: { id: string }; body?: unknown; headers?: Record<string, string> }) => Promise<{
  data?: { result: Row };
  error?: Row;
  response: Response;
}>;

const ORG = 'contoso';
const LEASE_MS = 3000;

describe('Unified CRM writes through the gateway', () => {
  let stack: Stack;
  let apiKey: string;
  let account: string;
  let client: Client;
  let owner: string;
  let currencies: { id: string; code: string }[];

  const query = () => ({ integrated_account_id: account });
  const call = (fn: unknown, options: { path?: { id: string }; body?: unknown; headers?: Record<string, string> } = {}) => (fn as Sdk)({ client, query: query(), ...options });

  async function direct(method: string, path: string, body?: unknown): Promise<{ status: number; body: Row }> {
    const token = await stack.emulator!.token(ORG);
    const response = await fetch(`${stack.emulator!.environmentUrl(ORG)}/api/data/v9.2/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'odata.include-annotations="*",return=representation' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Row) : {} };
  }

  /** Write requests the emulator saw for an entity set (creates, updates, deletes and reads alike). */
  async function requestsTo(entitySet: string): Promise<number> {
    return (await stack.emulator!.stats()).requests.by_entity_set[entitySet] ?? 0;
  }

  beforeAll(async () => {
    stack = await startStack({
      emulator: { EMULATOR_ORGS: ORG, EMULATOR_SEED_CONTACTS: '40', EMULATOR_SEED_ACCOUNTS: '20', EMULATOR_SEED_LEADS: '20', EMULATOR_SEED_OPPORTUNITIES: '20' },
      env: { API_KEY_CACHE_TTL_MS: '0', CRM_IDEMPOTENCY_LEASE_MS: String(LEASE_MS), RPC_TIMEOUT_MS: '8000', DATAVERSE_RETRY_BUDGET_MS: '4000' },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'CRM writes'));
    account = await connectAppOnly(stack, apiKey, ORG);
    client = createApiClient({ baseUrl: stack.gatewayUrl, apiKey });
    owner = ((await direct('GET', 'systemusers?$select=systemuserid&$top=1')).body['value'] as Row[])[0]['systemuserid'] as string;
    currencies = ((await direct('GET', 'transactioncurrencies?$select=transactioncurrencyid,isocurrencycode')).body['value'] as Row[]).map((row) => ({
      id: row['transactioncurrencyid'] as string,
      code: row['isocurrencycode'] as string,
    }));
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('contacts: every writable field, custom fields of every kind, read back equal', () => {
    let referred: string;
    let parent: string;

    beforeAll(async () => {
      referred = ((await call(createContact, { body: { last_name: 'Referrer' } })).data!.result['id']) as string;
      parent = ((await call(createAccount, { body: { name: 'Parent Co' } })).data!.result['id']) as string;
    });

    const full = () => ({
      first_name: 'Ada',
      last_name: 'Lovelace',
      title: 'Analyst',
      department: 'Engines',
      account: { id: parent },
      owner: { id: owner },
      email_addresses: [
        { email: 'ada@example.com', type: 'primary' },
        { email: 'ada@home.example', type: 'secondary' },
      ],
      phone_numbers: [
        { number: '+44 20 0000 0001', type: 'work' },
        { number: '+44 7700 000001', type: 'mobile' },
      ],
      addresses: [{ street_1: '12 St James Sq', street_2: null, city: 'London', state: null, postal_code: 'SW1Y 4JH', country: 'UK', type: 'primary' }],
      description: 'First programmer',
      status: 'active',
      custom_fields: {
        creb7_externalref: 'EXT-1',
        new_preferredchannel: 100000001,
        new_lifetimevalue: 1234.5,
        creb7_nextreviewdate: '2027-03-01',
        new_isvip: true,
        new_referredbyid: { id: referred },
      },
    });

    it('creates with every writable field; the answer, a GET and the emulator row agree', async () => {
      const created = await call(createContact, { body: full() });
      expect(created.error).toBeUndefined();
      expect(created.response.status).toBe(201);
      const record = created.data!.result;
      expect(record).toMatchObject({
        first_name: 'Ada',
        last_name: 'Lovelace',
        name: 'Ada Lovelace',
        title: 'Analyst',
        department: 'Engines',
        account: { id: parent },
        owner: { id: owner },
        email_addresses: full().email_addresses,
        phone_numbers: full().phone_numbers,
        addresses: full().addresses,
        description: 'First programmer',
        status: 'active',
        etag: expect.stringMatching(/^W\/"/),
      });
      expect(record['custom_fields']).toMatchObject({
        creb7_externalref: 'EXT-1',
        new_preferredchannel: { value: 100000001, label: expect.any(String) },
        new_lifetimevalue: 1234.5,
        creb7_nextreviewdate: '2027-03-01',
        new_isvip: true,
        new_referredbyid: { id: referred, type: 'contact' },
      });
      const read = await call(getContact, { path: { id: record['id'] as string } });
      expect(read.data!.result).toEqual(record);
      const row = (await direct('GET', `contacts(${record['id']})`)).body;
      expect(row).toMatchObject({
        firstname: 'Ada',
        lastname: 'Lovelace',
        emailaddress1: 'ada@example.com',
        emailaddress2: 'ada@home.example',
        telephone1: '+44 20 0000 0001',
        mobilephone: '+44 7700 000001',
        address1_city: 'London',
        _parentcustomerid_value: parent,
        _ownerid_value: owner,
        new_preferredchannel: 100000001,
        new_isvip: true,
        _new_referredbyid_value: referred,
      });
    });

    it('updates every field, clearing relations, lists and the custom lookup; an etag from before answers 412', async () => {
      const created = (await call(createContact, { body: full() })).data!.result;
      const id = created['id'] as string;
      const changes = {
        first_name: 'Augusta',
        title: null,
        department: 'Mathematics',
        account: null,
        email_addresses: [{ email: 'augusta@example.com', type: 'other' }],
        phone_numbers: [],
        addresses: [],
        description: null,
        status: 'inactive',
        custom_fields: { creb7_externalref: null, new_preferredchannel: { value: 100000000 }, new_isvip: false, new_referredbyid: null },
      };
      const updated = await call(updateContact, { path: { id }, body: changes, headers: { 'if-match': created['etag'] as string } });
      expect(updated.response.status).toBe(200);
      expect(updated.data!.result).toMatchObject({
        first_name: 'Augusta',
        last_name: 'Lovelace',
        title: null,
        department: 'Mathematics',
        account: null,
        email_addresses: [{ email: 'augusta@example.com', type: 'other' }],
        phone_numbers: [],
        addresses: [],
        description: null,
        status: 'inactive',
      });
      expect(updated.data!.result['custom_fields']).toMatchObject({ creb7_externalref: null, new_preferredchannel: { value: 100000000 }, new_isvip: false, new_referredbyid: null });
      expect((await call(getContact, { path: { id } })).data!.result).toEqual(updated.data!.result);

      const stale = await call(updateContact, { path: { id }, body: { title: 'Stale' }, headers: { 'if-match': created['etag'] as string } });
      expect(stale.response.status).toBe(412);
      expect(stale.error).toMatchObject({ code: 'PRECONDITION_FAILED' });
    });

    it('deletes, then answers 404 to a GET, a second DELETE and an update, which creates nothing', async () => {
      const id = (await call(createContact, { body: { last_name: 'Short-lived' } })).data!.result['id'] as string;
      const deleted = await call(deleteContact, { path: { id } });
      expect(deleted.response.status).toBe(200);
      expect(deleted.data!.result).toEqual({ id });
      expect((await call(getContact, { path: { id } })).response.status).toBe(404);
      expect((await call(deleteContact, { path: { id } })).response.status).toBe(404);
      const update = await call(updateContact, { path: { id }, body: { first_name: 'Ghost', owner: { id: owner } } });
      expect(update.response.status).toBe(404);
      expect(update.error).toMatchObject({ code: 'NOT_FOUND' });
      expect((await direct('GET', `contacts(${id})`)).status).toBe(404);
    });

    it('answers 422 UPSTREAM_REJECTED with remote when a relation points to a record that does not exist', async () => {
      const missing = randomUUID();
      const created = await call(createContact, { body: { last_name: 'Orphan', account: { id: missing } } });
      expect(created.response.status).toBe(422);
      expect(created.error).toMatchObject({ code: 'UPSTREAM_REJECTED', remote: { status: 404 } });
      const id = (await call(createContact, { body: { last_name: 'Orphan 2' } })).data!.result['id'] as string;
      const updated = await call(updateContact, { path: { id }, body: { account: { id: missing } } });
      expect(updated.response.status).toBe(422);
      expect(updated.error).toMatchObject({ code: 'UPSTREAM_REJECTED', remote: { status: 404 } });
    });
  });

  describe('bad input: a 4xx problem naming the field, and nothing written', () => {
    it.each([
      ['an unknown top-level field', { last_name: 'X', nickname: 'Y' }, 'nickname'],
      ['a read-only field', { last_name: 'X', name: 'Computed' }, 'name'],
      ['a wrong type', { last_name: 42 }, 'last_name'],
      ['an oversize string', { last_name: 'x'.repeat(51) }, 'last_name'],
      ['a bad relation id', { last_name: 'X', account: { id: 'not-a-uuid' } }, 'account.id'],
      ['a missing required field', { first_name: 'Only' }, 'last_name'],
      ['an unknown custom field', { last_name: 'X', custom_fields: { new_nosuchcolumn: 1 } }, 'custom_fields.new_nosuchcolumn'],
      ['a custom choice outside its options', { last_name: 'X', custom_fields: { new_preferredchannel: 7 } }, 'custom_fields.new_preferredchannel'],
      ['a custom text too long', { last_name: 'X', custom_fields: { creb7_externalref: 'x'.repeat(101) } }, 'custom_fields.creb7_externalref'],
      ['a custom lookup to the wrong table', { last_name: 'X', custom_fields: { new_referredbyid: { id: randomUUID(), type: 'account' } } }, 'custom_fields.new_referredbyid'],
      ['two primary email addresses', { last_name: 'X', email_addresses: [{ email: 'a@x.io', type: 'primary' }, { email: 'b@x.io', type: 'primary' }] }, 'email_addresses.1.type'],
    ])('%s', async (_, body, field) => {
      const before = await requestsTo('contacts');
      const response = await call(createContact, { body });
      expect(response.response.status).toBe(400);
      expect(response.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((response.error!['errors'] as { field: string }[]).map((error) => error.field)).toContain(field);
      expect(await requestsTo('contacts')).toBe(before);
    });

    it('refuses a lead status reached only through an action, naming the action', async () => {
      const response = await call(createLead, { body: { last_name: 'X', status: 'qualified' } });
      expect(response.response.status).toBe(400);
      expect(response.error!['errors']).toEqual([expect.objectContaining({ field: 'status', message: expect.stringContaining('/qualify') })]);
    });

    it('refuses a bad Idempotency-Key, If-Match and id', async () => {
      const key = await call(createContact, { body: { last_name: 'X' }, headers: { 'idempotency-key': 'x'.repeat(256) } });
      expect(key.response.status).toBe(400);
      expect(key.error!['errors']).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
      const etag = await call(updateContact, { path: { id: randomUUID() }, body: { title: 'X' }, headers: { 'if-match': 'not an etag' } });
      expect(etag.response.status).toBe(400);
      expect(etag.error!['errors']).toEqual([expect.objectContaining({ field: 'If-Match' })]);
      const id = await call(updateContact, { path: { id: 'nope' }, body: { title: 'X' } });
      expect(id.response.status).toBe(400);
    });
  });

  describe('accounts, leads and opportunities', () => {
    it('round-trips an account with every writable field, then deletes it', async () => {
      const currency = currencies[0];
      const body = {
        name: 'Contoso Pharma',
        description: 'Pharmaceuticals',
        industry: 1,
        website: 'https://pharma.example',
        number_of_employees: 1200,
        annual_revenue: 5000000,
        currency: currency.code,
        email_addresses: [{ email: 'info@pharma.example', type: 'primary' }],
        phone_numbers: [
          { number: '+1 555 0100', type: 'work' },
          { number: '+1 555 0101', type: 'other' },
          { number: '+1 555 0102', type: 'other' },
          { number: '+1 555 0103', type: 'fax' },
        ],
        addresses: [{ street_1: '1 Main St', street_2: 'Suite 2', city: 'Redmond', state: 'WA', postal_code: '98052', country: 'US', type: 'secondary' }],
        owner: { id: owner },
        status: 'inactive',
      };
      const created = await call(createAccount, { body });
      expect(created.error).toBeUndefined();
      expect(created.response.status).toBe(201);
      const { industry, ...rest } = body;
      expect(created.data!.result).toMatchObject({ ...rest, industry: { value: industry, label: expect.any(String) } });
      const id = created.data!.result['id'] as string;
      const child = await call(createAccount, { body: { name: 'Subsidiary', parent_account: { id }, primary_contact: null } });
      expect(child.data!.result).toMatchObject({ parent_account: { id } });
      const cleared = await call(updateAccount, { path: { id: child.data!.result['id'] as string }, body: { parent_account: null, industry: null, currency: null } });
      expect(cleared.data!.result).toMatchObject({ parent_account: null, industry: null, currency: null });
      expect((await call(getAccount, { path: { id } })).data!.result).toEqual(created.data!.result);
      expect((await call(deleteAccount, { path: { id } })).response.status).toBe(200);
      expect((await call(getAccount, { path: { id } })).response.status).toBe(404);
    });

    it('round-trips a lead, disqualifies it with a reason, then deletes it', async () => {
      const contact = (await call(createContact, { body: { last_name: 'Lead contact' } })).data!.result['id'] as string;
      const body = {
        first_name: 'Grace',
        last_name: 'Hopper',
        subject: 'Compilers',
        title: 'Rear Admiral',
        company_name: 'Navy',
        email_addresses: [{ email: 'grace@example.com', type: 'primary' }],
        phone_numbers: [{ number: '+1 555 0199', type: 'home' }],
        addresses: [],
        website: 'https://navy.example',
        lead_source: { value: 2 },
        estimated_amount: 25000,
        currency: currencies[0].code,
        contact: { id: contact },
        owner: { id: owner },
        description: 'COBOL',
      };
      const created = await call(createLead, { body });
      expect(created.error).toBeUndefined();
      expect(created.response.status).toBe(201);
      expect(created.data!.result).toMatchObject({ ...body, name: 'Grace Hopper', lead_source: { value: 2 }, status: 'open' });
      const id = created.data!.result['id'] as string;
      const disqualified = await call(updateLead, { path: { id }, body: { status: 'disqualified', status_reason: 5, contact: null } });
      expect(disqualified.data!.result).toMatchObject({ status: 'disqualified', status_reason: { value: 5 }, contact: null });
      expect((await call(getLead, { path: { id } })).data!.result).toEqual(disqualified.data!.result);
      expect((await call(deleteLead, { path: { id } })).response.status).toBe(200);
      expect((await call(getLead, { path: { id } })).response.status).toBe(404);
    });

    it('round-trips an opportunity with a typed customer, changes the customer\'s kind, then deletes it', async () => {
      const customerAccount = (await call(createAccount, { body: { name: 'Buyer' } })).data!.result['id'] as string;
      const customerContact = (await call(createContact, { body: { last_name: 'Buyer' } })).data!.result['id'] as string;
      const body = {
        name: 'Big deal',
        description: 'Multi-year',
        amount: 99000.5,
        currency: currencies[0].code,
        probability: 40,
        close_date: '2027-06-30',
        stage: 'Propose',
        account: { id: customerAccount },
        contact: { id: customerContact },
        customer: { id: customerAccount, type: 'account' },
        owner: { id: owner },
      };
      const created = await call(createOpportunity, { body });
      expect(created.error).toBeUndefined();
      expect(created.response.status).toBe(201);
      expect(created.data!.result).toMatchObject({ ...body, status: 'open' });
      const id = created.data!.result['id'] as string;
      const updated = await call(updateOpportunity, { path: { id }, body: { customer: { id: customerContact, type: 'contact' }, account: null, probability: 70 } });
      expect(updated.data!.result).toMatchObject({ customer: { id: customerContact, type: 'contact' }, account: null, probability: 70 });
      const won = await call(updateOpportunity, { path: { id }, body: { status: 'won' } });
      expect(won.response.status).toBe(400);
      expect((await call(getOpportunity, { path: { id } })).data!.result).toEqual(updated.data!.result);
      expect((await call(deleteOpportunity, { path: { id } })).response.status).toBe(200);
    });

    it('binds originating_lead through the org’s navigation property; a lead that does not exist answers 422 with remote', async () => {
      const lead = await call(createLead, { body: { last_name: 'Origin' } });
      const leadId = lead.data!.result['id'] as string;
      const created = await call(createOpportunity, { body: { name: 'From a lead', originating_lead: { id: leadId } } });
      expect(created.response.status).toBe(201);
      expect(created.data!.result).toMatchObject({ originating_lead: { id: leadId } });
      const missing = await call(createOpportunity, { body: { name: 'From no lead', originating_lead: { id: randomUUID() } } });
      expect(missing.response.status).toBe(422);
      expect(missing.error).toMatchObject({ code: 'UPSTREAM_REJECTED', remote: { status: 404 } });
    });
  });

  describe('Idempotency-Key', () => {
    it('20 concurrent POSTs with one key create one record; every answer is the first result or 409', async () => {
      const key = `concurrent-${randomUUID()}`;
      const marker = `Idem ${randomUUID().slice(0, 8)}`;
      const answers = await Promise.all(Array.from({ length: 20 }, () => call(createContact, { body: { last_name: marker }, headers: { 'idempotency-key': key } })));
      const created = answers.filter((answer) => answer.response.status === 201);
      const busy = answers.filter((answer) => answer.response.status === 409);
      expect(created.length + busy.length).toBe(20);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const answer of busy) expect(answer.error).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
      const first = created[0].data!.result;
      for (const answer of created) expect(answer.data!.result).toEqual(first);
      const rows = (await direct('GET', `contacts?$select=contactid&$filter=lastname eq '${marker}'`)).body['value'] as Row[];
      expect(rows.map((row) => row['contactid'])).toEqual([first['id']]);

      const replay = await fetch(`${stack.gatewayUrl}/unified/crm/contacts?integrated_account_id=${account}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ last_name: marker }),
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(JSON.parse(await replay.text())).toEqual({ result: first });

      const reused = await call(createContact, { body: { last_name: `${marker} else` }, headers: { 'idempotency-key': key } });
      expect(reused.response.status).toBe(422);
      expect(reused.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('completes a create whose answer was lost when crm-service died, without a duplicate', async () => {
      const key = `crash-${randomUUID()}`;
      const marker = `Crash ${randomUUID().slice(0, 8)}`;
      const rowsOf = async () => (await direct('GET', `contacts?$select=contactid&$filter=lastname eq '${marker}'`)).body['value'] as Row[];
      // Dataverse takes 2 s to answer; crm-service dies while it is waiting, and the write still lands.
      await stack.emulator!.faults({ org: ORG, latency_ms: 2000, duration_seconds: 3 });
      const first = call(createContact, { body: { last_name: marker }, headers: { 'idempotency-key': key } });
      await sleep(1000);
      const [crm] = stack.services('crm-service');
      crm.kill('SIGKILL');
      await sleep(2500);
      await stack.emulator!.clearFaults();
      expect((await rowsOf()).length).toBe(1);
      const lost = await first;
      expect([503, 504]).toContain(lost.response.status);

      await stack.startService('crm-service');
      await sleep(LEASE_MS);
      const retry = await call(createContact, { body: { last_name: marker }, headers: { 'idempotency-key': key } });
      expect(retry.response.status).toBe(201);
      const rows = await rowsOf();
      expect(rows).toHaveLength(1);
      expect(retry.data!.result).toMatchObject({ id: rows[0]['contactid'], last_name: marker });
      const again = await call(createContact, { body: { last_name: marker }, headers: { 'idempotency-key': key } });
      expect(again.response.headers.get('idempotent-replayed')).toBe('true');
      expect(await rowsOf()).toHaveLength(1);
    }, 60_000);
  });
});
