import { AccountRow, DataverseRow } from '@dua/dataverse-client';
import { AccountDto, ActiveStatus, UpdateAccountDto } from '@dua/unified-models';
import { MappingContext, ResourceFields } from '../common/crm-resource';
import {
  ACCOUNT_PHONE_COLUMNS,
  addressesOf,
  choice,
  currencyOf,
  emailAddressesOf,
  numberOf,
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

/** account `statecode`: 0 Active, 1 Inactive. */
export const ACCOUNT_STATES: Readonly<Record<number, ActiveStatus>> = { 0: ActiveStatus.ACTIVE, 1: ActiveStatus.INACTIVE };
/** account `statuscode` of each state: 1 Active, 2 Inactive. */
const ACCOUNT_DEFAULT_REASONS: Readonly<Record<number, number>> = { 0: 1, 1: 2 };

/** Unified text and number fields ← account column, both ways. */
const VALUE_COLUMNS = { name: 'name', description: 'description', website: 'websiteurl', number_of_employees: 'numberofemployees', annual_revenue: 'revenue' } as const;
const INDUSTRY_COLUMN = 'industrycode';

const REFERENCE_COLUMNS = {
  parent_account: { lookup: 'parentaccountid', target: 'account' },
  primary_contact: { lookup: 'primarycontactid', target: 'contact' },
  owner: { lookup: 'ownerid', target: 'systemuser' },
} as const satisfies Record<string, ReferenceColumn>;

export function mapAccount(row: Partial<AccountRow> & DataverseRow, { currencyCodes, attributes }: MappingContext): ResourceFields<AccountDto> {
  return {
    name: text(row, VALUE_COLUMNS.name),
    description: text(row, VALUE_COLUMNS.description),
    industry: choice(row, INDUSTRY_COLUMN, attributes),
    website: text(row, VALUE_COLUMNS.website),
    number_of_employees: numberOf(row, VALUE_COLUMNS.number_of_employees),
    annual_revenue: numberOf(row, VALUE_COLUMNS.annual_revenue),
    currency: currencyOf(row, currencyCodes),
    email_addresses: emailAddressesOf(row),
    phone_numbers: phoneNumbersOf(row, ACCOUNT_PHONE_COLUMNS),
    addresses: addressesOf(row),
    parent_account: referenceOf(row, `_${REFERENCE_COLUMNS.parent_account.lookup}_value`),
    primary_contact: referenceOf(row, `_${REFERENCE_COLUMNS.primary_contact.lookup}_value`),
    owner: referenceOf(row, `_${REFERENCE_COLUMNS.owner.lookup}_value`),
    status: stateOf(row, ACCOUNT_STATES),
  };
}

/** The unified account (any subset of its writable fields) to the account columns to write. */
export function unmapAccount(input: UpdateAccountDto, currencyIds: ReadonlyMap<string, string>): WritePlan {
  const plan = new WritePlan();
  writeColumns(plan, input, VALUE_COLUMNS);
  writeChoice(plan, input.industry, INDUSTRY_COLUMN);
  writeCurrency(plan, input.currency, currencyIds);
  writeEmailAddresses(plan, input.email_addresses);
  writePhoneNumbers(plan, input.phone_numbers, ACCOUNT_PHONE_COLUMNS);
  writeAddresses(plan, input.addresses);
  for (const field of ['parent_account', 'primary_contact', 'owner'] as const) writeReference(plan, field, input[field], REFERENCE_COLUMNS[field]);
  writeState(plan, input.status, undefined, ACCOUNT_STATES, ACCOUNT_DEFAULT_REASONS);
  return plan;
}
