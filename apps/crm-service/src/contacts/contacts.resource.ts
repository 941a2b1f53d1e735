import { and, CONTACT_TABLE, ContactRow, eq, guid } from '@dua/dataverse-client';
import { ContactDto, ListContactsQueryDto } from '@dua/unified-models';
import { CrmResource } from '../common/crm-resource';
import { emailFilter } from '../common/email-filter';
import { mapContact } from './contact.mapper';

export const CONTACTS: CrmResource<ContactRow, ContactDto, ListContactsQueryDto> = {
  name: 'contacts',
  table: CONTACT_TABLE,
  nameColumn: 'fullname',
  filter: (query, attributes) =>
    and(query.account_id ? eq('_parentcustomerid_value', guid(query.account_id)) : undefined, emailFilter(query.email, attributes)),
  map: (row) => mapContact(row),
};
