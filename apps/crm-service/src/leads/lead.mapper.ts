import { DataverseRow, LeadRow } from '@dua/dataverse-client';
import { LeadDto, LeadStatus } from '@dua/unified-models';
import { ResourceFields } from '../common/crm-resource';
import { addressesOf, choice, currencyOf, emailAddressesOf, numberOf, PERSON_PHONE_COLUMNS, phoneNumbersOf, referenceOf, stateOf, text } from '../common/record-fields';

/** lead `statecode`: 0 Open, 1 Qualified, 2 Disqualified. */
export const LEAD_STATES: Readonly<Record<number, LeadStatus>> = { 0: LeadStatus.OPEN, 1: LeadStatus.QUALIFIED, 2: LeadStatus.DISQUALIFIED };

export function mapLead(row: Partial<LeadRow> & DataverseRow, currencyCodes: ReadonlyMap<string, string>): ResourceFields<LeadDto> {
  return {
    first_name: text(row, 'firstname'),
    last_name: text(row, 'lastname'),
    name: text(row, 'fullname'),
    subject: text(row, 'subject'),
    title: text(row, 'jobtitle'),
    company_name: text(row, 'companyname'),
    email_addresses: emailAddressesOf(row),
    phone_numbers: phoneNumbersOf(row, PERSON_PHONE_COLUMNS),
    addresses: addressesOf(row),
    website: text(row, 'websiteurl'),
    lead_source: choice(row, 'leadsourcecode'),
    status: stateOf(row, LEAD_STATES),
    status_reason: choice(row, 'statuscode'),
    estimated_amount: numberOf(row, 'estimatedamount'),
    currency: currencyOf(row, currencyCodes),
    account: referenceOf(row, '_parentaccountid_value'),
    contact: referenceOf(row, '_parentcontactid_value'),
    owner: referenceOf(row, '_ownerid_value'),
    description: text(row, 'description'),
  };
}
