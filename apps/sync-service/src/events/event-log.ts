import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ChangeEventType, SyncResource } from '@dua/unified-models';

/** An event before it has its sequence. */
export interface NewEvent {
  type: ChangeEventType;
  resource?: SyncResource;
  recordId?: string;
  data?: Record<string, unknown>;
}

/** A stored event row, as read back for the feed and for deliveries. */
export interface StoredEvent {
  pk: string;
  event_id: string;
  integrated_account_id: string;
  sequence: string;
  type: ChangeEventType;
  resource: SyncResource | null;
  record_id: string | null;
  occurred_at: Date;
  data: Record<string, unknown> | null;
}

/**
 * Appends events to an account's feed inside the caller's transaction: the next sequences of the account (its row
 * is locked until commit, so sequences commit in order and are never reused), then one delivery per matching enabled
 * webhook subscription (the outbox: an event and its deliveries exist together or not at all).
 */
export async function appendEvents(manager: EntityManager, accountId: string, events: NewEvent[], occurredAt = new Date()): Promise<number> {
  if (events.length === 0) return 0;
  // UPDATE … RETURNING answers [rows, count] through TypeORM.
  const [[{ last_sequence: last, environment_id: environmentId }]] = await manager.query(
    `UPDATE sync_accounts SET last_sequence = last_sequence + $2 WHERE integrated_account_id = $1 RETURNING last_sequence, environment_id`,
    [accountId, events.length],
  );
  const first = Number(last) - events.length + 1;
  const inserted: Array<{ id: string }> = await manager.query(
    `INSERT INTO sync_events (event_id, integrated_account_id, environment_id, sequence, type, resource, record_id, occurred_at, data)
     SELECT e.event_id, $1, $2, e.sequence, e.type, e.resource, e.record_id, $3, e.data
     FROM unnest($4::uuid[], $5::bigint[], $6::text[], $7::text[], $8::uuid[], $9::jsonb[]) AS e(event_id, sequence, type, resource, record_id, data)
     RETURNING id`,
    [
      accountId,
      environmentId,
      occurredAt,
      events.map(() => randomUUID()),
      events.map((_, index) => first + index),
      events.map((event) => event.type),
      events.map((event) => event.resource ?? null),
      events.map((event) => event.recordId ?? null),
      events.map((event) => (event.data ? JSON.stringify(event.data) : null)),
    ],
  );
  await manager.query(
    `INSERT INTO webhook_deliveries (subscription_id, event_pk)
     SELECT s.id, e.id FROM sync_events e
     JOIN webhook_subscriptions s ON s.environment_id = e.environment_id AND s.enabled
       AND (s.integrated_account_id IS NULL OR s.integrated_account_id = e.integrated_account_id) AND e.type = ANY(s.events)
     WHERE e.id = ANY($1::bigint[])`,
    [inserted.map((row) => row.id)],
  );
  return events.length;
}
