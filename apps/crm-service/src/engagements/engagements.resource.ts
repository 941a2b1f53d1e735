import { ACTIVITY_POINTER_TABLE, ActivityPointerRow, and, eq, Filter, guid, or } from '@dua/dataverse-client';
import { EngagementDto, EngagementType, ListEngagementsQueryDto } from '@dua/unified-models';
import { CrmResource } from '../common/crm-resource';
import { ACTIVITY_TYPE_CODES, mapEngagement } from './engagement.mapper';

/** Only the activity tables that are engagements: one `activitytypecode` condition, or the four of them. */
function typeFilter(type: EngagementType | undefined): Filter | undefined {
  if (type) return eq('activitytypecode', ACTIVITY_TYPE_CODES[type]);
  return or(...Object.values(ACTIVITY_TYPE_CODES).map((code) => eq('activitytypecode', code)));
}

/** `contact_id`, `account_id`, `lead_id`, `opportunity_id`: the record the activity is regarding. */
export function regardingFilter(column: string, query: { contact_id?: string; account_id?: string; lead_id?: string; opportunity_id?: string }): Filter | undefined {
  return and(...[query.contact_id, query.account_id, query.lead_id, query.opportunity_id].map((id) => (id ? eq(column, guid(id)) : undefined)));
}

/**
 * Engagements are read from `activitypointers` (every activity type in one query). The mapper here sees the row only;
 * `EngagementsService` adds the parties and type-specific columns of a whole page with a few batched queries.
 */
export const ENGAGEMENTS: CrmResource<ActivityPointerRow, EngagementDto, ListEngagementsQueryDto> = {
  name: 'engagements',
  table: ACTIVITY_POINTER_TABLE,
  nameColumn: 'subject',
  filter: (query) => and(typeFilter(query.type), regardingFilter('_regardingobjectid_value', query)),
  map: (row) => mapEngagement(row),
};
