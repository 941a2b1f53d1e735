import { randomBytes } from 'node:crypto';
import { Fixture, startFixture } from './support/emulator-fixture';

/**
 * The writes a sales integration does most that are not plain row writes: qualifying a lead, winning and losing an
 * opportunity, an activity's parties, a note's attachment under the org's upload limit, and `$batch` that goes on
 * after a failure.
 */
const GUID = /\(([0-9a-f-]{36})\)$/;

describe('actions, activity parties, attachments and batches', () => {
  let f: Fixture;
  const idOf = (answer: { headers: Headers }) => GUID.exec(answer.headers.get('odata-entityid') ?? '')![1];
  const count = async (set: string, filter?: string) =>
    (await f.call('GET', `${set}?$apply=${filter ? `filter(${filter})/` : ''}aggregate($count as n)`)).json.value[0].n as number;
  const firstId = async (set: string, key: string, filter?: string) =>
    (await f.call('GET', `${set}?$select=${key}&$top=1${filter ? `&$filter=${filter}` : ''}`)).json.value[0][key] as string;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  async function newLead(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await f.call('POST', 'leads', {
      body: { subject: 'Wants 40 licences', firstname: 'Quinn', lastname: 'Lead', companyname: 'Qualified Widgets', emailaddress1: 'quinn@widgets.example', estimatedamount: 40000, ...extra },
    });
    expect(res.status).toBe(204);
    return idOf(res);
  }

  describe('QualifyLead', () => {
    it('creates the account, contact and opportunity asked for, links them, and closes the lead as qualified', async () => {
      const leadId = await newLead();
      const res = await f.call('POST', `leads(${leadId})/Microsoft.Dynamics.CRM.QualifyLead`, {
        body: { CreateAccount: true, CreateContact: true, CreateOpportunity: true, Status: 3 },
      });
      expect(res.status).toBe(200);
      expect(res.json['@odata.context']).toBe(`${f.api}$metadata#Collection(Microsoft.Dynamics.CRM.crmbaseentity)`);
      const [account, contact, opportunity] = res.json.value;
      expect([account, contact, opportunity].map((v: Record<string, unknown>) => Object.keys(v)[0])).toEqual(['@odata.type', '@odata.type', '@odata.type']);
      expect([account['@odata.type'], contact['@odata.type'], opportunity['@odata.type']]).toEqual([
        '#Microsoft.Dynamics.CRM.account', '#Microsoft.Dynamics.CRM.contact', '#Microsoft.Dynamics.CRM.opportunity',
      ]);
      expect(account).toMatchObject({ name: 'Qualified Widgets', emailaddress1: 'quinn@widgets.example', _originatingleadid_value: leadId, _primarycontactid_value: contact.contactid });
      expect(contact).toMatchObject({ fullname: 'Quinn Lead', _parentcustomerid_value: account.accountid, _originatingleadid_value: leadId });
      expect(opportunity).toMatchObject({ name: 'Wants 40 licences', estimatedvalue: 40000, _customerid_value: account.accountid, _parentcontactid_value: contact.contactid, _originatingleadid_value: leadId });
      const lead = await f.call('GET', `leads(${leadId})?$select=statecode,statuscode,_qualifyingopportunityid_value,_parentaccountid_value,_parentcontactid_value`);
      expect(lead.json).toMatchObject({
        statecode: 1, statuscode: 3, _qualifyingopportunityid_value: opportunity.opportunityid, _parentaccountid_value: account.accountid, _parentcontactid_value: contact.contactid,
      });
      const again = await f.call('POST', `leads(${leadId})/Microsoft.Dynamics.CRM.QualifyLead`, {
        body: { CreateAccount: false, CreateContact: false, CreateOpportunity: false, Status: 3 },
      });
      expect(again.status).toBe(400);
      expect(again.json.error.message).toBe('The lead is closed. You cannot convert or qualify a lead that is already closed.');
    });

    it('uses the given customer and currency for the opportunity', async () => {
      const leadId = await newLead();
      const contactId = await firstId('contacts', 'contactid');
      const currencyId = await firstId('transactioncurrencies', 'transactioncurrencyid');
      const res = await f.call('POST', `leads(${leadId})/Microsoft.Dynamics.CRM.QualifyLead`, {
        body: {
          CreateAccount: false, CreateContact: false, CreateOpportunity: true, Status: 3,
          OpportunityCustomerId: { '@odata.type': 'Microsoft.Dynamics.CRM.contact', contactid: contactId },
          OpportunityCurrencyId: { '@odata.type': 'Microsoft.Dynamics.CRM.transactioncurrency', transactioncurrencyid: currencyId },
        },
      });
      expect(res.status).toBe(200);
      expect(res.json.value).toHaveLength(1);
      expect(res.json.value[0]).toMatchObject({ _customerid_value: contactId, _transactioncurrencyid_value: currencyId });
    });

    it('writes nothing when a part fails, and refuses bad parameters, other statuses and missing leads', async () => {
      const leadId = await newLead();
      const accounts = await count('accounts');
      const missing = await f.call('POST', `leads(${leadId})/Microsoft.Dynamics.CRM.QualifyLead`, {
        body: {
          CreateAccount: true, CreateContact: false, CreateOpportunity: true, Status: 3,
          OpportunityCustomerId: { '@odata.type': 'Microsoft.Dynamics.CRM.account', accountid: '00000000-0000-4000-8000-00000000dead' },
        },
      });
      expect(missing.status).toBe(404);
      expect(await count('accounts')).toBe(accounts);
      expect((await f.call('GET', `leads(${leadId})?$select=statecode`)).json.statecode).toBe(0);
      const status = await f.call('POST', `leads(${leadId})/Microsoft.Dynamics.CRM.QualifyLead`, { body: { CreateAccount: false, CreateContact: false, CreateOpportunity: false, Status: 4 } });
      expect(status.status).toBe(400);
      expect(status.json.error.message).toBe(`4 is not a valid status code for state code LeadState.Qualified on lead with Id ${leadId}.`);
      const params = await f.call('POST', `leads(${leadId})/Microsoft.Dynamics.CRM.QualifyLead`, { body: { CreateAccount: true, Status: 3 } });
      expect(params.status).toBe(400);
      expect(params.json.error.message).toContain("'CreateContact'");
      const nobody = await f.call('POST', 'leads(00000000-0000-4000-8000-00000000beef)/Microsoft.Dynamics.CRM.QualifyLead', { body: { CreateAccount: false, CreateContact: false, CreateOpportunity: false, Status: 3 } });
      expect(nobody.status).toBe(404);
      const get = await f.call('GET', `leads(${leadId})/Microsoft.Dynamics.CRM.QualifyLead`);
      expect(get.status).toBe(404);
    });
  });

  describe('WinOpportunity and LoseOpportunity', () => {
    it('closes with the status asked for and records an opportunityclose; a second close answers OpportunityIsAlreadyClosed', async () => {
      const won = await firstId('opportunities', 'opportunityid', 'statecode eq 0');
      const res = await f.call('POST', 'WinOpportunity', {
        body: { Status: 3, OpportunityClose: { subject: 'Won it', actualrevenue: 12345, 'opportunityid@odata.bind': `/opportunities(${won})` } },
      });
      expect(res.status).toBe(204);
      expect((await f.call('GET', `opportunities(${won})?$select=statecode,statuscode,actualvalue,closeprobability`)).json).toMatchObject({
        statecode: 1, statuscode: 3, actualvalue: 12345, closeprobability: 100,
      });
      const closes = await f.call('GET', `opportunitycloses?$select=subject,actualrevenue,statecode,_opportunityid_value&$filter=_opportunityid_value eq ${won}`);
      expect(closes.json.value).toEqual([expect.objectContaining({ subject: 'Won it', actualrevenue: 12345, statecode: 1, _opportunityid_value: won })]);
      const again = await f.call('POST', 'WinOpportunity', { body: { Status: 3, OpportunityClose: { subject: 'Again', 'opportunityid@odata.bind': `/opportunities(${won})` } } });
      expect(again.status).toBe(400);
      expect(again.json.error).toEqual({ code: '0x80040515', message: 'The opportunity is already closed.' });
      expect((await f.call('GET', `opportunitycloses?$select=subject&$filter=_opportunityid_value eq ${won}`)).json.value).toHaveLength(1);

      const lost = await firstId('opportunities', 'opportunityid', 'statecode eq 0');
      const wrong = await f.call('POST', 'LoseOpportunity', { body: { Status: 3, OpportunityClose: { subject: 'Lost', 'opportunityid@odata.bind': `/opportunities(${lost})` } } });
      expect(wrong.status).toBe(400);
      const lose = await f.call('POST', 'LoseOpportunity', { body: { Status: 5, OpportunityClose: { subject: 'Out-sold', 'opportunityid@odata.bind': `/opportunities(${lost})` } } });
      expect(lose.status).toBe(204);
      expect((await f.call('GET', `opportunities(${lost})?$select=statecode,statuscode`)).json).toMatchObject({ statecode: 2, statuscode: 5 });
    });
  });

  describe('activity parties', () => {
    const partiesOf = async (set: string, nav: string, id: string) =>
      (await f.call('GET', `${set}(${id})?$select=subject&$expand=${nav}($select=participationtypemask,_partyid_value,addressused)`)).json[nav]
        .map((p: { participationtypemask: number; _partyid_value: string | null; addressused: string | null }) => [p.participationtypemask, p._partyid_value ?? p.addressused])
        .sort();

    it('creates parties by deep insert, replaces them all with PUT, and leaves no stale party', async () => {
      const me = f.org.users[0].systemuserId;
      const contacts = (await f.call('GET', 'contacts?$select=fullname&$top=2')).json.value.map((c: { contactid: string }) => c.contactid);
      const created = await f.call('POST', 'emails', {
        body: {
          subject: 'Proposal',
          email_activity_parties: [
            { 'partyid_systemuser@odata.bind': `/systemusers(${me})`, participationtypemask: 1 },
            { 'partyid_contact@odata.bind': `/contacts(${contacts[0]})`, participationtypemask: 2 },
            { addressused: 'someone@elsewhere.example', participationtypemask: 3 },
          ],
        },
      });
      expect(created.status).toBe(204);
      const id = idOf(created);
      expect(await partiesOf('emails', 'email_activity_parties', id)).toEqual([[1, me], [2, contacts[0]], [3, 'someone@elsewhere.example']].sort());
      const put = await f.call('PUT', `emails(${id})/email_activity_parties`, {
        body: { value: [
          { 'partyid_systemuser@odata.bind': `/systemusers(${me})`, participationtypemask: 1 },
          { 'partyid_contact@odata.bind': `/contacts(${contacts[1]})`, participationtypemask: 4 },
        ] },
      });
      expect(put.status).toBe(204);
      expect(await partiesOf('emails', 'email_activity_parties', id)).toEqual([[1, me], [4, contacts[1]]].sort());
      expect(await count('activityparties', `_activityid_value eq ${id}`)).toBe(2);
    });

    it("refuses a participation type the activity has no party list for, and a failed PUT keeps the old parties", async () => {
      const contact = await firstId('contacts', 'contactid');
      const wrong = await f.call('POST', 'phonecalls', {
        body: { subject: 'x', phonecall_activity_parties: [{ 'partyid_contact@odata.bind': `/contacts(${contact})`, participationtypemask: 5 }] },
      });
      expect(wrong.status).toBe(400);
      expect(wrong.json.error).toEqual({ code: '0x80094006', message: "The Activity Party type Mask '5' not found." });
      const call = await f.call('POST', 'phonecalls', {
        body: { subject: 'Call', phonecall_activity_parties: [{ 'partyid_contact@odata.bind': `/contacts(${contact})`, participationtypemask: 2 }] },
      });
      const id = idOf(call);
      const bad = await f.call('PUT', `phonecalls(${id})/phonecall_activity_parties`, {
        body: { value: [{ 'partyid_contact@odata.bind': `/contacts(${contact})`, participationtypemask: 1 }, { participationtypemask: 7, addressused: 'x@y.example' }] },
      });
      expect(bad.status).toBe(400);
      expect(await partiesOf('phonecalls', 'phonecall_activity_parties', id)).toEqual([[2, contact]]);
      const notArray = await f.call('PUT', `phonecalls(${id})/phonecall_activity_parties`, { body: { parties: [] } });
      expect(notArray.status).toBe(400);
    });
  });

  describe('note attachments and the upload limit', () => {
    afterAll(() => f.admin('PUT', '/_emulator/settings', { max_upload_file_size: 5_242_880 }));

    it('round-trips a 1 MB attachment byte for byte, and refuses one over maxuploadfilesize', async () => {
      const file = randomBytes(1024 * 1024);
      const accountId = await firstId('accounts', 'accountid');
      const note = await f.call('POST', 'annotations', {
        body: { subject: 'Contract', filename: 'contract.bin', mimetype: 'application/octet-stream', documentbody: file.toString('base64'), 'objectid_account@odata.bind': `/accounts(${accountId})` },
      });
      expect(note.status).toBe(204);
      const read = await f.call('GET', `annotations(${idOf(note)})?$select=documentbody,filesize,isdocument`);
      expect(Buffer.from(read.json.documentbody, 'base64').equals(file)).toBe(true);
      expect(read.json).toMatchObject({ filesize: file.length, isdocument: true });

      const set = await f.admin('PUT', '/_emulator/settings', { org: f.org.name, max_upload_file_size: 1000 });
      expect(set.status).toBe(200);
      expect(set.json.max_upload_file_size).toBe(1000);
      expect((await f.call('GET', 'organizations?$select=maxuploadfilesize')).json.value[0].maxuploadfilesize).toBe(1000);
      const notes = await count('annotations');
      const tooBig = await f.call('POST', 'annotations', { body: { subject: 'Big', filename: 'big.txt', documentbody: 'A'.repeat(1001) } });
      expect(tooBig.status).toBe(400);
      expect(tooBig.json.error).toEqual({ code: '0x80044a02', message: 'Attachment file size is too big.' });
      expect(await count('annotations')).toBe(notes);
      const fits = await f.call('POST', 'annotations', { body: { subject: 'Small', filename: 'small.txt', documentbody: 'A'.repeat(1000) } });
      expect(fits.status).toBe(204);
      const update = await f.call('PATCH', `annotations(${idOf(fits)})`, { body: { documentbody: 'B'.repeat(1004) } });
      expect(update.status).toBe(400);
    });

    it('refuses settings out of range, naming the field', async () => {
      const res = await f.admin('PUT', '/_emulator/settings', { max_upload_file_size: 200_000_000 });
      expect(res.status).toBe(400);
      expect(res.json.error.message).toBe('max_upload_file_size must be at most 131072000.');
      const negative = await f.admin('PUT', '/_emulator/settings', { expire_change_tracking_in_days: -1 });
      expect(negative.status).toBe(400);
      expect(negative.json.error.message).toContain('expire_change_tracking_in_days');
    });
  });

  describe('$batch with Prefer: odata.continue-on-error', () => {
    const batch = (parts: Array<Record<string, unknown>>) => {
      const lines = parts.flatMap((body, i) => [
        '--batch_x', 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', `Content-ID: ${i + 1}`, '',
        `POST ${f.api}contacts HTTP/1.1`, 'Content-Type: application/json', '', JSON.stringify(body),
      ]);
      return `${[...lines, '--batch_x--'].join('\r\n')}\r\n`;
    };
    const statuses = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    const parts = [{ lastname: 'One' }, { lastname: 'Two', bogus: 1 }, { lastname: 'Three' }];

    it('stops at the first failure by default and goes on with continue-on-error', async () => {
      const before = await count('contacts');
      const stop = await f.call('POST', '$batch', { body: batch(parts), headers: { 'Content-Type': 'multipart/mixed; boundary=batch_x' } });
      expect(stop.status).toBe(200);
      expect(statuses(stop.text)).toEqual([204, 400]);
      expect(await count('contacts')).toBe(before + 1);
      const goOn = await f.call('POST', '$batch', {
        body: batch(parts),
        headers: { 'Content-Type': 'multipart/mixed; boundary=batch_x', Prefer: 'odata.continue-on-error' },
      });
      expect(statuses(goOn.text)).toEqual([204, 400, 204]);
      expect(goOn.text).toContain("Invalid property 'bogus' was found in entity 'Microsoft.Dynamics.CRM.contact'");
      expect(await count('contacts')).toBe(before + 3);
    });
  });
});
