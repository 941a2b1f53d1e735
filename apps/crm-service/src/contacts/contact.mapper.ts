import { ContactRow, DataverseRow } from '@dua/dataverse-client';
import { ActiveStatus, ContactDto } from '@dua/unified-models';
import { ResourceFields } from '../common/crm-resource';
import { addressesOf, emailAddressesOf, PERSON_PHONE_COLUMNS, phoneNumbersOf, referenceOf, referenceOfType, stateOf, text } from '../common/record-fields';

/** contact `statecode`: 0 Active, 1 Inactive. */
export const CONTACT_STATES: Readonly<Record<number, ActiveStatus>> = { 0: ActiveStatus.ACTIVE, 1: ActiveStatus.INACTIVE };

/** A contact row to the unified contact. `account` is the parent customer only when that is an account. */
export function mapContact(row: Partial<ContactRow> & DataverseRow): ResourceFields<ContactDto> {
  return {
    first_name: text(row, 'firstname'),
    last_name: text(row, 'lastname'),
    name: text(row, 'fullname'),
    title: text(row, 'jobtitle'),
    department: text(row, 'department'),
    account: referenceOfType(row, '_parentcustomerid_value', 'account'),
    owner: referenceOf(row, '_ownerid_value'),
    email_addresses: emailAddressesOf(row),
    phone_numbers: phoneNumbersOf(row, PERSON_PHONE_COLUMNS),
    addresses: addressesOf(row),
    description: text(row, 'description'),
    status: stateOf(row, CONTACT_STATES),
  };
}
