import { DataverseError } from '../errors/dataverse-error';
import { TableDef } from '../tables/table-descriptor';

/**
 * Which participation types (`participationtypemask`) each activity's party lists take.
 * https://learn.microsoft.com/power-apps/developer/data-platform/activityparty-entity#activity-party-types-available-for-each-activity
 */
const MASKS_BY_ACTIVITY: Record<string, ReadonlySet<number>> = {
  // From, To, CC, BCC.
  email: new Set([1, 2, 3, 4]),
  // From, To.
  phonecall: new Set([1, 2]),
  // Required attendee, optional attendee, organizer.
  appointment: new Set([5, 6, 7]),
  // Tasks have no party lists.
  task: new Set(),
};

/** Refuses a participation type the activity has no party list for (`0x80094006`). */
export function checkPartyMask(activity: TableDef, mask: unknown): void {
  const allowed = MASKS_BY_ACTIVITY[activity.logicalName];
  if (allowed && !allowed.has(mask as number)) {
    throw new DataverseError(400, '0x80094006', `The Activity Party type Mask '${String(mask)}' not found.`);
  }
}

