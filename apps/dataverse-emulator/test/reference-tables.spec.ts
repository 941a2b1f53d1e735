import { REFERENCE_TABLES, ReferenceColumn } from '../src/dataverse/tables/reference-schema';
import { Fixture, startFixture } from './support/emulator-fixture';

/**
 * The standard tables follow Microsoft's entity reference (src/dataverse/tables/reference): every column the reference
 * marks writable can be created and reads back, read-only and unknown columns behave as in Dataverse, and the metadata
 * lists the reference's columns and options.
 */
const GUID = /\(([0-9a-f-]{36})\)$/;
const CLIENT_TABLES = ['account', 'contact', 'lead', 'opportunity', 'phonecall', 'email', 'appointment', 'task', 'annotation'];

/** Lookup targets the test can point at, with the row it binds to. */
type Targets = Record<string, { set: string; id: string }>;

/** A value of the column's type inside its range, and what the Web API reads back for it. */
function sampleValue(c: ReferenceColumn): { write: unknown; read: unknown } | undefined {
  const clamp = (v: number) => Math.min(c.max ?? v, Math.max(c.min ?? v, v));
  switch (c.type) {
    case 'String':
    case 'Memo': {
      const v = `${c.name} value`.slice(0, c.max_length ?? 100);
      return { write: v, read: v };
    }
    case 'Integer':
    case 'BigInt':
      return { write: clamp(7), read: clamp(7) };
    case 'Decimal':
    case 'Double':
    case 'Money':
      return { write: clamp(12.5), read: clamp(12.5) };
    case 'Boolean':
      return { write: !(c.default_value ?? false), read: !(c.default_value ?? false) };
    case 'DateTime':
      return c.datetime_behavior === 'DateOnly'
        ? { write: '2024-05-06', read: '2024-05-06' }
        : { write: '2024-05-06T07:08:09Z', read: '2024-05-06T07:08:09Z' };
    case 'Picklist':
      return c.options?.length ? { write: c.options[c.options.length - 1].value, read: c.options[c.options.length - 1].value } : undefined;
    case 'Uniqueidentifier':
      return { write: '0b7d8f4e-0c3a-4f55-9d62-3f1c2b4a5e61', read: '0b7d8f4e-0c3a-4f55-9d62-3f1c2b4a5e61' };
    default:
      return undefined;
  }
}

describe('standard tables from the entity reference', () => {
  let f: Fixture;
  let targets: Targets;
  beforeAll(async () => {
    f = await startFixture();
    const first = async (set: string, key: string) => ({ set, id: (await f.call('GET', `${set}?$select=${key}&$top=1`)).json.value[0][key] as string });
    targets = {
      account: await first('accounts', 'accountid'),
      contact: await first('contacts', 'contactid'),
      lead: await first('leads', 'leadid'),
      opportunity: await first('opportunities', 'opportunityid'),
      systemuser: { set: 'systemusers', id: f.org.users[1].systemuserId },
      transactioncurrency: await first('transactioncurrencies', 'transactioncurrencyid'),
    };
  });
  afterAll(() => f.close());

  /** Every writable column of the reference with a value (lookups bound through their navigation property). */
  function fullBody(table: string): { body: Record<string, unknown>; expected: Record<string, unknown> } {
    const data = f.data;
    const def = data.registry.table(table);
    const ref = REFERENCE_TABLES.get(table)!;
    const body: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const rc of ref.columns) {
      const column = data.registry.column(def, rc.name)!;
      if (!rc.writable || !column.validForCreate || column.webApi === false || rc.name === ref.primary_id) continue;
      if (rc.type === 'State' || rc.type === 'Status' || rc.type === 'EntityName') continue;
      if (rc.targets) {
        const target = (column.targets ?? []).find((t) => targets[t] && data.registry.navFor(column, t));
        if (!target) continue;
        body[`${data.registry.navFor(column, target)}@odata.bind`] = `/${targets[target].set}(${targets[target].id})`;
        expected[`_${rc.name}_value`] = targets[target].id;
        continue;
      }
      const sample = sampleValue(rc);
      if (!sample) continue;
      body[rc.name] = sample.write;
      expected[rc.name] = sample.read;
    }
    return { body, expected };
  }

  it.each(CLIENT_TABLES)('creates a %s with every column the reference marks writable, and it reads back equal', async (table) => {
    const def = f.data.registry.table(table);
    const { body, expected } = fullBody(table);
    expect(Object.keys(body).length).toBeGreaterThan(10);
    const created = await f.call('POST', def.entitySetName, { body });
    expect({ status: created.status, error: created.json?.error }).toEqual({ status: 204, error: undefined });
    const id = GUID.exec(created.headers.get('odata-entityid') ?? '')![1];
    const read = await f.call('GET', `${def.entitySetName}(${id})?$select=${Object.keys(expected).join(',')}`);
    expect(read.status).toBe(200);
    for (const [key, value] of Object.entries(expected)) expect({ key, value: read.json[key] }).toEqual({ key, value });
  });

  it('accepts creditonhold on an account, the column the issue found missing', async () => {
    const res = await f.call('POST', 'accounts?$select=creditonhold', { body: { name: 'On hold', creditonhold: true }, headers: { Prefer: 'return=representation' } });
    expect(res.status).toBe(201);
    expect(res.json.creditonhold).toBe(true);
  });

  it('reads every reference column of a new row, null until set, and stores Boolean defaults on create', async () => {
    const created = await f.call('POST', 'contacts', { body: { lastname: 'Nulls' } });
    const id = GUID.exec(created.headers.get('odata-entityid') ?? '')![1];
    const row = (await f.call('GET', `contacts(${id})`)).json;
    const readable = f.data.registry.readableColumns(f.data.registry.table('contact'));
    expect(readable.length).toBeGreaterThan(150);
    for (const c of readable) expect(Object.prototype.hasOwnProperty.call(row, c.type === 'Lookup' || c.type === 'Customer' || c.type === 'Owner' ? `_${c.logicalName}_value` : c.logicalName)).toBe(true);
    expect(row).toMatchObject({ annualincome: null, anniversary: null, donotbulkemail: false, followemail: true, creditonhold: false });
  });

  it('ignores read-only columns in a create body, as Dataverse does, and keeps what it maintains', async () => {
    // "The system will ignore any attribute values that are not allowed for create or update." (Microsoft, see README)
    const res = await f.call('POST', 'contacts?$select=fullname,createdon,aging30', {
      body: { firstname: 'Read', lastname: 'Only', fullname: 'Someone Else', createdon: '2001-01-01T00:00:00Z', aging30: 5 },
      headers: { Prefer: 'return=representation' },
    });
    expect(res.status).toBe(201);
    expect(res.json.fullname).toBe('Read Only');
    expect(res.json.createdon).not.toBe('2001-01-01T00:00:00Z');
    expect(res.json.aging30).toBeNull();
  });

  it('refuses an unknown column with the verbatim Invalid property error', async () => {
    const res = await f.call('POST', 'accounts', { body: { name: 'x', creditonhol: true } });
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({
      code: '0x0',
      message: "An error occurred while validating input parameters: Microsoft.Crm.CrmException: Invalid property 'creditonhol' was found in entity 'Microsoft.Dynamics.CRM.account'.",
    });
  });

  it('refuses values outside the reference: length, range and choice values', async () => {
    const long = await f.call('POST', 'accounts', { body: { name: 'x', tickersymbol: 'TOOLONGSYMBOL' } });
    expect(long.status).toBe(400);
    expect(long.json.error).toEqual({
      code: '0x80044331',
      message: "A validation error occurred. The length of the 'tickersymbol' attribute of the 'account' entity exceeded the maximum allowed length of '10'.",
    });
    const range = await f.call('POST', 'accounts', { body: { name: 'x', address1_latitude: 91 } });
    expect(range.status).toBe(400);
    expect(range.json.error.message).toBe("A validation error occurred. The value 91 of 'address1_latitude' on record of type 'account' is outside the valid range.");
    const choice = await f.call('POST', 'accounts', { body: { name: 'x', paymenttermscode: 9 } });
    expect(choice.status).toBe(400);
    expect(choice.json.error).toEqual({
      code: '0x8004431a',
      message: "A validation error occurred. The value 9 of 'paymenttermscode' on record of type 'account' is outside the valid range. Accepted Values: 1,2,3,4.",
    });
    const type = await f.call('POST', 'accounts', { body: { name: 'x', creditonhold: 'yes' } });
    expect(type.status).toBe(400);
    expect(type.json.error.message).toBe("Cannot convert the literal 'yes' to the expected type 'Edm.Boolean'.");
    const party = await f.call('POST', 'phonecalls', { body: { subject: 'x', to: 'someone' } });
    expect(party.status).toBe(400);
    expect(party.json.error.message).toContain("Invalid property 'to' was found in entity 'Microsoft.Dynamics.CRM.phonecall'");
  });

  it('lists every reference column of account in its attribute metadata, with the reference type and option sets', async () => {
    const ref = REFERENCE_TABLES.get('account')!;
    const res = await f.call('GET', "EntityDefinitions(LogicalName='account')/Attributes?$select=LogicalName,AttributeType,RequiredLevel,IsValidForCreate,IsValidForUpdate");
    const byName = new Map<string, { AttributeType: string; RequiredLevel: { Value: string }; IsValidForCreate: boolean }>(
      res.json.value.map((a: { LogicalName: string }) => [a.LogicalName, a]),
    );
    for (const rc of ref.columns) {
      const a = byName.get(rc.name);
      expect({ name: rc.name, type: a?.AttributeType, required: a?.RequiredLevel.Value }).toEqual({ name: rc.name, type: rc.type, required: rc.required });
      if (!rc.writable) expect({ name: rc.name, create: a?.IsValidForCreate }).toEqual({ name: rc.name, create: false });
    }
    for (const rc of ref.columns.filter((c) => c.type === 'Picklist' && c.options?.length)) {
      const meta = await f.call('GET', `EntityDefinitions(LogicalName='account')/Attributes(LogicalName='${rc.name}')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet`);
      const options = meta.json.OptionSet.Options.map((o: { Value: number; Label: { UserLocalizedLabel: { Label: string } | null } }) => ({
        value: o.Value,
        label: o.Label.UserLocalizedLabel?.Label ?? '',
      }));
      expect(options).toEqual(rc.options);
    }
    const string = await f.call('GET', "EntityDefinitions(LogicalName='account')/Attributes(LogicalName='tickersymbol')/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=MaxLength");
    expect(string.json.MaxLength).toBe(10);
    const lookup = await f.call('GET', "EntityDefinitions(LogicalName='account')/Attributes(LogicalName='preferredsystemuserid')/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=Targets");
    expect(lookup.json.Targets).toEqual(['systemuser']);
  });

  it('gives state and status their pairs and default statuses from the reference', async () => {
    const meta = await f.call('GET', "EntityDefinitions(LogicalName='task')/Attributes(LogicalName='statecode')/Microsoft.Dynamics.CRM.StateAttributeMetadata?$select=LogicalName&$expand=OptionSet");
    expect(meta.json.OptionSet.Options.map((o: { Value: number; DefaultStatus: number }) => [o.Value, o.DefaultStatus])).toEqual([[0, 2], [1, 5], [2, 6]]);
    const status = await f.call('GET', "EntityDefinitions(LogicalName='activitypointer')/Attributes(LogicalName='statuscode')/Microsoft.Dynamics.CRM.StatusAttributeMetadata?$select=LogicalName&$expand=OptionSet");
    expect(status.json.OptionSet.Options.length).toBeGreaterThan(0);
  });

  it('enforces statecode/statuscode pairs on write and refuses closing opportunities and qualifying leads by PATCH', async () => {
    const task = await f.call('POST', 'tasks', { body: { subject: 'Pairs' } });
    const taskId = GUID.exec(task.headers.get('odata-entityid') ?? '')![1];
    const mismatch = await f.call('PATCH', `tasks(${taskId})`, { body: { statecode: 1, statuscode: 6 } });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.error.message).toBe(`6 is not a valid status code for state code TaskState.Completed on task with Id ${taskId}.`);
    const alone = await f.call('PATCH', `tasks(${taskId})`, { body: { statuscode: 5 } });
    expect(alone.status).toBe(400);
    expect((await f.call('GET', `tasks(${taskId})?$select=statecode,statuscode`)).json).toMatchObject({ statecode: 0, statuscode: 2 });
    const done = await f.call('PATCH', `tasks(${taskId})`, { body: { statecode: 1 } });
    expect(done.status).toBe(204);
    expect((await f.call('GET', `tasks(${taskId})?$select=statecode,statuscode`)).json).toMatchObject({ statecode: 1, statuscode: 5 });

    const win = await f.call('PATCH', `opportunities(${targets.opportunity.id})`, { body: { statecode: 1, statuscode: 3 } });
    expect(win.status).toBe(400);
    expect(win.json.error).toEqual({
      code: '0x80100005',
      message: 'This message can not be used to set the state of opportunity to Won. In order to set state of opportunity to Won, use the WinOpportunity message instead.',
    });
    const lead = await f.call('POST', 'leads', { body: { subject: 'Qualify me', lastname: 'Lead' } });
    const leadId = GUID.exec(lead.headers.get('odata-entityid') ?? '')![1];
    const qualify = await f.call('PATCH', `leads(${leadId})`, { body: { statecode: 1, statuscode: 3 } });
    expect(qualify.status).toBe(400);
    expect(qualify.json.error.message).toContain('use the QualifyLead message instead');
    const disqualify = await f.call('PATCH', `leads(${leadId})`, { body: { statecode: 2, statuscode: 6 } });
    expect(disqualify.status).toBe(204);
  });

  it('binds and expands through the reference navigation property names, and refuses the old aliases', async () => {
    const created = await f.call('POST', 'phonecalls', {
      body: {
        subject: 'Nav names',
        'regardingobjectid_account_phonecall@odata.bind': `/accounts(${targets.account.id})`,
        'ownerid_phonecall@odata.bind': `/systemusers(${targets.systemuser.id})`,
      },
    });
    expect(created.status).toBe(204);
    const id = GUID.exec(created.headers.get('odata-entityid') ?? '')![1];
    const read = await f.call('GET', `phonecalls(${id})?$select=subject&$expand=regardingobjectid_account_phonecall($select=name),createdby_phonecall($select=fullname)`);
    expect(read.json.regardingobjectid_account_phonecall.accountid).toBe(targets.account.id);
    expect(read.json.createdby_phonecall.systemuserid).toBe(f.org.users[0].systemuserId);
    expect((await f.call('GET', `phonecalls(${id})?$select=_ownerid_value`)).json._ownerid_value).toBe(targets.systemuser.id);
    const alias = await f.call('POST', 'phonecalls', { body: { subject: 'x', 'regardingobjectid_account@odata.bind': `/accounts(${targets.account.id})` } });
    expect(alias.status).toBe(400);
    expect(alias.json.error.code).toBe('0x80048d19');
    const relationships = await f.call('GET', "EntityDefinitions(LogicalName='phonecall')/ManyToOneRelationships?$select=ReferencingEntityNavigationPropertyName,ReferencedEntity");
    const names = relationships.json.value.map((r: { ReferencingEntityNavigationPropertyName: string }) => r.ReferencingEntityNavigationPropertyName);
    expect(names).toEqual(expect.arrayContaining(['regardingobjectid_account_phonecall', 'regardingobjectid_lead_phonecall', 'ownerid_phonecall']));
  });

  it('fixes the gaps: organization createdon, a % in a $filter literal is a plain character', async () => {
    const org = await f.call('GET', 'organizations?$select=createdon');
    expect(org.json.value[0].createdon).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await f.call('POST', 'accounts', { body: { name: "100%27 O'Brien" } });
    const filter = encodeURIComponent("name eq '100%27 O''Brien'");
    const found = await f.call('GET', `accounts?$select=name&$filter=${filter}`);
    expect(found.status).toBe(200);
    expect(found.json.value.map((a: { name: string }) => a.name)).toEqual(["100%27 O'Brien"]);
  });

  it('adds custom columns of each kind through the admin reset, filled by the seed, and drops them on the next reset', async () => {
    const reset = await f.admin('POST', '/_emulator/reset', { org: f.org.name, seed: { contacts: 50 }, custom_columns: { contact: 150 } });
    expect(reset.status).toBe(200);
    f.data = f.emu.state.data(f.org.name)!;
    const cr = f.data.customizationPrefix;
    const custom = await f.call('GET', "EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName,AttributeType&$filter=IsCustomAttribute eq true");
    const extra = custom.json.value.filter((a: { LogicalName: string }) => a.LogicalName.startsWith(`${cr}_field`));
    expect(extra).toHaveLength(150);
    expect(new Set(extra.map((a: { AttributeType: string }) => a.AttributeType))).toEqual(
      new Set(['String', 'Integer', 'Decimal', 'Money', 'Boolean', 'DateTime', 'Picklist', 'Virtual', 'Lookup'].map((t) => (t === 'Virtual' ? 'MultiSelectPicklist' : t))),
    );
    // The original custom columns stay.
    expect(custom.json.value.map((a: { LogicalName: string }) => a.LogicalName)).toEqual(expect.arrayContaining(['new_preferredchannel', `${cr}_externalref`]));
    const rows = await f.call('GET', `contacts?$select=${cr}_field001,${cr}_field008,_${cr}_field009id_value&$top=50`);
    expect(rows.json.value.some((r: Record<string, unknown>) => typeof r[`${cr}_field001`] === 'string')).toBe(true);
    expect(rows.json.value.some((r: Record<string, unknown>) => typeof r[`${cr}_field008`] === 'string')).toBe(true);
    const written = await f.call('POST', 'contacts', {
      body: { lastname: 'Custom', [`${cr}_field008`]: '100000000,100000002', [`${cr}_Field009Id@odata.bind`]: `/systemusers(${targets.systemuser.id})` },
    });
    expect(written.status).toBe(204);
    const badChoices = await f.call('POST', 'contacts', { body: { lastname: 'Custom', [`${cr}_field008`]: '100000000,7' } });
    expect(badChoices.status).toBe(400);
    const bad = await f.admin('POST', '/_emulator/reset', { org: f.org.name, custom_columns: { widget: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('custom_columns.widget');
    await f.admin('POST', '/_emulator/reset', { org: f.org.name });
    f.data = f.emu.state.data(f.org.name)!;
    const after = await f.call('GET', `contacts?$select=${cr}_field001&$top=1`);
    expect(after.status).toBe(400);
  });
});
