import { DataverseError, dataverseErrors } from '../errors/dataverse-error';
import { compileRowSerializer } from '../serialize/row-serializer';
import { NO_ANNOTATIONS } from '../serialize/annotation-preference';
import { TableDef } from '../tables/table-descriptor';
import { ApiRequest, ApiResponse, jsonResponse } from '../web-api/api-types';
import { scopeFor } from '../web-api/read-handler';
import { createRecord, updateRecord, WriteContext } from './record-writer';

/**
 * `POST leads(<id>)/Microsoft.Dynamics.CRM.QualifyLead`: creates the account, contact and opportunity asked for from
 * the lead's columns (the default lead mappings), links them to each other and to the lead, and closes the lead as
 * qualified. Answers 200 with each created record, typed by `@odata.type`.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/qualifylead
 */
type Json = Record<string, unknown>;

/** Lead column → column of the created record (the out-of-the-box lead mappings). */
const TO_ACCOUNT: Array<[string, string]> = [
  ['companyname', 'name'], ['telephone1', 'telephone1'], ['emailaddress1', 'emailaddress1'], ['websiteurl', 'websiteurl'],
  ['fax', 'fax'], ['address1_line1', 'address1_line1'], ['address1_line2', 'address1_line2'], ['address1_city', 'address1_city'],
  ['address1_stateorprovince', 'address1_stateorprovince'], ['address1_postalcode', 'address1_postalcode'],
  ['address1_country', 'address1_country'], ['industrycode', 'industrycode'], ['numberofemployees', 'numberofemployees'],
  ['description', 'description'],
];
const TO_CONTACT: Array<[string, string]> = [
  ['firstname', 'firstname'], ['lastname', 'lastname'], ['middlename', 'middlename'], ['salutation', 'salutation'],
  ['jobtitle', 'jobtitle'], ['emailaddress1', 'emailaddress1'], ['emailaddress2', 'emailaddress2'], ['telephone1', 'telephone1'],
  ['telephone2', 'telephone2'], ['mobilephone', 'mobilephone'], ['fax', 'fax'], ['address1_line1', 'address1_line1'],
  ['address1_line2', 'address1_line2'], ['address1_city', 'address1_city'], ['address1_stateorprovince', 'address1_stateorprovince'],
  ['address1_postalcode', 'address1_postalcode'], ['address1_country', 'address1_country'], ['description', 'description'],
];
const TO_OPPORTUNITY: Array<[string, string]> = [
  ['subject', 'name'], ['description', 'description'], ['estimatedamount', 'estimatedvalue'], ['estimatedclosedate', 'estimatedclosedate'],
  ['budgetamount', 'budgetamount'], ['purchasetimeframe', 'purchasetimeframe'], ['purchaseprocess', 'purchaseprocess'], ['need', 'need'],
  ['decisionmaker', 'decisionmaker'],
];

export function qualifyLead(req: ApiRequest, lead: TableDef, r: number, body: Json): ApiResponse {
  const { data } = req;
  const flags = ['CreateAccount', 'CreateContact', 'CreateOpportunity'] as const;
  for (const name of [...flags, 'Status'] as const) {
    const value = body[name];
    if (name === 'Status' ? typeof value !== 'number' : typeof value !== 'boolean') {
      throw dataverseErrors.badRequest(`Request message has unresolved parameters. '${name}' is required.`);
    }
  }
  const store = data.store(lead);
  const leadId = store.ids[r];
  const status = data.registry.column(lead, 'statuscode')?.options?.find((o) => o.value === body.Status);
  if (!status || status.state !== 1) {
    throw new DataverseError(400, '0x80040203', `${String(body.Status)} is not a valid status code for state code LeadState.Qualified on lead with Id ${leadId}.`);
  }
  if (store.get(r, 'statecode') !== 0) {
    throw new DataverseError(400, '0x80040203', 'The lead is closed. You cannot convert or qualify a lead that is already closed.');
  }
  const ctx: WriteContext = { data, user: req.user, now: req.now };
  const from = (mapping: Array<[string, string]>): Json => {
    const out: Json = {};
    for (const [source, target] of mapping) {
      const v = store.get(r, source);
      if (v !== null) out[target] = typeof v === 'number' && data.registry.column(lead, source)?.type === 'DateTime' && !data.registry.column(lead, source)?.dateOnly ? new Date(v).toISOString() : v;
    }
    return out;
  };
  const originating = { 'originatingleadid@odata.bind': `/leads(${leadId})` };
  const created: Array<{ table: TableDef; r: number }> = [];
  const make = (table: string, values: Json): string => {
    const t = data.registry.table(table);
    const row = createRecord(ctx, t, values);
    created.push({ table: t, r: row });
    return data.store(t).ids[row];
  };
  return data.transaction(() => {
    const accountId = body.CreateAccount ? make('account', { name: store.get(r, 'fullname') ?? 'Qualified lead', ...from(TO_ACCOUNT), ...originating }) : undefined;
    const contactId = body.CreateContact
      ? make('contact', {
          ...from(TO_CONTACT),
          ...originating,
          ...(accountId && { 'parentcustomerid_account@odata.bind': `/accounts(${accountId})` }),
        })
      : undefined;
    if (accountId && contactId) updateRecord(ctx, data.registry.table('account'), data.findRow(data.registry.table('account'), accountId), { 'primarycontactid@odata.bind': `/contacts(${contactId})` });
    let opportunityId: string | undefined;
    if (body.CreateOpportunity) {
      const customer = customerOf(body.OpportunityCustomerId) ?? (accountId ? { set: 'accounts', id: accountId } : contactId ? { set: 'contacts', id: contactId } : undefined);
      const currency = entityId(body.OpportunityCurrencyId, 'transactioncurrency');
      opportunityId = make('opportunity', {
        ...from(TO_OPPORTUNITY),
        ...originating,
        ...(customer && { [`customerid_${customer.set === 'accounts' ? 'account' : 'contact'}@odata.bind`]: `/${customer.set}(${customer.id})` }),
        ...(customer?.set === 'accounts' && { 'parentaccountid@odata.bind': `/accounts(${customer.id})` }),
        ...(contactId && { 'parentcontactid@odata.bind': `/contacts(${contactId})` }),
        ...(currency && { 'transactioncurrencyid@odata.bind': `/transactioncurrencies(${currency})` }),
      });
    }
    // The lead keeps what it became; only the action may close it as qualified.
    if (accountId) store.set(r, 'parentaccountid', accountId);
    if (contactId) store.set(r, 'parentcontactid', contactId);
    if (opportunityId) store.set(r, 'qualifyingopportunityid', opportunityId);
    store.set(r, 'statecode', 1);
    store.set(r, 'statuscode', status.value);
    store.set(r, 'modifiedon', req.now);
    store.set(r, 'modifiedby', req.user.systemuserId);
    data.derive(lead, store, r);
    const value = created.map(({ table, r: row }) => {
      const serializer = compileRowSerializer(scopeFor(req, table), { expand: [], annotations: NO_ANNOTATIONS, etag: true });
      return { '@odata.type': `#Microsoft.Dynamics.CRM.${table.logicalName}`, ...serializer.object(row) };
    });
    return jsonResponse(200, { '@odata.context': `${req.apiBase}$metadata#Collection(Microsoft.Dynamics.CRM.crmbaseentity)`, value });
  });
}

/** `{"@odata.type":"Microsoft.Dynamics.CRM.account","accountid":"…"}` → the entity set and id. */
function customerOf(value: unknown): { set: string; id: string } | undefined {
  const account = entityId(value, 'account');
  if (account) return { set: 'accounts', id: account };
  const contact = entityId(value, 'contact');
  return contact ? { set: 'contacts', id: contact } : undefined;
}

function entityId(value: unknown, table: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Json;
  const type = String(v['@odata.type'] ?? '').replace(/^#?Microsoft\.Dynamics\.CRM\./, '');
  const id = v[`${table}id`];
  return (type === table || type === '') && typeof id === 'string' ? id : undefined;
}
