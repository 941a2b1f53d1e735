import { ContactRow, DataverseRow } from '@dua/dataverse-client';
import { ActiveStatus, ContactDto, UpdateContactDto } from '@dua/unified-models';
import { ResourceFields } from '../common/crm-resource';
import {
  addressesOf,
  emailAddressesOf,
  PERSON_PHONE_COLUMNS,
  phoneNumbersOf,
  ReferenceColumn,
  referenceOf,
  referenceOfType,
  stateOf,
  text,
  writeAddresses,
  writeColumns,
  writeEmailAddresses,
  writePhoneNumbers,
  writeReference,
  writeState,
} from '../common/record-fields';
import { WritePlan } from '../common/write-plan';

/** contact `statecode`: 0 Active, 1 Inactive. */
export const CONTACT_STATES: Readonly<Record<number, ActiveStatus>> = { 0: ActiveStatus.ACTIVE, 1: ActiveStatus.INACTIVE };
/** contact `statuscode` of each state: 1 Active, 2 Inactive. */
const CONTACT_DEFAULT_REASONS: Readonly<Record<number, number>> = { 0: 1, 1: 2 };

/** Unified text field ← contact column, both ways. */
const TEXT_COLUMNS = { first_name: 'firstname', last_name: 'lastname', title: 'jobtitle', department: 'department', description: 'description' } as const;

/** Relations: `account` is the parent customer when that is an account. */
const REFERENCE_COLUMNS = {
  account: { lookup: 'parentcustomerid', target: 'account' },
  owner: { lookup: 'ownerid', target: 'systemuser' },
} as const satisfies Record<string, ReferenceColumn>;

/** A contact row to the unified contact. */
export function mapContact(row: Partial<ContactRow> & DataverseRow): ResourceFields<ContactDto> {
  return {
    first_name: text(row, TEXT_COLUMNS.first_name),
    last_name: text(row, TEXT_COLUMNS.last_name),
    name: text(row, 'fullname'),
    title: text(row, TEXT_COLUMNS.title),
    department: text(row, TEXT_COLUMNS.department),
    account: referenceOfType(row, `_${REFERENCE_COLUMNS.account.lookup}_value`, REFERENCE_COLUMNS.account.target),
    owner: referenceOf(row, `_${REFERENCE_COLUMNS.owner.lookup}_value`),
    email_addresses: emailAddressesOf(row),
    phone_numbers: phoneNumbersOf(row, PERSON_PHONE_COLUMNS),
    addresses: addressesOf(row),
    description: text(row, TEXT_COLUMNS.description),
    status: stateOf(row, CONTACT_STATES),
  };
}

/** The unified contact (any subset of its writable fields) to the contact columns to write. */
export function unmapContact(input: UpdateContactDto): WritePlan {
  const plan = new WritePlan();
  writeColumns(plan, input, TEXT_COLUMNS);
  writeReference(plan, 'account', input.account, REFERENCE_COLUMNS.account);
  writeReference(plan, 'owner', input.owner, REFERENCE_COLUMNS.owner);
  writeEmailAddresses(plan, input.email_addresses);
  writePhoneNumbers(plan, input.phone_numbers, PERSON_PHONE_COLUMNS);
  writeAddresses(plan, input.addresses);
  writeState(plan, input.status, undefined, CONTACT_STATES, CONTACT_DEFAULT_REASONS);
  return plan;
}
