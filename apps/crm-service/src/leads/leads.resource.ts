import { and, eq, LEAD_TABLE, LeadRow } from '@dua/dataverse-client';
import { LeadDto, LeadStatus, ListLeadsQueryDto } from '@dua/unified-models';
import { CrmResource } from '../common/crm-resource';
import { emailFilter } from '../common/email-filter';
import { LEAD_STATES, mapLead } from './lead.mapper';

const STATE_OF_STATUS = Object.fromEntries(Object.entries(LEAD_STATES).map(([state, status]) => [status, Number(state)])) as Record<LeadStatus, number>;

export const LEADS: CrmResource<LeadRow, LeadDto, ListLeadsQueryDto> = {
  name: 'leads',
  table: LEAD_TABLE,
  nameColumn: 'fullname',
  usesCurrencies: true,
  filter: (query, attributes) => and(query.status ? eq('statecode', STATE_OF_STATUS[query.status]) : undefined, emailFilter(query.email, attributes)),
  map: (row, { currencyCodes }) => mapLead(row, currencyCodes),
};
