import { SyncResource } from '@dua/unified-models';
import { ACCOUNTS } from '../accounts/accounts.resource';
import { CONTACTS } from '../contacts/contacts.resource';
import { ENGAGEMENTS } from '../engagements/engagements.resource';
import { LEADS } from '../leads/leads.resource';
import { NOTES } from '../notes/notes.resource';
import { OPPORTUNITIES } from '../opportunities/opportunities.resource';
import { CrmResource } from '../common/crm-resource';

/**
 * Where each resource's changes come from. A resource read from one table tracks that table and maps its delta rows
 * with the resource's own definition. Engagements are read from `activitypointers`, whose change tracking Microsoft
 * does not document; each activity table is tracked on its own instead (their ids are activitypointer ids) and the
 * changed engagements are read back through the engagements definition.
 */
export interface ChangeSource {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resource: CrmResource<any, any, any>;
  /** The tracked entity sets, in the order a read goes through them. */
  trackedSets: readonly string[];
  /** Whether delta rows are mapped directly (the table is the resource's own) or read back by id. */
  readBack: boolean;
}

export const CHANGE_SOURCES: Readonly<Record<SyncResource, ChangeSource>> = {
  [SyncResource.CONTACTS]: { resource: CONTACTS, trackedSets: [CONTACTS.table.entitySet], readBack: false },
  [SyncResource.ACCOUNTS]: { resource: ACCOUNTS, trackedSets: [ACCOUNTS.table.entitySet], readBack: false },
  [SyncResource.LEADS]: { resource: LEADS, trackedSets: [LEADS.table.entitySet], readBack: false },
  [SyncResource.OPPORTUNITIES]: { resource: OPPORTUNITIES, trackedSets: [OPPORTUNITIES.table.entitySet], readBack: false },
  [SyncResource.NOTES]: { resource: NOTES, trackedSets: [NOTES.table.entitySet], readBack: false },
  [SyncResource.ENGAGEMENTS]: {
    resource: ENGAGEMENTS,
    // The four activity tables that are engagements (calls, emails, meetings, tasks).
    trackedSets: ['phonecalls', 'emails', 'appointments', 'tasks'],
    readBack: true,
  },
};
