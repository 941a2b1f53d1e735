import { and, CONTACT_TABLE, ContactRow, eq, guid } from '@dua/dataverse-client';
import { ContactDto, ListContactsQueryDto, UpdateContactDto } from '@dua/unified-models';
import { CrmWritableResource, requireFields } from '../common/crm-resource';
import { emailFilter } from '../common/email-filter';
import { mapContact, unmapContact } from './contact.mapper';

export const CONTACTS: CrmWritableResource<ContactRow, ContactDto, UpdateContactDto, ListContactsQueryDto> = {
  name: 'contacts',
  table: CONTACT_TABLE,
  nameColumn: 'fullname',
  filter: (query, attributes) =>
    and(query.account_id ? eq('_parentcustomerid_value', guid(query.account_id)) : undefined, emailFilter(query.email, attributes)),
  map: (row) => mapContact(row),
  write: {
    unmap: (input) => unmapContact(input),
    missingOnCreate: (input) => requireFields(input, 'last_name'),
  },
};
