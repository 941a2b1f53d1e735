import {
  bulkWrite,
  createApiClient,
  createContact,
  createEngagement,
  createLead,
  createNote,
  createOpportunity,
  deleteEngagement,
  getEngagement,
  getNoteAttachment,
  loseOpportunity,
  qualifyLead,
  updateEngagement,
  updateNote,
  winOpportunity,
} from '@dua/sdk';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { connectAppOnly, Stack, startStack } from '@dua/testing';

type Row = Record<string, unknown>;
type Client = ReturnType<typeof createApiClient>;
type Sdk = (options: { client: Client; query: { integrated_account_id: string }; path?: { id: string } | { resource: string }; body?: unknown; headers?: Record<string, string>; parseAs?: string }) => Promise<{
  data?: { result: Row } & Row;
  error?: Row;
  response: Response;
}>;

const ORG = 'contoso';

/**
 * Issue 14 through the generated SDK: engagements with participants as activity parties, notes with attachments
 * under the org's upload limit, lead qualification and opportunity close, each checked against the emulator's rows
 * and request counters.
 */
describe('Unified CRM writes, part two, through the gateway', () => {
  let stack: Stack;
  let account: string;
  let client: Client;
  let user: string;

  const query = () => ({ integrated_account_id: account });
  const call = (fn: unknown, options: { path?: { id: string } | { resource: string }; body?: unknown; headers?: Record<string, string>; parseAs?: string } = {}) => (fn as Sdk)({ client, query: query(), ...options });
  const created = async (fn: unknown, body: unknown): Promise<string> => {
    const answer = await call(fn, { body });
    expect(answer.error).toBeUndefined();
    return answer.data!.result['id'] as string;
  };

  async function direct(method: string, path: string, body?: unknown): Promise<{ status: number; body: Row }> {
    const token = await stack.emulator!.token(ORG);
    const response = await fetch(`${stack.emulator!.environmentUrl(ORG)}/api/data/v9.2/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'odata.include-annotations="*"' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Row) : {} };
  }

  /** Requests the emulator saw to these entity sets (and actions): bad input must leave them unchanged. */
  async function requestsTo(...sets: string[]): Promise<number> {
    const seen = (await stack.emulator!.stats()).requests.by_entity_set;
    return sets.reduce((sum, set) => sum + (seen[set] ?? 0), 0);
  }

  const count = async (set: string, filter?: string) =>
    (((await direct('GET', `${set}?$apply=${filter ? `filter(${filter})/` : ''}aggregate($count as n)`)).body['value'] as Row[])[0]['n']) as number;

  /** The activity's parties as the emulator keeps them: [mask, party id or address], sorted. */
  async function partiesOf(id: string): Promise<[number, string][]> {
    const rows = (await direct('GET', `activityparties?$select=participationtypemask,_partyid_value,addressused&$filter=_activityid_value eq ${id}`)).body['value'] as Row[];
    return rows.map((row) => [row['participationtypemask'] as number, (row['_partyid_value'] ?? row['addressused']) as string] as [number, string]).sort();
  }

  beforeAll(async () => {
    stack = await startStack({
      emulator: { EMULATOR_ORGS: ORG, EMULATOR_SEED_CONTACTS: '20', EMULATOR_SEED_ACCOUNTS: '10', EMULATOR_SEED_LEADS: '10', EMULATOR_SEED_OPPORTUNITIES: '10' },
      env: { API_KEY_CACHE_TTL_MS: '0', RPC_TIMEOUT_MS: '15000' },
    });
    const { api_key: apiKey } = await stack.admin('create-environment', 'CRM writes, part two');
    account = await connectAppOnly(stack, apiKey, ORG);
    client = createApiClient({ baseUrl: stack.gatewayUrl, apiKey });
    user = ((await direct('GET', 'systemusers?$select=systemuserid&$top=1')).body['value'] as Row[])[0]['systemuserid'] as string;
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  describe('engagements', () => {
    let contact: string;
    let other: string;
    let opportunity: string;

    beforeAll(async () => {
      contact = await created(createContact, { last_name: 'Caller', email_addresses: [{ email: 'caller@example.com', type: 'primary' }] });
      other = await created(createContact, { last_name: 'Other' });
      opportunity = await created(createOpportunity, { name: 'Big deal' });
    });

    it('logs a call against an opportunity with a contact and a user; replacing participants leaves no stale party', async () => {
      const body = {
        type: 'call',
        subject: 'Discovery call',
        content: 'Talked budget',
        direction: 'outbound',
        status: 'completed',
        start_time: '2026-11-02T10:00:00Z',
        end_time: '2026-11-02T10:30:00Z',
        duration_minutes: 30,
        priority: 'high',
        phone_number: '+1 555 0100',
        related_to: { type: 'opportunity', id: opportunity },
        participants: [
          { role: 'from', type: 'user', id: user },
          { role: 'to', type: 'contact', id: contact },
        ],
      };
      const answer = await call(createEngagement, { body });
      expect(answer.error).toBeUndefined();
      expect(answer.response.status).toBe(201);
      const call1 = answer.data!.result;
      expect(call1).toMatchObject({
        type: 'call',
        subject: 'Discovery call',
        content: 'Talked budget',
        direction: 'outbound',
        status: 'completed',
        duration_minutes: 30,
        priority: 'high',
        phone_number: '+1 555 0100',
        related_to: { type: 'opportunity', id: opportunity },
      });
      expect(call1['participants']).toEqual([
        expect.objectContaining({ role: 'from', type: 'user', id: user }),
        expect.objectContaining({ role: 'to', type: 'contact', id: contact }),
      ]);
      const id = call1['id'] as string;
      expect(await partiesOf(id)).toEqual([[1, user], [2, contact]].sort());
      const row = (await direct('GET', `phonecalls(${id})?$select=_regardingobjectid_value,statecode,statuscode,directioncode`)).body;
      expect(row).toMatchObject({ _regardingobjectid_value: opportunity, statecode: 1, statuscode: 2, directioncode: true });

      const replaced = await call(updateEngagement, { path: { id }, body: { participants: [{ role: 'to', type: 'contact', id: other }] } });
      expect(replaced.error).toBeUndefined();
      expect(replaced.data!.result['participants']).toEqual([expect.objectContaining({ role: 'to', type: 'contact', id: other })]);
      expect(await partiesOf(id)).toEqual([[2, other]]);

      const untouched = await call(updateEngagement, { path: { id }, body: { subject: 'Discovery call (2)' } });
      expect(untouched.data!.result).toMatchObject({ subject: 'Discovery call (2)', participants: [expect.objectContaining({ id: other })] });
      expect(await partiesOf(id)).toEqual([[2, other]]);

      const read = await call(getEngagement, { path: { id } });
      expect(read.data!.result).toMatchObject({ subject: 'Discovery call (2)', related_to: { type: 'opportunity', id: opportunity } });
    });

    it('writes an email (from/to/cc/bcc with a bare address), a meeting (organizer/required/optional) and a task', async () => {
      const email = await call(createEngagement, {
        body: {
          type: 'email',
          subject: 'Proposal',
          direction: 'outbound',
          related_to: { type: 'contact', id: contact },
          participants: [
            { role: 'from', type: 'user', id: user },
            { role: 'to', type: 'contact', id: contact },
            { role: 'cc', type: 'email_address', email: 'someone@elsewhere.example' },
            { role: 'bcc', type: 'contact', id: other },
          ],
        },
      });
      expect(email.error).toBeUndefined();
      const emailId = email.data!.result['id'] as string;
      expect(email.data!.result['participants']).toEqual([
        expect.objectContaining({ role: 'from', type: 'user', id: user }),
        expect.objectContaining({ role: 'to', type: 'contact', id: contact }),
        expect.objectContaining({ role: 'cc', type: 'email_address', email: 'someone@elsewhere.example' }),
        expect.objectContaining({ role: 'bcc', type: 'contact', id: other }),
      ]);
      expect(await partiesOf(emailId)).toEqual([[1, user], [2, contact], [3, 'someone@elsewhere.example'], [4, other]].sort());
      await call(updateEngagement, { path: { id: emailId }, body: { participants: [{ role: 'from', type: 'user', id: user }, { role: 'to', type: 'contact', id: other }] } });
      expect(await partiesOf(emailId)).toEqual([[1, user], [2, other]].sort());

      const meeting = await call(createEngagement, {
        body: {
          type: 'meeting',
          subject: 'Demo',
          location: 'Room 1',
          status: 'scheduled',
          start_time: '2026-12-01T15:00:00Z',
          end_time: '2026-12-01T16:00:00Z',
          participants: [
            { role: 'organizer', type: 'user', id: user },
            { role: 'required', type: 'contact', id: contact },
            { role: 'optional', type: 'contact', id: other },
          ],
        },
      });
      expect(meeting.error).toBeUndefined();
      expect(meeting.data!.result).toMatchObject({ type: 'meeting', location: 'Room 1', status: 'scheduled', start_time: '2026-12-01T15:00:00Z', end_time: '2026-12-01T16:00:00Z' });
      const meetingId = meeting.data!.result['id'] as string;
      expect(await partiesOf(meetingId)).toEqual([[5, contact], [6, other], [7, user]].sort());
      await call(updateEngagement, { path: { id: meetingId }, body: { participants: [{ role: 'organizer', type: 'user', id: user }] } });
      expect(await partiesOf(meetingId)).toEqual([[7, user]]);

      const task = await call(createEngagement, { body: { type: 'task', subject: 'Send contract', end_time: '2026-12-05T09:00:00Z', related_to: { type: 'opportunity', id: opportunity } } });
      expect(task.error).toBeUndefined();
      expect(task.data!.result).toMatchObject({ type: 'task', status: 'open', end_time: '2026-12-05T09:00:00Z', participants: [] });
      const done = await call(updateEngagement, { path: { id: task.data!.result['id'] as string }, body: { status: 'completed' } });
      expect(done.data!.result['status']).toBe('completed');
      const deleted = await call(deleteEngagement, { path: { id: task.data!.result['id'] as string } });
      expect(deleted.response.status).toBe(200);
      expect((await call(getEngagement, { path: { id: task.data!.result['id'] as string } })).response.status).toBe(404);
    });

    it('refuses bad input with a 4xx naming it, and writes nothing', async () => {
      const writeSets = ['phonecalls', 'emails', 'appointments', 'tasks', 'activityparties', '$batch'];
      const before = await requestsTo(...writeSets);
      const cases: [unknown, number, string][] = [
        [{ type: 'call', subject: 'x', participants: [{ role: 'to', type: 'robot', id: contact }] }, 400, 'participants.0.type'],
        [{ type: 'task', subject: 'x', participants: [{ role: 'to', type: 'contact', id: contact }] }, 400, 'participants'],
        [{ type: 'call', subject: 'x', participants: [{ role: 'organizer', type: 'contact', id: contact }] }, 400, 'participants.0.role'],
        [{ type: 'meeting', subject: 'x', direction: 'inbound' }, 400, 'direction'],
        [{ type: 'call' }, 400, 'subject'],
        [{ type: 'call', subject: 'x', related_to: { type: 'planet', id: contact } }, 400, 'related_to.type'],
        [{ type: 'fax', subject: 'x' }, 400, 'type'],
      ];
      for (const [body, status, field] of cases) {
        const answer = await call(createEngagement, { body });
        expect({ body, status: answer.response.status }).toEqual({ body, status });
        expect(JSON.stringify(answer.error)).toContain(field);
      }
      expect(await requestsTo(...writeSets)).toBe(before);
    });
  });

  describe('notes', () => {
    let lead: string;
    afterAll(() => stack.emulator!.settings({ max_upload_file_size: 5_242_880 }));

    beforeAll(async () => {
      lead = await created(createLead, { last_name: 'Noted', company_name: 'Notes Inc' });
    });

    it('round-trips a 1 MB attachment byte for byte, streamed with its type and name', async () => {
      const file = randomBytes(1024 * 1024);
      const answer = await call(createNote, {
        body: { title: 'Contract', content: 'Signed copy', related_to: { type: 'lead', id: lead }, attachment: { file_name: 'contract ünï.pdf', mime_type: 'application/pdf', content_base64: file.toString('base64') } },
      });
      expect(answer.error).toBeUndefined();
      expect(answer.response.status).toBe(201);
      expect(answer.data!.result).toMatchObject({ title: 'Contract', has_attachment: true, file_name: 'contract ünï.pdf', mime_type: 'application/pdf', file_size: file.length, related_to: { type: 'lead', id: lead } });
      const id = answer.data!.result['id'] as string;
      const download = await call(getNoteAttachment, { path: { id }, parseAs: 'arrayBuffer' });
      expect(download.response.status).toBe(200);
      expect(download.response.headers.get('content-type')).toBe('application/pdf');
      expect(download.response.headers.get('content-length')).toBe(String(file.length));
      expect(download.response.headers.get('content-disposition')).toBe(`attachment; filename="contract _n_.pdf"; filename*=UTF-8''contract%20%C3%BCn%C3%AF.pdf`);
      const bytes = Buffer.from(download.data as unknown as ArrayBuffer);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(file).digest('hex'));

      const removed = await call(updateNote, { path: { id }, body: { attachment: null } });
      expect(removed.data!.result).toMatchObject({ has_attachment: false, file_name: null });
      expect((await call(getNoteAttachment, { path: { id } })).response.status).toBe(404);
    });

    it("answers 413 above the org's upload limit and 400 for a file that is not base64, writing nothing", async () => {
      await stack.emulator!.settings({ max_upload_file_size: 100_000 });
      const before = await requestsTo('annotations');
      const big = await call(createNote, { body: { related_to: { type: 'lead', id: lead }, attachment: { file_name: 'big.bin', content_base64: randomBytes(90_000).toString('base64') } } });
      expect(big.response.status).toBe(413);
      expect(big.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(JSON.stringify(big.error)).toContain('attachment.content_base64');
      const notBase64 = await call(createNote, { body: { related_to: { type: 'lead', id: lead }, attachment: { file_name: 'x.txt', content_base64: 'not base64!' } } });
      expect(notBase64.response.status).toBe(400);
      expect(JSON.stringify(notBase64.error)).toContain('attachment.content_base64');
      const nothing = await call(createNote, { body: { related_to: { type: 'lead', id: lead } } });
      expect(nothing.response.status).toBe(400);
      const orphan = await call(createNote, { body: { title: 'Orphan' } });
      expect(JSON.stringify(orphan.error)).toContain('related_to');
      expect(await requestsTo('annotations')).toBe(before);
    });
  });

  describe('lead and opportunity actions', () => {
    it('qualifies a lead into a linked account, contact and opportunity and closes it; a second qualify answers 409', async () => {
      const lead = await created(createLead, { first_name: 'Quinn', last_name: 'Lead', company_name: 'Qualified Widgets', subject: 'Wants 40 licences' });
      const answer = await call(qualifyLead, { path: { id: lead }, body: {} });
      expect(answer.error).toBeUndefined();
      expect(answer.response.status).toBe(200);
      const { lead: closed, account: newAccount, contact, opportunity } = answer.data!.result as Record<string, Row>;
      expect(closed).toMatchObject({ id: lead, status: 'qualified' });
      expect(newAccount).toMatchObject({ name: 'Qualified Widgets' });
      expect(contact).toMatchObject({ first_name: 'Quinn', last_name: 'Lead', account: { id: newAccount['id'] } });
      expect(opportunity).toMatchObject({ originating_lead: { id: lead }, customer: { id: newAccount['id'], type: 'account' }, status: 'open' });
      const again = await call(qualifyLead, { path: { id: lead }, body: {} });
      expect(again.response.status).toBe(409);
      expect(again.error).toMatchObject({ code: 'CONFLICT' });
    });

    it('wins and loses opportunities with their close activity; a second win answers 409; a key acts once', async () => {
      const won = await created(createOpportunity, { name: 'To win' });
      const key = randomUUID();
      const first = await call(winOpportunity, { path: { id: won }, body: { actual_amount: 12345, description: 'Signed' }, headers: { 'Idempotency-Key': key } });
      expect(first.error).toBeUndefined();
      expect(first.data!.result).toMatchObject({ id: won, status: 'won' });
      const replay = await call(winOpportunity, { path: { id: won }, body: { actual_amount: 12345, description: 'Signed' }, headers: { 'Idempotency-Key': key } });
      expect(replay.response.status).toBe(200);
      expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.data).toEqual(first.data);
      const closes = (await direct('GET', `opportunitycloses?$select=actualrevenue,statecode&$filter=_opportunityid_value eq ${won}`)).body['value'] as Row[];
      expect(closes).toEqual([expect.objectContaining({ actualrevenue: 12345, statecode: 1 })]);
      const second = await call(winOpportunity, { path: { id: won }, body: {} });
      expect(second.response.status).toBe(409);

      const lost = await created(createOpportunity, { name: 'To lose' });
      const lose = await call(loseOpportunity, { path: { id: lost }, body: { description: 'Out-sold' } });
      expect(lose.data!.result).toMatchObject({ id: lost, status: 'lost' });
      expect(((await direct('GET', `opportunities(${lost})?$select=statecode,statuscode`)).body)).toMatchObject({ statecode: 2, statuscode: 4 });
    });

    it('answers 404 for an action on a missing record and writes nothing', async () => {
      const before = { closes: await count('opportunitycloses'), accounts: await count('accounts'), actions: await requestsTo('WinOpportunity', 'LoseOpportunity') };
      const missing = randomUUID();
      expect((await call(qualifyLead, { path: { id: missing }, body: {} })).response.status).toBe(404);
      expect((await call(winOpportunity, { path: { id: missing }, body: {} })).response.status).toBe(404);
      expect((await call(loseOpportunity, { path: { id: missing }, body: { competitor_id: 'nope' } })).response.status).toBe(400);
      expect({ closes: await count('opportunitycloses'), accounts: await count('accounts'), actions: await requestsTo('WinOpportunity', 'LoseOpportunity') }).toEqual(before);
    });
  });

  describe('bulk writes', () => {
    const contacts = (n: number, bad?: number) =>
      Array.from({ length: n }, (_, i) => ({ op: 'create', data: i === bad ? { first_name: 'No last name' } : { first_name: 'Bulk', last_name: `Row ${i}` } }));
    const bulk = (body: unknown, headers?: Record<string, string>) => call(bulkWrite, { path: { resource: 'contacts' }, body, headers });

    it('atomic: one invalid row of 1000 refuses the whole batch, naming its index, and writes nothing', async () => {
      const before = { contacts: await count('contacts'), batches: await requestsTo('$batch') };
      const answer = await bulk({ atomic: true, operations: contacts(1000, 517) });
      expect(answer.response.status).toBe(400);
      expect(answer.error).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'operations.517.data.last_name' })] });
      expect({ contacts: await count('contacts'), batches: await requestsTo('$batch') }).toEqual(before);
    });

    it('not atomic: 999 of 1000 created, in order, the invalid one reported in place', async () => {
      const before = await count('contacts');
      const answer = await bulk({ operations: contacts(1000, 517) });
      expect(answer.error).toBeUndefined();
      const results = answer.data!.result as unknown as { index: number; status: number; result?: Row; error?: Row }[];
      expect(results).toHaveLength(1000);
      expect(results.map((result) => result.index)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      expect(results.filter((result) => result.status === 201)).toHaveLength(999);
      expect(results[517]).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'operations.517.data.last_name' })] } });
      expect(results[3].result).toMatchObject({ first_name: 'Bulk', last_name: 'Row 3', name: 'Bulk Row 3' });
      expect(await count('contacts')).toBe(before + 999);
    }, 120_000);

    it('updates and deletes, reporting a missing record at its index; an atomic batch rolls back on a Dataverse refusal', async () => {
      const a = await created(createContact, { last_name: 'Bulk A' });
      const b = await created(createContact, { last_name: 'Bulk B' });
      const answer = await bulk({
        operations: [
          { op: 'update', id: a, data: { title: 'Updated' } },
          { op: 'delete', id: randomUUID() },
          { op: 'delete', id: b },
        ],
      });
      const results = answer.data!.result as unknown as { status: number; result?: Row; error?: Row }[];
      expect(results.map((result) => result.status)).toEqual([200, 404, 200]);
      expect(results[0].result).toMatchObject({ id: a, title: 'Updated' });
      expect(results[1].error).toMatchObject({ code: 'NOT_FOUND' });
      expect((await direct('GET', `contacts(${b})`)).status).toBe(404);

      const before = await count('contacts');
      const atomic = await bulk({ atomic: true, operations: [{ op: 'create', data: { last_name: 'Rolled back' } }, { op: 'update', id: randomUUID(), data: { title: 'x' } }] });
      expect(atomic.response.status).toBe(404);
      expect(atomic.error).toMatchObject({ code: 'NOT_FOUND', detail: expect.stringContaining('the atomic batch was rolled back') });
      expect(await count('contacts')).toBe(before);
    });

    it('refuses 1001 operations, an unknown op and a bad resource with a 4xx naming them, sending nothing; a key writes once', async () => {
      const batches = await requestsTo('$batch');
      const tooMany = await bulk({ operations: contacts(1001) });
      expect(tooMany.response.status).toBe(400);
      expect(JSON.stringify(tooMany.error)).toContain('operations');
      const unknown = await bulk({ operations: [{ op: 'upsert', data: { last_name: 'x' } }] });
      expect(unknown.response.status).toBe(400);
      expect(JSON.stringify(unknown.error)).toContain('operations.0.op');
      const twice = await bulk({ atomic: true, operations: Array.from({ length: 600 }, (_, i) => ({ op: 'create', data: { last_name: `Inactive ${i}`, status: 'inactive' } })) });
      expect(twice.response.status).toBe(400);
      expect(JSON.stringify(twice.error)).toContain('a create with a status counts twice');
      const empty = await bulk({ operations: [] });
      expect(empty.response.status).toBe(400);
      const resource = await call(bulkWrite, { path: { resource: 'users' }, body: { operations: contacts(1) } });
      expect(resource.response.status).toBe(400);
      expect(await requestsTo('$batch')).toBe(batches);

      const key = randomUUID();
      const before = await count('contacts');
      const first = await bulk({ operations: contacts(3) }, { 'Idempotency-Key': key });
      const again = await bulk({ operations: contacts(3) }, { 'Idempotency-Key': key });
      expect(again.response.headers.get('idempotent-replayed')).toBe('true');
      expect(again.data).toEqual(first.data);
      expect(await count('contacts')).toBe(before + 3);
    });
  });
});
