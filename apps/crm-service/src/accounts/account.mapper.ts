import { AccountRow, DataverseRow } from '@dua/dataverse-client';
import { AccountDto, ActiveStatus } from '@dua/unified-models';
import { ResourceFields } from '../common/crm-resource';
import { ACCOUNT_PHONE_COLUMNS, addressesOf, choice, currencyOf, emailAddressesOf, numberOf, phoneNumbersOf, referenceOf, stateOf, text } from '../common/record-fields';

/** account `statecode`: 0 Active, 1 Inactive. */
export const ACCOUNT_STATES: Readonly<Record<number, ActiveStatus>> = { 0: ActiveStatus.ACTIVE, 1: ActiveStatus.INACTIVE };

export function mapAccount(row: Partial<AccountRow> & DataverseRow, currencyCodes: ReadonlyMap<string, string>): ResourceFields<AccountDto> {
  return {
    name: text(row, 'name'),
    description: text(row, 'description'),
    industry: choice(row, 'industrycode'),
    website: text(row, 'websiteurl'),
    number_of_employees: numberOf(row, 'numberofemployees'),
    annual_revenue: numberOf(row, 'revenue'),
    currency: currencyOf(row, currencyCodes),
    email_addresses: emailAddressesOf(row),
    phone_numbers: phoneNumbersOf(row, ACCOUNT_PHONE_COLUMNS),
    addresses: addressesOf(row),
    parent_account: referenceOf(row, '_parentaccountid_value'),
    primary_contact: referenceOf(row, '_primarycontactid_value'),
    owner: referenceOf(row, '_ownerid_value'),
    status: stateOf(row, ACCOUNT_STATES),
  };
}
