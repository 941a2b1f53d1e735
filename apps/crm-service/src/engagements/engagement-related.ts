import { ACTIVITY_PARTY_TABLE, and, DataverseClient, DataverseRow, eq, Filter, guid, le, MAX_PAGE_SIZE, or } from '@dua/dataverse-client';
import { EngagementType } from '@dua/unified-models';
import { EngagementRelated, MAX_PARTICIPANT_MASK } from './engagement.mapper';

/** The type-specific columns of each activity table (activitypointer does not have them). */
export const ACTIVITY_DETAILS: Readonly<Partial<Record<EngagementType, { entitySet: string; select: readonly string[] }>>> = {
  [EngagementType.CALL]: { entitySet: 'phonecalls', select: ['activityid', 'phonenumber', 'directioncode'] },
  [EngagementType.EMAIL]: { entitySet: 'emails', select: ['activityid', 'directioncode'] },
  [EngagementType.MEETING]: { entitySet: 'appointments', select: ['activityid', 'location'] },
};

/**
 * Ids per query. An `or` of `eq` conditions costs 71 characters an id once encoded: 150 ids make a URL of about
 * 11 KB, under Dataverse's 32 KB GET limit and under the 16 KB request head Node servers (the emulator) accept. A
 * page of up to 150 engagements costs one query per related table; a larger page one more per 150 rows.
 */
export const IDS_PER_QUERY = 150;

/** The engagements of one page whose related rows to fetch. */
export interface EngagementKey {
  id: string;
  type: EngagementType;
}

/**
 * The parties and type-specific columns of a page of engagements, in a fixed number of queries per page (never one
 * per row): one on `activityparties` and one per activity table present, run concurrently.
 */
export async function fetchEngagementRelated(client: DataverseClient, engagements: readonly EngagementKey[]): Promise<Map<string, EngagementRelated>> {
  const partiesById = new Map<string, DataverseRow[]>(engagements.map(({ id }) => [id, []]));
  const related = new Map<string, EngagementRelated>(engagements.map(({ id }) => [id, { parties: partiesById.get(id) ?? [] }]));
  if (engagements.length === 0) return related;

  const ids = engagements.map(({ id }) => id);
  const parties = readAll(client, ACTIVITY_PARTY_TABLE.entitySet, ACTIVITY_PARTY_TABLE.select, '_activityid_value', ids, le('participationtypemask', MAX_PARTICIPANT_MASK)).then((rows) => {
    for (const row of rows) partiesById.get(String(row['_activityid_value']))?.push(row);
  });
  const details = Object.entries(ACTIVITY_DETAILS).map(async ([type, table]) => {
    const ids = engagements.filter((engagement) => engagement.type === type).map(({ id }) => id);
    if (ids.length === 0) return;
    for (const row of await readAll(client, table.entitySet, table.select, 'activityid', ids)) {
      const entry = related.get(String(row['activityid']));
      if (entry) entry.details = row;
    }
  });
  await Promise.all([parties, ...details]);
  return related;
}

/** Every row of `entitySet` whose `column` is one of `ids`, chunked and following `@odata.nextLink`. */
async function readAll(client: DataverseClient, entitySet: string, select: readonly string[], column: string, ids: readonly string[], extra?: Filter): Promise<DataverseRow[]> {
  const rows: DataverseRow[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
    const chunk = ids.slice(start, start + IDS_PER_QUERY);
    const filter = and(or(...chunk.map((id) => eq(column, guid(id)))), extra);
    for await (const page of client.pages<DataverseRow>(entitySet, { select, filter }, MAX_PAGE_SIZE)) rows.push(...page.rows);
  }
  return rows;
}
