import { and, eq, LEAD_TABLE, LeadRow } from '@dua/dataverse-client';
import { LeadDto, LeadStatus, ListLeadsQueryDto, UpdateLeadDto } from '@dua/unified-models';
import { CrmWritableResource, requireFields } from '../common/crm-resource';
import { emailFilter } from '../common/email-filter';
import { LEAD_STATES, mapLead, unmapLead } from './lead.mapper';

const STATE_OF_STATUS = Object.fromEntries(Object.entries(LEAD_STATES).map(([state, status]) => [status, Number(state)])) as Record<LeadStatus, number>;

export const LEADS: CrmWritableResource<LeadRow, LeadDto, UpdateLeadDto, ListLeadsQueryDto> = {
  name: 'leads',
  table: LEAD_TABLE,
  nameColumn: 'fullname',
  usesCurrencies: true,
  filter: (query, attributes) => and(query.status ? eq('statecode', STATE_OF_STATUS[query.status]) : undefined, emailFilter(query.email, attributes)),
  map: (row, context) => mapLead(row, context),
  write: {
    unmap: (input, { currencyIds }) => unmapLead(input, currencyIds),
    missingOnCreate: (input) => requireFields(input, 'last_name').length && requireFields(input, 'company_name').length ? [{ field: 'last_name', message: 'last_name or company_name is required' }] : [],
  },
};
