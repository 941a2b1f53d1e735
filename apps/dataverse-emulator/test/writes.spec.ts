import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fixture, startFixture } from './support/emulator-fixture';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('Web API writes', () => {
  let f: Fixture;
  let accountId: string;
  beforeAll(async () => {
    f = await startFixture();
    accountId = (await f.call('GET', 'accounts?$select=name&$top=1')).json.value[0].accountid;
  });
  afterAll(() => f.close());

  const idFrom = (entityId: string | null) => new RegExp(`\\((${GUID})\\)$`).exec(entityId ?? '')![1];

  it('creates with 204 and OData-EntityId, and the row reads back with derived columns and defaults', async () => {
    const res = await f.call('POST', 'contacts', {
      body: { firstname: 'Ada', lastname: 'Lovelace', 'parentcustomerid_account@odata.bind': `/accounts(${accountId})`, birthdate: '1815-12-10' },
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers.get('odata-entityid')).toMatch(new RegExp(`^${f.api.replace(/[.$]/g, '\\$&')}contacts\\(${GUID}\\)$`));
    const id = idFrom(res.headers.get('odata-entityid'));
    const row = await f.call('GET', `contacts(${id})?$select=fullname,birthdate,_parentcustomerid_value,_ownerid_value,statecode,statuscode,createdon`, {
      headers: { Prefer: 'odata.include-annotations="*"' },
    });
    expect(row.json).toMatchObject({
      fullname: 'Ada Lovelace',
      birthdate: '1815-12-10',
      _parentcustomerid_value: accountId,
      '_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'account',
      '_parentcustomerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty': 'parentcustomerid_account',
      _ownerid_value: f.org.users[0].systemuserId,
      statecode: 0,
      statuscode: 1,
      'birthdate@OData.Community.Display.V1.FormattedValue': '12/10/1815',
    });
  });

  it('creates with 201 and the entity under return=representation, like the upsert sample', async () => {
    const sample = fixture('upsert-create-representation-201.json');
    const res = await f.call('POST', 'accounts?$select=accountid', { body: { name: 'Represented' }, headers: { Prefer: 'return=representation' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('preference-applied')).toBe('return=representation');
    expect(res.headers.get('odata-entityid')).toBeNull();
    expect(Object.keys(res.json)).toEqual(Object.keys(sample).map((k) => k.replace('example_recordid', 'accountid')));
    expect(res.json['@odata.context']).toBe(`${f.api}$metadata#accounts(accountid)/$entity`);
    expect(res.headers.get('etag')).toBe(res.json['@odata.etag']);
  });

  it('updates with If-Match, changes the etag, and answers 412 for a stale etag', async () => {
    const before = await f.call('GET', `accounts(${accountId})?$select=name`);
    const etag = before.json['@odata.etag'];
    const ok = await f.call('PATCH', `accounts(${accountId})`, { body: { name: 'Renamed Ltd.' }, headers: { 'If-Match': etag } });
    expect(ok.status).toBe(204);
    const after = await f.call('GET', `accounts(${accountId})?$select=name`);
    expect(after.json.name).toBe('Renamed Ltd.');
    expect(after.json['@odata.etag']).not.toBe(etag);
    const stale = await f.call('PATCH', `accounts(${accountId})`, { body: { name: 'Lost update' }, headers: { 'If-Match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.json).toEqual({ error: { code: '0x80060882', message: "The version of the existing record doesn't match the RowVersion property provided." } });
    expect((await f.call('GET', `accounts(${accountId})?$select=name`)).json.name).toBe('Renamed Ltd.');
  });

  it('answers 200 with the row for PATCH with return=representation', async () => {
    const res = await f.call('PATCH', `accounts(${accountId})?$select=name`, { body: { name: 'Shown' }, headers: { Prefer: 'return=representation', 'If-Match': '*' } });
    expect(res.status).toBe(200);
    expect(res.json.name).toBe('Shown');
  });

  it('upserts: PATCH to a missing id creates (201 with representation), If-Match:* is update-only, If-None-Match:* is insert-only', async () => {
    const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const updateOnly = await f.call('PATCH', `leads(${id})`, { body: { lastname: 'Nope' }, headers: { 'If-Match': '*' } });
    expect(updateOnly.status).toBe(404);
    expect(updateOnly.json.error).toEqual({ code: '0x80040217', message: `lead With Id = ${id} Does Not Exist` });
    const created = await f.call('PATCH', `leads(${id})`, { body: { lastname: 'Upserted', subject: 'Via PATCH' }, headers: { Prefer: 'return=representation' } });
    expect(created.status).toBe(201);
    expect(created.json.leadid).toBe(id);
    const updated = await f.call('PATCH', `leads(${id})`, { body: { firstname: 'Now' }, headers: { Prefer: 'return=representation' } });
    expect(updated.status).toBe(200);
    expect(updated.json.fullname).toBe('Now Upserted');
    const insertOnly = await f.call('PATCH', `leads(${id})`, { body: { firstname: 'Again' }, headers: { 'If-None-Match': '*' } });
    expect(insertOnly.status).toBe(412);
    expect(insertOnly.json.error.message).toBe(fixture('error-412-upsert-record-exists.json').error.message);
    const plain = await f.call('PATCH', `leads(${id})`, { body: { firstname: 'Plain' } });
    expect(plain.status).toBe(204);
    expect(plain.headers.get('odata-entityid')).toBe(`${f.api}leads(${id})`);
  });

  it('deletes, then answers 404', async () => {
    const created = await f.call('POST', 'tasks', { body: { subject: 'Delete me' }, headers: { Prefer: 'return=representation' } });
    const id = created.json.activityid;
    expect((await f.call('DELETE', `tasks(${id})`)).status).toBe(204);
    const again = await f.call('DELETE', `tasks(${id})`);
    expect(again.status).toBe(404);
    expect(again.json.error.message).toBe(`task With Id = ${id} Does Not Exist`);
    expect((await f.call('GET', `activitypointers(${id})`)).status).toBe(404);
  });

  it('binds polymorphic lookups through the typed navigation property and rejects the bare logical name', async () => {
    const contact = (await f.call('GET', 'contacts?$select=fullname&$top=1')).json.value[0];
    const opp = await f.call('POST', 'opportunities', {
      body: { name: 'Bound', 'customerid_contact@odata.bind': `contacts(${contact.contactid})` },
      headers: { Prefer: 'return=representation' },
    });
    expect(opp.status).toBe(201);
    expect(opp.json._customerid_value).toBe(contact.contactid);
    const switched = await f.call('PATCH', `opportunities(${opp.json.opportunityid})`, {
      body: { 'customerid_account@odata.bind': `${f.api}accounts(${accountId})` },
      headers: { Prefer: 'return=representation,odata.include-annotations="*"' },
    });
    expect(switched.json._customerid_value).toBe(accountId);
    expect(switched.json['_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('account');
    const bare = await f.call('POST', 'contacts', { body: { lastname: 'X', 'parentcustomerid@odata.bind': `/accounts(${accountId})` } });
    expect(bare.status).toBe(400);
    expect(bare.json.error.code).toBe('0x80048d19');
    expect(bare.json.error.message).toContain("An undeclared property 'parentcustomerid' which only has property annotations in the payload but no property value was found in the payload.");
  });

  it('binds ownerid to a user or a team: one navigation property, several targets', async () => {
    const userId = f.org.users[0].systemuserId;
    const res = await f.call('POST', 'contacts?$select=_ownerid_value', {
      body: { lastname: 'Owned', 'ownerid@odata.bind': `/systemusers(${userId})` },
      headers: { Prefer: 'return=representation,odata.include-annotations="*"' },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ _ownerid_value: userId, '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'systemuser' });
  });

  it('binds a custom lookup by its case-sensitive SchemaName', async () => {
    const referrer = (await f.call('GET', 'contacts?$select=fullname&$top=1')).json.value[0].contactid;
    const ok = await f.call('POST', 'contacts', { body: { lastname: 'Referred', 'new_ReferredById@odata.bind': `/contacts(${referrer})` }, headers: { Prefer: 'return=representation' } });
    expect(ok.json._new_referredbyid_value).toBe(referrer);
    const lower = await f.call('POST', 'contacts', { body: { lastname: 'Referred', 'new_referredbyid@odata.bind': `/contacts(${referrer})` } });
    expect(lower.status).toBe(400);
    expect(lower.json.error.code).toBe('0x80048d19');
  });

  it('clears a lookup with DELETE …/nav/$ref and with a null bind', async () => {
    const created = await f.call('POST', 'contacts', {
      body: { lastname: 'Clear', 'parentcustomerid_account@odata.bind': `/accounts(${accountId})` },
      headers: { Prefer: 'return=representation' },
    });
    const id = created.json.contactid;
    expect((await f.call('DELETE', `contacts(${id})/parentcustomerid_account/$ref`)).status).toBe(204);
    expect((await f.call('GET', `contacts(${id})?$select=_parentcustomerid_value`)).json._parentcustomerid_value).toBeNull();
    await f.call('PATCH', `contacts(${id})`, { body: { 'parentcustomerid_account@odata.bind': `/accounts(${accountId})` } });
    expect((await f.call('GET', `contacts(${id})?$select=_parentcustomerid_value`)).json._parentcustomerid_value).toBe(accountId);
    await f.call('PATCH', `contacts(${id})`, { body: { 'parentcustomerid_account@odata.bind': null } });
    expect((await f.call('GET', `contacts(${id})?$select=_parentcustomerid_value`)).json._parentcustomerid_value).toBeNull();
  });

  it('validates column values like Dataverse', async () => {
    const unknown = await f.call('POST', 'accounts', { body: { Name: 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toContain("Invalid property 'Name' was found in entity 'Microsoft.Dynamics.CRM.account'.");
    const badChoice = await f.call('POST', 'accounts', { body: { name: 'x', industrycode: 999 } });
    expect(badChoice.status).toBe(400);
    const tooLong = await f.call('POST', 'accounts', { body: { name: 'x'.repeat(161) } });
    expect(tooLong.status).toBe(400);
    const missingTarget = await f.call('POST', 'contacts', { body: { lastname: 'x', 'parentcustomerid_account@odata.bind': '/accounts(00000000-0000-0000-0000-000000000009)' } });
    expect(missingTarget.status).toBe(404);
  });

  it('closes opportunities with WinOpportunity and LoseOpportunity', async () => {
    const open = await f.call('POST', 'opportunities', { body: { name: 'To win', estimatedvalue: 5000 }, headers: { Prefer: 'return=representation' } });
    const id = open.json.opportunityid;
    const won = await f.call('POST', 'WinOpportunity', { body: { Status: 3, OpportunityClose: { subject: 'Won!', 'opportunityid@odata.bind': `/opportunities(${id})` } } });
    expect(won.status).toBe(204);
    const read = await f.call('GET', `opportunities(${id})?$select=statecode,statuscode,actualvalue,closeprobability`, { headers: { Prefer: 'odata.include-annotations="*"' } });
    expect(read.json).toMatchObject({ statecode: 1, statuscode: 3, actualvalue: 5000, closeprobability: 100, 'statecode@OData.Community.Display.V1.FormattedValue': 'Won' });
    const again = await f.call('POST', 'LoseOpportunity', { body: { Status: 4, OpportunityClose: { subject: 'Lost', 'opportunityid@odata.bind': `/opportunities(${id})` } } });
    expect(again.status).toBe(400);
    const wrongStatus = await f.call('POST', 'LoseOpportunity', { body: { Status: 3, OpportunityClose: { subject: 'x', 'opportunityid@odata.bind': `/opportunities(${id})` } } });
    expect(wrongStatus.status).toBe(400);
    expect((await f.call('GET', 'WinOpportunity')).status).toBe(404);
  });

  it('answers malformed bodies with 400 and keeps serving', async () => {
    const broken = await f.call('POST', 'accounts', { body: '{"name": ' });
    expect(broken.status).toBe(400);
    expect(broken.json.error.message).toBe('The request body is not valid JSON.');
    expect((await f.call('POST', 'accounts', { body: '[1,2]' })).status).toBe(400);
    expect((await f.call('PATCH', `accounts(${accountId})`, { body: { revenue: 'lots' } })).status).toBe(400);
    expect((await f.call('GET', 'WhoAmI')).status).toBe(200);
  });

  it('creates an email with activity parties in one deep insert', async () => {
    const contact = (await f.call('GET', 'contacts?$select=fullname&$top=1')).json.value[0];
    const user = f.org.users[0];
    const res = await f.call('POST', 'emails', {
      body: {
        subject: 'Deep insert',
        'regardingobjectid_contact_email@odata.bind': `/contacts(${contact.contactid})`,
        email_activity_parties: [
          { 'partyid_systemuser@odata.bind': `/systemusers(${user.systemuserId})`, participationtypemask: 1 },
          { 'partyid_contact@odata.bind': `/contacts(${contact.contactid})`, participationtypemask: 2 },
        ],
      },
    });
    expect(res.status).toBe(204);
    const id = /\(([^)]+)\)$/.exec(res.headers.get('odata-entityid')!)![1];
    const read = await f.call('GET', `emails(${id})?$select=subject,_regardingobjectid_value&$expand=email_activity_parties($select=participationtypemask,_partyid_value)`);
    expect(read.json._regardingobjectid_value).toBe(contact.contactid);
    expect(read.json.email_activity_parties.map((p: { participationtypemask: number; _partyid_value: string }) => [p.participationtypemask, p._partyid_value]).sort()).toEqual(
      [[1, user.systemuserId], [2, contact.contactid]].sort(),
    );
  });

  it('updates and clears a single property', async () => {
    expect((await f.call('PUT', `accounts(${accountId})/telephone1`, { body: { value: '+1 555 0100' } })).status).toBe(204);
    const read = await f.call('GET', `accounts(${accountId})/telephone1`);
    expect(read.json).toEqual({ '@odata.context': `${f.api}$metadata#accounts(${accountId})/telephone1`, value: '+1 555 0100' });
    expect((await f.call('DELETE', `accounts(${accountId})/telephone1`)).status).toBe(204);
    expect((await f.call('GET', `accounts(${accountId})/telephone1`)).status).toBe(204);
  });

  it('runs $batch with a change set and a GET, with Content-ID references', async () => {
    const boundary = 'batch_abc';
    const changeset = 'changeset_def';
    const body = [
      `--${boundary}`,
      `Content-Type: multipart/mixed; boundary=${changeset}`,
      '',
      `--${changeset}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      `POST ${f.api}accounts HTTP/1.1`,
      'Content-Type: application/json',
      '',
      '{"name":"Batch Co"}',
      `--${changeset}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 2',
      '',
      'PATCH $1 HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"telephone1":"555"}',
      `--${changeset}--`,
      `--${boundary}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      "GET accounts?$select=name,telephone1&$filter=name eq 'Batch Co' HTTP/1.1",
      'Accept: application/json',
      '',
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const res = await f.call('POST', '$batch', { body, headers: { 'Content-Type': `multipart/mixed; boundary=${boundary}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary=batchresponse_/);
    expect(res.text.match(/HTTP\/1\.1 204 No Content/g)).toHaveLength(2);
    expect(res.text).toContain('Content-ID: 1');
    const json = JSON.parse(res.text.slice(res.text.indexOf('{'), res.text.lastIndexOf('}') + 1));
    expect(json.value).toHaveLength(1);
    expect(json.value[0].telephone1).toBe('555');
  });

  it('answers a failing change set with its error alone, and rolls back its earlier operations', async () => {
    const boundary = 'b1';
    const cs = 'c1';
    const body = [
      `--${boundary}`, `Content-Type: multipart/mixed;boundary=${cs}`, '',
      `--${cs}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', 'Content-ID: 1', '',
      'POST accounts HTTP/1.1', 'Content-Type: application/json', '', '{"name":"Rolled back"}',
      `--${cs}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', 'Content-ID: 2', '',
      `PATCH accounts(${accountId}) HTTP/1.1`, 'Content-Type: application/json', '', '{"name":"Also rolled back"}',
      `--${cs}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', 'Content-ID: 3', '',
      'DELETE accounts(00000000-0000-0000-0000-00000000dead) HTTP/1.1', '', '',
      `--${cs}--`, `--${boundary}--`, '',
    ].join('\r\n');
    const res = await f.call('POST', '$batch', { body, headers: { 'Content-Type': `multipart/mixed;boundary=${boundary}` } });
    expect(res.status).toBe(200);
    expect(res.text).toContain('HTTP/1.1 404 Not Found');
    expect(res.text).toContain('"code":"0x80040217"');
    expect(res.text).not.toContain('204 No Content');
    expect((await f.call('GET', "accounts?$select=name&$filter=name eq 'Rolled back'")).json.value).toEqual([]);
    expect((await f.call('GET', `accounts(${accountId})?$select=name`)).json.name).not.toBe('Also rolled back');
  });
});
