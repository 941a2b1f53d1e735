import { SyncResource } from './change-event.dto';

/** `crm.changes.read`: a page of changes of one resource since `position` (null: a full read from scratch). */
export interface ReadChangesRequest {
  integrated_account_id: string;
  resource: SyncResource;
  /** Opaque to sync-service: what the previous page returned as `position`. */
  position: string | null;
  page_size: number;
}

export interface ReadChangesReply {
  /** Unified records created or updated, in Dataverse's order. */
  changed: Array<Record<string, unknown> & { id: string }>;
  deleted: string[];
  /** Where the next read starts; stored with the events of this page. */
  position: string;
  /** True when `position` is a delta link (the read caught up); false mid-read (a next page is waiting). */
  caught_up: boolean;
  /** Dataverse refused the stored position as expired (`0x80044352`): start again with `position: null`. */
  expired?: boolean;
  /** Tables of the resource that have no change tracking: reported, not skipped silently. */
  not_tracked?: string[];
}
