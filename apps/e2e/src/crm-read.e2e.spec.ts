import {
  createApiClient,
  getAccount,
  getContact,
  getField,
  listAccounts,
  listContacts,
  listCrmUsers,
  listFields,
  listLeads,
  listOpportunities,
} from '@dua/sdk';
import { Stack, connectAppOnly, startStack } from '@dua/testing';

type Row = Record<string, unknown>;
type Query = Record<string, unknown>;

/** The SDK's list functions share one shape; this is the part the tests use. */
type Lister = (options: { client: ReturnType<typeof createApiClient>; query: never; throwOnError: true }) => Promise<{ data: { result: Row[]; next_cursor: string | null; result_count: number; total_count?: number } }>;

const RESOURCES: { name: string; entitySet: string; key: string; list: Lister }[] = [
  { name: 'contacts', entitySet: 'contacts', key: 'contactid', list: listContacts as unknown as Lister },
  { name: 'accounts', entitySet: 'accounts', key: 'accountid', list: listAccounts as unknown as Lister },
  { name: 'leads', entitySet: 'leads', key: 'leadid', list: listLeads as unknown as Lister },
  { name: 'opportunities', entitySet: 'opportunities', key: 'opportunityid', list: listOpportunities as unknown as Lister },
  { name: 'users', entitySet: 'systemusers', key: 'systemuserid', list: listCrmUsers as unknown as Lister },
];

describe('Unified CRM reads through the gateway', () => {
  let stack: Stack;
  let apiKey: string;
  let otherApiKey: string;
  let contoso: string;
  let fabrikam: string;

  const api = (key = apiKey) => createApiClient({ baseUrl: stack.gatewayUrl, apiKey: key });

  /** Every row of an entity set, straight from the emulator (the ground truth). */
  async function direct(org: string, path: string): Promise<Row[]> {
    const token = await stack.emulator!.token(org);
    const rows: Row[] = [];
    let url: string | undefined = `${stack.emulator!.environmentUrl(org)}/api/data/v9.2/${path}`;
    while (url) {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, prefer: 'odata.include-annotations="*"' } });
      if (!response.ok) throw new Error(`direct ${path}: ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { value: Row[]; '@odata.nextLink'?: string };
      rows.push(...body.value);
      url = body['@odata.nextLink'];
    }
    return rows;
  }

  async function directRequest(org: string, method: string, path: string, body?: unknown): Promise<Response> {
    const token = await stack.emulator!.token(org);
    return fetch(`${stack.emulator!.environmentUrl(org)}/api/data/v9.2/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'return=representation' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Every page of a unified list, following next_cursor. */
  async function readAll(list: Lister, query: Query, key = apiKey): Promise<{ rows: Row[]; pages: number; total?: number }> {
    const rows: Row[] = [];
    let cursor: string | undefined;
    let pages = 0;
    let total: number | undefined;
    do {
      const { data } = await list({ client: api(key), query: { ...query, ...(cursor ? { next_cursor: cursor } : {}) } as never, throwOnError: true });
      expect(data.result_count).toBe(data.result.length);
      rows.push(...data.result);
      total ??= data.total_count;
      cursor = data.next_cursor ?? undefined;
      pages++;
    } while (cursor);
    return { rows, pages, total };
  }

  async function get(path: string, key = apiKey): Promise<{ status: number; body: Row; headers: Headers }> {
    const response = await fetch(`${stack.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as Row, headers: response.headers };
  }

  beforeAll(async () => {
    stack = await startStack({
      emulator: { EMULATOR_ORGS: 'contoso,fabrikam', EMULATOR_SEED_CONTACTS: '230', EMULATOR_SEED_LEADS: '60', EMULATOR_SEED_OPPORTUNITIES: '70' },
      // A small retry budget, so a throttled Dataverse surfaces quickly.
      env: { API_KEY_CACHE_TTL_MS: '0', DATAVERSE_RETRY_BUDGET_MS: '1500', DATAVERSE_MAX_ATTEMPTS: '4' },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'CRM reads'));
    ({ api_key: otherApiKey } = await stack.admin('create-environment', 'Someone else'));
    contoso = await connectAppOnly(stack, apiKey, 'contoso');
    fabrikam = await connectAppOnly(stack, apiKey, 'fabrikam');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(RESOURCES.map((resource) => [resource.name, resource] as const))('reads every %s row the emulator holds, page by page', async (_, resource) => {
    const expected = await direct('contoso', `${resource.entitySet}?$select=${resource.key}`);
    const { rows, pages, total } = await readAll(resource.list, { integrated_account_id: contoso, limit: 25, include_total: true });
    expect(rows.map((row) => row['id']).sort()).toEqual(expected.map((row) => row[resource.key]).sort());
    expect(new Set(rows.map((row) => row['id'])).size).toBe(rows.length);
    expect(pages).toBe(Math.max(1, Math.ceil(expected.length / 25)));
    expect(total).toBe(expected.length);
    for (const row of rows) expect(row).toEqual(expect.objectContaining({ created_at: expect.any(String), etag: expect.stringMatching(/^W\/"/), custom_fields: expect.any(Object) }));
  });

  it('maps the documented contact fields, custom columns included', async () => {
    const raw = await direct('contoso', 'contacts');
    const { rows } = await readAll(listContacts as unknown as Lister, { integrated_account_id: contoso, limit: 500 });
    const byId = new Map(rows.map((row) => [row['id'], row]));
    for (const source of raw) {
      const contact = byId.get(source['contactid'])!;
      expect(contact).toMatchObject({
        first_name: source['firstname'],
        last_name: source['lastname'],
        name: source['fullname'],
        title: source['jobtitle'],
        status: source['statecode'] === 0 ? 'active' : 'inactive',
        owner: { id: source['_ownerid_value'] },
        updated_at: source['modifiedon'],
        etag: source['@odata.etag'],
      });
      const parentType = source['_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname'];
      expect(contact['account']).toEqual(parentType === 'account' ? { id: source['_parentcustomerid_value'] } : null);
      const emails = contact['email_addresses'] as { email: string; type: string }[];
      expect(emails[0]?.email ?? null).toBe(source['emailaddress1']);
      const channel = source['new_preferredchannel'];
      expect((contact['custom_fields'] as Row)['new_preferredchannel']).toEqual(
        channel === null ? null : { value: channel, label: source['new_preferredchannel@OData.Community.Display.V1.FormattedValue'] },
      );
    }
  });

  it('maps the documented lead, opportunity and user fields', async () => {
    const label = (row: Row, column: string) => row[`${column}@OData.Community.Display.V1.FormattedValue`];
    const leads = new Map((await readAll(listLeads as unknown as Lister, { integrated_account_id: contoso, limit: 5000 })).rows.map((row) => [row['id'], row]));
    for (const source of await direct('contoso', 'leads')) {
      expect(leads.get(source['leadid'])).toMatchObject({
        name: source['fullname'],
        subject: source['subject'],
        company_name: source['companyname'],
        status: ['open', 'qualified', 'disqualified'][source['statecode'] as number],
        status_reason: { value: source['statuscode'], label: label(source, 'statuscode') },
        lead_source: source['leadsourcecode'] === null ? null : { value: source['leadsourcecode'], label: label(source, 'leadsourcecode') },
        estimated_amount: source['estimatedamount'],
      });
    }
    const opportunities = new Map((await readAll(listOpportunities as unknown as Lister, { integrated_account_id: contoso, limit: 5000 })).rows.map((row) => [row['id'], row]));
    for (const source of await direct('contoso', 'opportunities')) {
      expect(opportunities.get(source['opportunityid'])).toMatchObject({
        name: source['name'],
        amount: source['estimatedvalue'],
        probability: source['closeprobability'],
        close_date: source['estimatedclosedate'],
        stage: source['stepname'],
        status: ['open', 'won', 'lost'][source['statecode'] as number],
        customer: source['_customerid_value'] === null ? null : { id: source['_customerid_value'], type: source['_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname'] },
      });
    }
    const users = new Map((await readAll(listCrmUsers as unknown as Lister, { integrated_account_id: contoso })).rows.map((row) => [row['id'], row]));
    for (const source of await direct('contoso', 'systemusers')) {
      expect(users.get(source['systemuserid'])).toMatchObject({ name: source['fullname'], email: source['internalemailaddress'], is_active: source['isdisabled'] !== true });
    }
  });

  it('gives a contact whose parent customer is a contact no account', async () => {
    const [parent] = await direct('contoso', 'contacts?$select=contactid&$top=1');
    const created = await directRequest('contoso', 'POST', 'contacts?$select=contactid', {
      lastname: 'Child',
      'parentcustomerid_contact@odata.bind': `/contacts(${parent['contactid']})`,
    });
    const id = ((await created.json()) as Row)['contactid'] as string;
    const { data } = await getContact({ client: api(), path: { id }, query: { integrated_account_id: contoso, include_remote_data: true }, throwOnError: true });
    expect(data.result.account).toBeNull();
    expect((data.result.remote_data as Row)['_parentcustomerid_value']).toBe(parent['contactid']);
  });

  it('gets one account with its industry, revenue and currency code, and its raw row on request', async () => {
    const [source] = await direct('contoso', 'accounts?$filter=revenue ne null and industrycode ne null&$top=1');
    const { data } = await getAccount({ client: api(), path: { id: source['accountid'] as string }, query: { integrated_account_id: contoso, include_remote_data: true }, throwOnError: true });
    expect(data.result).toMatchObject({
      id: source['accountid'],
      name: source['name'],
      annual_revenue: source['revenue'],
      currency: 'USD',
      industry: { value: source['industrycode'], label: source['industrycode@OData.Community.Display.V1.FormattedValue'] },
    });
    expect((data.result.remote_data as Row)['accountid']).toBe(source['accountid']);
  });

  it('filters contacts by account and by email, matching quotes and OData syntax literally', async () => {
    const [anyContact] = await direct('contoso', `contacts?$filter=_parentcustomerid_value ne null&$top=1`);
    const accountId = anyContact['_parentcustomerid_value'] as string;
    const expected = await direct('contoso', `contacts?$select=contactid&$filter=_parentcustomerid_value eq ${accountId}`);
    const byAccount = await readAll(listContacts as unknown as Lister, { integrated_account_id: contoso, account_id: accountId });
    expect(byAccount.rows.map((row) => row['id']).sort()).toEqual(expected.map((row) => row['contactid']).sort());

    const tricky = "o'neil' or emailaddress1 ne 'x@example.com";
    const created = await directRequest('contoso', 'POST', 'contacts?$select=contactid', { lastname: "O'Neil", emailaddress1: tricky });
    const createdId = ((await created.json()) as Row)['contactid'];
    const byEmail = await readAll(listContacts as unknown as Lister, { integrated_account_id: contoso, email: tricky });
    expect(byEmail.rows.map((row) => row['id'])).toEqual([createdId]);
    const injected = await readAll(listLeads as unknown as Lister, { integrated_account_id: contoso, email: "x' or 1 eq 1 or emailaddress1 eq '" });
    expect(injected.rows).toEqual([]);
  });

  it('filters leads by status and opportunities by status and stage', async () => {
    const qualified = await direct('contoso', 'leads?$select=leadid&$filter=statecode eq 1');
    const leads = await readAll(listLeads as unknown as Lister, { integrated_account_id: contoso, status: 'qualified' });
    expect(leads.rows.map((row) => row['id']).sort()).toEqual(qualified.map((row) => row['leadid']).sort());
    for (const lead of leads.rows) expect(lead['status']).toBe('qualified');

    const [sample] = await direct('contoso', 'opportunities?$filter=statecode eq 0 and stepname ne null&$top=1');
    const stage = sample['stepname'] as string;
    const expected = await direct('contoso', `opportunities?$select=opportunityid&$filter=statecode eq 0 and stepname eq '${stage.replace(/'/g, "''")}'`);
    const opportunities = await readAll(listOpportunities as unknown as Lister, { integrated_account_id: contoso, status: 'open', stage });
    expect(opportunities.rows.map((row) => row['id']).sort()).toEqual(expected.map((row) => row['opportunityid']).sort());
    for (const opportunity of opportunities.rows) expect(opportunity).toMatchObject({ status: 'open', stage, currency: 'USD' });
  });

  it('describes fields from metadata, custom ones with options and lookup targets', async () => {
    const { rows } = await readAll(listFields as unknown as Lister, { integrated_account_id: contoso, entity: 'contact', limit: 20 });
    const byName = new Map(rows.map((row) => [row['name'], row]));
    expect(byName.get('new_preferredchannel')).toMatchObject({ id: 'contact.new_preferredchannel', entity: 'contact', type: 'enum', is_custom: true });
    expect((byName.get('new_preferredchannel')!['options'] as unknown[]).length).toBeGreaterThan(0);
    expect(byName.get('parentcustomerid')).toMatchObject({ type: 'reference', references: ['account', 'contact'], is_custom: false });
    expect(byName.get('lastname')).toMatchObject({ type: 'string', is_required: true, max_length: 50 });
    expect(byName.get('birthdate')).toMatchObject({ type: 'date' });
    const { data } = await getField({ client: api(), path: { id: 'opportunity.estimatedvalue' }, query: { integrated_account_id: contoso }, throwOnError: true });
    expect(data.result).toMatchObject({ entity: 'opportunity', name: 'estimatedvalue', type: 'currency' });
    expect((await get(`/unified/crm/fields/contact.nosuchcolumn?integrated_account_id=${contoso}`)).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('keeps each integrated account to its own org, and another environment sees nothing', async () => {
    const fabrikamContacts = await direct('fabrikam', 'contacts?$select=contactid');
    const { rows } = await readAll(listContacts as unknown as Lister, { integrated_account_id: fabrikam, limit: 5000 });
    expect(rows.map((row) => row['id']).sort()).toEqual(fabrikamContacts.map((row) => row['contactid']).sort());

    const [contosoContact] = await direct('contoso', 'contacts?$select=contactid&$top=1');
    expect((await get(`/unified/crm/contacts/${contosoContact['contactid']}?integrated_account_id=${fabrikam}`)).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await get(`/unified/crm/contacts?integrated_account_id=${contoso}`, otherApiKey)).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await get(`/unified/crm/contacts/${contosoContact['contactid']}?integrated_account_id=${contoso}`, otherApiKey)).status).toBe(404);
  });

  it('refuses a tampered cursor and one reused with another account or other filters', async () => {
    const { data } = await listContacts({ client: api(), query: { integrated_account_id: contoso, limit: 10 }, throwOnError: true });
    const cursor = data.next_cursor!;
    const tampered = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;
    const cases = [
      `integrated_account_id=${contoso}&next_cursor=${encodeURIComponent(tampered)}`,
      `integrated_account_id=${fabrikam}&next_cursor=${encodeURIComponent(cursor)}`,
      `integrated_account_id=${contoso}&updated_after=2020-01-01T00:00:00Z&next_cursor=${encodeURIComponent(cursor)}`,
    ];
    for (const query of cases) expect((await get(`/unified/crm/contacts?${query}`)).body).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
    expect((await get(`/unified/crm/accounts?integrated_account_id=${contoso}&next_cursor=${encodeURIComponent(cursor)}`)).body).toMatchObject({ code: 'INVALID_CURSOR' });
    // The same cursor with the same query keeps working.
    expect((await get(`/unified/crm/contacts?integrated_account_id=${contoso}&limit=10&next_cursor=${encodeURIComponent(cursor)}`)).status).toBe(200);
  });

  it('answers 404 NOT_FOUND for a deleted record', async () => {
    const created = await directRequest('contoso', 'POST', 'contacts?$select=contactid', { lastname: 'Short-lived' });
    const id = ((await created.json()) as Row)['contactid'] as string;
    const { data } = await getContact({ client: api(), path: { id }, query: { integrated_account_id: contoso }, throwOnError: true });
    expect(data.result).toMatchObject({ id, last_name: 'Short-lived', status: 'active' });
    expect((await directRequest('contoso', 'DELETE', `contacts(${id})`)).status).toBe(204);
    expect((await get(`/unified/crm/contacts/${id}?integrated_account_id=${contoso}`)).body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('surfaces a throttled Dataverse as RATE_LIMITED with Retry-After once the retry budget is spent, and a failing one as UPSTREAM_UNAVAILABLE', async () => {
    await get(`/unified/crm/accounts?integrated_account_id=${contoso}&limit=1`); // metadata and currencies cached
    await stack.emulator!.resetStats();
    await stack.emulator!.faults({ org: 'contoso', throttle_seconds: 1, duration_seconds: 4 });
    try {
      const throttled = await get(`/unified/crm/accounts?integrated_account_id=${contoso}&limit=1`);
      expect(throttled.status).toBe(429);
      expect(throttled.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Retried within the budget before giving up.
      expect((await stack.emulator!.stats()).requests.by_status['429']).toBeGreaterThanOrEqual(2);
    } finally {
      await stack.emulator!.clearFaults();
    }
    await stack.emulator!.faults({ org: 'contoso', error_status: 503, error_rate: 1, duration_seconds: 10 });
    try {
      const failing = await get(`/unified/crm/accounts?integrated_account_id=${contoso}&limit=1`);
      expect(failing.status).toBe(502);
      expect(failing.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    } finally {
      await stack.emulator!.clearFaults();
    }
    expect((await get(`/unified/crm/accounts?integrated_account_id=${contoso}&limit=1`)).status).toBe(200);
  });

  it('never logs a token', () => {
    expect(stack.logs.join('\n')).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
  });

  it('validates list parameters', async () => {
    const bad = await get(`/unified/crm/contacts?integrated_account_id=${contoso}&limit=0&updated_after=yesterday&sort_by=size`);
    expect(bad.status).toBe(400);
    expect((bad.body['errors'] as { field: string }[]).map((error) => error.field).sort()).toEqual(['limit', 'sort_by', 'updated_after']);
    expect((await get('/unified/crm/contacts')).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const sorted = await readAll(listAccounts as unknown as Lister, { integrated_account_id: contoso, sort_by: 'name', order: 'desc', limit: 50 });
    const names = sorted.rows.map((row) => String(row['name'] ?? ''));
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a, 'en', { sensitivity: 'base' })));
  });
});
