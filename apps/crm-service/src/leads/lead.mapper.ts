import { DataverseRow, LeadRow } from '@dua/dataverse-client';
import { LeadDto, LeadStatus, UpdateLeadDto } from '@dua/unified-models';
import { MappingContext, ResourceFields } from '../common/crm-resource';
import {
  addressesOf,
  choice,
  currencyOf,
  emailAddressesOf,
  numberOf,
  PERSON_PHONE_COLUMNS,
  phoneNumbersOf,
  ReferenceColumn,
  referenceOf,
  stateOf,
  text,
  writeAddresses,
  writeChoice,
  writeColumns,
  writeCurrency,
  writeEmailAddresses,
  writePhoneNumbers,
  writeReference,
  writeState,
} from '../common/record-fields';
import { WritePlan } from '../common/write-plan';

/** lead `statecode`: 0 Open, 1 Qualified, 2 Disqualified. */
export const LEAD_STATES: Readonly<Record<number, LeadStatus>> = { 0: LeadStatus.OPEN, 1: LeadStatus.QUALIFIED, 2: LeadStatus.DISQUALIFIED };
/** lead `statuscode` of each state when none is given: 1 New, 3 Qualified, 4 Lost. */
const LEAD_DEFAULT_REASONS: Readonly<Record<number, number>> = { 0: 1, 1: 3, 2: 4 };

/** Unified text and number fields ← lead column, both ways. */
const VALUE_COLUMNS = {
  first_name: 'firstname',
  last_name: 'lastname',
  subject: 'subject',
  title: 'jobtitle',
  company_name: 'companyname',
  website: 'websiteurl',
  estimated_amount: 'estimatedamount',
  description: 'description',
} as const;
const CHOICE_COLUMNS = { lead_source: 'leadsourcecode', status_reason: 'statuscode' } as const;

const REFERENCE_COLUMNS = {
  account: { lookup: 'parentaccountid', target: 'account' },
  contact: { lookup: 'parentcontactid', target: 'contact' },
  owner: { lookup: 'ownerid', target: 'systemuser' },
} as const satisfies Record<string, ReferenceColumn>;

export function mapLead(row: Partial<LeadRow> & DataverseRow, { currencyCodes, attributes }: MappingContext): ResourceFields<LeadDto> {
  return {
    first_name: text(row, VALUE_COLUMNS.first_name),
    last_name: text(row, VALUE_COLUMNS.last_name),
    name: text(row, 'fullname'),
    subject: text(row, VALUE_COLUMNS.subject),
    title: text(row, VALUE_COLUMNS.title),
    company_name: text(row, VALUE_COLUMNS.company_name),
    email_addresses: emailAddressesOf(row),
    phone_numbers: phoneNumbersOf(row, PERSON_PHONE_COLUMNS),
    addresses: addressesOf(row),
    website: text(row, VALUE_COLUMNS.website),
    lead_source: choice(row, CHOICE_COLUMNS.lead_source, attributes),
    status: stateOf(row, LEAD_STATES),
    status_reason: choice(row, CHOICE_COLUMNS.status_reason, attributes),
    estimated_amount: numberOf(row, VALUE_COLUMNS.estimated_amount),
    currency: currencyOf(row, currencyCodes),
    account: referenceOf(row, `_${REFERENCE_COLUMNS.account.lookup}_value`),
    contact: referenceOf(row, `_${REFERENCE_COLUMNS.contact.lookup}_value`),
    owner: referenceOf(row, `_${REFERENCE_COLUMNS.owner.lookup}_value`),
    description: text(row, VALUE_COLUMNS.description),
  };
}

/** The unified lead (any subset of its writable fields) to the lead columns to write; the status reason goes with the status. */
export function unmapLead(input: UpdateLeadDto, currencyIds: ReadonlyMap<string, string>): WritePlan {
  const plan = new WritePlan();
  writeColumns(plan, input, VALUE_COLUMNS);
  writeChoice(plan, input.lead_source, CHOICE_COLUMNS.lead_source);
  writeCurrency(plan, input.currency, currencyIds);
  writeEmailAddresses(plan, input.email_addresses);
  writePhoneNumbers(plan, input.phone_numbers, PERSON_PHONE_COLUMNS);
  writeAddresses(plan, input.addresses);
  for (const field of ['account', 'contact', 'owner'] as const) writeReference(plan, field, input[field], REFERENCE_COLUMNS[field]);
  writeState(plan, input.status, input.status_reason, LEAD_STATES, LEAD_DEFAULT_REASONS);
  return plan;
}
