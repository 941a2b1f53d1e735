import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ChangeEventType, ReadChangesReply, SyncResource } from '@dua/unified-models';
import { appendEvents, NewEvent } from '../events/event-log';

/**
 * How a stream reads: `baseline` learns the ids that exist (the feed starts from now, so it emits nothing), `reset`
 * re-reads everything after an expired token and emits what differs from what we knew, `delta` emits every change.
 */
export type StreamMode = 'baseline' | 'reset' | 'delta';

export interface StreamState {
  accountId: string;
  resource: SyncResource;
  mode: StreamMode;
  epoch: number;
}

/** Thrown inside a page's transaction when another replica holds the account now: the page is not recorded. */
export class LeaseLostError extends Error {
  constructor() {
    super('The account lease moved to another replica');
  }
}

/** A unified record's fingerprint, without its etag (which changes with columns we do not map). */
export function recordHash(record: Record<string, unknown>): string {
  const { etag: _etag, ...fields } = record;
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url');
}

/**
 * Records one page of changes, in the caller's transaction (which holds the account's lease): the events it implies
 * (a change whose unified record is the one we already announced is no event), the ids we now know, and the stream's
 * new position. A crash before commit leaves everything as it was: the page is read again from the old position.
 */
export async function recordPage(manager: EntityManager, stream: StreamState, page: ReadChangesReply): Promise<{ events: number; mode: StreamMode }> {
  const { accountId, resource, epoch } = stream;
  const events: NewEvent[] = [];
  const ids = page.changed.map((record) => record.id);
  const known = new Map<string, string>(
    (
      await manager.query('SELECT record_id, record_hash FROM sync_records WHERE integrated_account_id = $1 AND resource = $2 AND record_id = ANY($3::uuid[])', [
        accountId,
        resource,
        ids,
      ])
    ).map((row: { record_id: string; record_hash: string }) => [row.record_id, row.record_hash]),
  );
  const hashes = page.changed.map(recordHash);
  page.changed.forEach((record, index) => {
    if (stream.mode !== 'baseline' && known.get(record.id) !== hashes[index]) {
      events.push({ type: ChangeEventType.RECORD_CHANGED, resource, recordId: record.id, data: record });
    }
    known.set(record.id, hashes[index]);
  });
  if (ids.length > 0) {
    await manager.query(
      `INSERT INTO sync_records (integrated_account_id, resource, record_id, record_hash, epoch)
       SELECT $1, $2, r.id, r.hash, $3 FROM unnest($4::uuid[], $5::text[]) AS r(id, hash)
       ON CONFLICT (integrated_account_id, resource, record_id) DO UPDATE SET record_hash = EXCLUDED.record_hash, epoch = EXCLUDED.epoch`,
      [accountId, resource, epoch, ids, hashes],
    );
  }
  // Dataverse also reports rows created and deleted between two reads: nobody heard of those, so no event.
  // DELETE and UPDATE … RETURNING answer [rows, count] through TypeORM.
  const [deleted]: [Array<{ record_id: string }>] = page.deleted.length
    ? await manager.query('DELETE FROM sync_records WHERE integrated_account_id = $1 AND resource = $2 AND record_id = ANY($3::uuid[]) RETURNING record_id', [
        accountId,
        resource,
        page.deleted,
      ])
    : [[]];
  const deletedIds = new Set(deleted.map((row) => row.record_id));
  for (const id of page.deleted) {
    if (deletedIds.delete(id)) events.push({ type: ChangeEventType.RECORD_DELETED, resource, recordId: id });
  }
  let mode = stream.mode;
  if (page.caught_up) {
    if (mode === 'reset') {
      // What we knew and the full re-read did not see has vanished while the token was expired.
      const [vanished]: [Array<{ record_id: string }>] = await manager.query(
        'DELETE FROM sync_records WHERE integrated_account_id = $1 AND resource = $2 AND epoch < $3 RETURNING record_id',
        [accountId, resource, epoch],
      );
      for (const { record_id } of vanished.sort((a, b) => (a.record_id < b.record_id ? -1 : 1))) {
        events.push({ type: ChangeEventType.RECORD_DELETED, resource, recordId: record_id });
      }
    }
    mode = 'delta';
  }
  await appendEvents(manager, accountId, events);
  await manager.query(
    `UPDATE sync_streams SET position = $3, mode = $4, not_tracked = $5, updated_at = now() WHERE integrated_account_id = $1 AND resource = $2`,
    [accountId, resource, page.position, mode, page.not_tracked?.join(',') ?? null],
  );
  return { events: events.length, mode };
}

/** After `0x80044352`: a full re-read in a new epoch, announced by one `sync.reset` event. */
export async function startReset(manager: EntityManager, stream: StreamState): Promise<StreamState> {
  const [[row]] = await manager.query(
    `UPDATE sync_streams SET mode = 'reset', position = NULL, epoch = epoch + 1, updated_at = now() WHERE integrated_account_id = $1 AND resource = $2 RETURNING epoch`,
    [stream.accountId, stream.resource],
  );
  await appendEvents(manager, stream.accountId, [{ type: ChangeEventType.SYNC_RESET, resource: stream.resource }]);
  return { ...stream, mode: 'reset', epoch: row.epoch };
}
