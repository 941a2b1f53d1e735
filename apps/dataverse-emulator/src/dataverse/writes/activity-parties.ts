import { dataverseErrors } from '../errors/dataverse-error';
import { OrgData } from '../org-data';
import { TableDef } from '../tables/table-descriptor';
import { checkPartyMask } from './party-masks';
import { createRecord, WriteContext } from './record-writer';

/**
 * `PUT <activity>(<id>)/<type>_activity_parties` replaces all of an activity's parties at once ("possible only with
 * activityparty").
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api#associate-entities-on-update-using-collection-valued-navigation-property
 */
/** Replaces the parties of one activity row by the given party bodies (within the caller's transaction). */
export function replaceParties(ctx: WriteContext, activity: TableDef, activityId: string, body: Record<string, unknown>): void {
  const items = body.value;
  if (!Array.isArray(items)) throw dataverseErrors.badRequest("The request body must carry the parties in a 'value' array.");
  const { data } = ctx;
  const parties = data.registry.table('activityparty');
  const column = data.registry.column(parties, 'activityid');
  if (!column) throw dataverseErrors.internal('activityparty has no activityid column.');
  data.transaction(() => {
    removeParties(data, parties, activityId);
    for (const item of items) {
      if (!item || typeof item !== 'object' || Array.isArray(item)) throw dataverseErrors.badRequest('Each party must be an object.');
      checkPartyMask(activity, (item as Record<string, unknown>).participationtypemask);
      const r = createRecord(ctx, parties, item as Record<string, unknown>);
      const store = data.store(parties);
      data.setLookup(store, r, column, activity.logicalName, activityId);
      data.derive(parties, store, r);
    }
  });
}

function removeParties(data: OrgData, parties: TableDef, activityId: string): void {
  const store = data.store(parties);
  const ids = store.columnArray('activityid');
  if (!ids) return;
  for (const r of [...store.order]) {
    if (store.alive[r] === 1 && ids[r] === activityId) {
      store.delete(r);
      store.tombstone(r, data.nextVersion());
    }
  }
}
