import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallContext, ChangeEventDto, ChangesPageDto, ChangeEventType, ListChangesQueryDto, SYNC_RESOURCES } from '@dua/unified-models';
import { CursorCodec } from '@dua/service-kit';
import { SyncAccountsService } from '../accounts/sync-accounts.service';
import { StoredEvent } from '../events/event-log';

const DEFAULT_LIMIT = 100;

/** Where a reader of the feed stands: the last sequence it has seen. */
interface ChangesPosition {
  after: number;
}

/**
 * `GET /unified/crm/changes`: the account's events after the cursor's sequence, oldest first. The cursor is signed and
 * bound to the environment, the account and the resources asked for; the same cursor always returns the same events
 * (events are append-only and their sequences commit in order). Reading the feed makes sync-service follow the account.
 */
@Injectable()
export class ChangesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CursorCodec) private readonly cursors: CursorCodec,
    private readonly accounts: SyncAccountsService,
  ) {}

  async list(context: CallContext, query: ListChangesQueryDto): Promise<ChangesPageDto> {
    const resources = query.resources?.length ? [...query.resources].sort() : [...SYNC_RESOURCES].sort();
    const binding = { environment: context.environment_id, account: query.integrated_account_id, resources };
    const position = query.cursor ? this.cursors.decode<ChangesPosition>(query.cursor, binding) : undefined;
    await this.accounts.follow(context, query.integrated_account_id);
    if (!position || !Number.isSafeInteger(position.after)) {
      const [{ last_sequence }] = await this.db.query('SELECT last_sequence FROM sync_accounts WHERE integrated_account_id = $1', [query.integrated_account_id]);
      return { result: [], next_cursor: this.cursors.encode<ChangesPosition>({ after: Number(last_sequence) }, binding) };
    }
    const rows: StoredEvent[] = await this.db.query(
      `SELECT event_id, sequence, type, resource, record_id, occurred_at, data FROM sync_events
       WHERE integrated_account_id = $1 AND sequence > $2 AND (resource IS NULL OR resource = ANY($3::text[]))
       ORDER BY sequence LIMIT $4`,
      [query.integrated_account_id, position.after, resources, query.limit ?? DEFAULT_LIMIT],
    );
    const result = rows.map(changeEventOf);
    const after = result.length ? result[result.length - 1].sequence : position.after;
    return { result, next_cursor: this.cursors.encode<ChangesPosition>({ after }, binding) };
  }
}

export function changeEventOf(row: StoredEvent): ChangeEventDto {
  const event: ChangeEventDto = { event_id: row.event_id, sequence: Number(row.sequence), type: row.type, occurred_at: new Date(row.occurred_at).toISOString() };
  if (row.resource) event.resource = row.resource;
  if (row.record_id) event.id = row.record_id;
  if (row.type === ChangeEventType.RECORD_CHANGED && row.data) event.data = row.data;
  return event;
}
