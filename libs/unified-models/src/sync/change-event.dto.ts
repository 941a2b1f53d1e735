import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

/** The Unified CRM resources the change feed covers. */
export enum SyncResource {
  CONTACTS = 'contacts',
  ACCOUNTS = 'accounts',
  LEADS = 'leads',
  OPPORTUNITIES = 'opportunities',
  ENGAGEMENTS = 'engagements',
  NOTES = 'notes',
}

export const SYNC_RESOURCES: readonly SyncResource[] = Object.values(SyncResource);

/** What happened: a record created or updated, a record deleted, a gap repaired, or the account's status. */
export enum ChangeEventType {
  RECORD_CHANGED = 'record.changed',
  RECORD_DELETED = 'record.deleted',
  SYNC_RESET = 'sync.reset',
  ACCOUNT_NEEDS_REAUTH = 'account.needs_reauth',
  ACCOUNT_DISCONNECTED = 'account.disconnected',
}

function commaList({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value;
}

/** `GET /unified/crm/changes`. */
export class ListChangesQueryDto {
  /** The integrated account whose changes to read. */
  @IsUUID()
  integrated_account_id: string;

  /** Comma-separated resources (default: all of them). Account events (`account.*`) are always included. */
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayUnique()
  @IsEnum(SyncResource, { each: true })
  resources?: SyncResource[];

  /** Where the previous call stopped (`next_cursor`). Without it the feed starts from now. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;

  /** Events per call, 1–1000 (default 100). */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** One event of an account's change feed. */
export class ChangeEventDto {
  /** Stable across retries and replays: the `webhook-id` of its deliveries, and the consumer's idempotency key. */
  event_id: string;
  /** Per integrated account, increasing, without reuse. */
  sequence: number;
  type: ChangeEventType;
  /** The resource, for `record.*` events. */
  resource?: SyncResource;
  /** The record id, for `record.*` events. */
  id?: string;
  /** When we observed the change (ISO 8601). */
  occurred_at: string;
  /** The unified record, for `record.changed`. */
  data?: Record<string, unknown>;
}

/** The changes page: oldest first; `next_cursor` is always present and replays the same events. */
export class ChangesPageDto {
  result: ChangeEventDto[];
  next_cursor: string;
}
