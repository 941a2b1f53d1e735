import { and, eq, guid, OPPORTUNITY_TABLE, OpportunityRow } from '@dua/dataverse-client';
import { ListOpportunitiesQueryDto, OpportunityDto, OpportunityStatus, UpdateOpportunityDto } from '@dua/unified-models';
import { CrmWritableResource, requireFields } from '../common/crm-resource';
import { mapOpportunity, OPPORTUNITY_STATES, unmapOpportunity } from './opportunity.mapper';

const STATE_OF_STATUS = Object.fromEntries(Object.entries(OPPORTUNITY_STATES).map(([state, status]) => [status, Number(state)])) as Record<OpportunityStatus, number>;

export const OPPORTUNITIES: CrmWritableResource<OpportunityRow, OpportunityDto, UpdateOpportunityDto, ListOpportunitiesQueryDto> = {
  name: 'opportunities',
  table: OPPORTUNITY_TABLE,
  nameColumn: 'name',
  usesCurrencies: true,
  filter: (query) =>
    and(
      query.account_id ? eq('_parentaccountid_value', guid(query.account_id)) : undefined,
      query.status ? eq('statecode', STATE_OF_STATUS[query.status]) : undefined,
      query.stage !== undefined ? eq('stepname', query.stage) : undefined,
    ),
  map: (row, { currencyCodes }) => mapOpportunity(row, currencyCodes),
  write: {
    unmap: (input, { currencyIds }) => unmapOpportunity(input, currencyIds),
    missingOnCreate: (input) => requireFields(input, 'name'),
  },
};
