import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChangeEventType, ReadChangesReply, SyncResource } from '@dua/unified-models';
import { adminDatabaseUrl } from '@dua/testing';
import { createDatabase, dropDatabase } from '../../../../tools/stack';
import { insertAccount } from '../accounts/sync-accounts.service';
import { dataSourceOptions } from '../database/database.module';
import { recordPage, startReset, StreamState } from './change-recorder';

/** A page as crm-service answers it; contacts with just a name are enough for the feed's bookkeeping. */
function page(changed: Array<[string, string]>, deleted: string[] = [], caughtUp = true): ReadChangesReply {
  return { changed: changed.map(([id, name]) => ({ id, name, etag: `W/"${Math.random()}"` })), deleted, position: `position-${randomUUID()}`, caught_up: caughtUp };
}

describe('recording pages of changes on real Postgres', () => {
  let databaseUrl: string;
  let db: DataSource;
  const environmentId = randomUUID();
  const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

  const events = async (accountId: string) =>
    (
      await db.query('SELECT sequence, type, resource, record_id, data FROM sync_events WHERE integrated_account_id = $1 ORDER BY sequence', [accountId])
    ).map((row: { sequence: string; type: string; record_id: string | null; data: { name?: string } | null }) => [Number(row.sequence), row.type, row.record_id, row.data?.name ?? null]);

  const record = (stream: StreamState, reply: ReadChangesReply) => db.transaction((manager) => recordPage(manager, stream, reply));

  beforeAll(async () => {
    databaseUrl = await createDatabase(adminDatabaseUrl());
    db = new DataSource(dataSourceOptions(databaseUrl));
    await db.initialize();
    await db.runMigrations();
  });

  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(adminDatabaseUrl(), databaseUrl);
  });

  it('learns ids silently in the baseline, then emits real changes and deletes of known ids, with consecutive sequences', async () => {
    const account = randomUUID();
    await db.transaction((manager) => insertAccount(manager, environmentId, account));
    const stream: StreamState = { accountId: account, resource: SyncResource.CONTACTS, mode: 'baseline', epoch: 0 };

    expect(await record(stream, page([[a, 'A'], [b, 'B']], [], false))).toEqual({ events: 0, mode: 'baseline' });
    expect(await record(stream, page([[c, 'C']]))).toEqual({ events: 0, mode: 'delta' });

    const delta = { ...stream, mode: 'delta' as const };
    // b arrives unchanged (only its etag moved: a column we do not map); d was created and deleted between two reads.
    await record(delta, page([[a, 'A2'], [b, 'B']], [c, d]));
    expect(await events(account)).toEqual([
      [1, ChangeEventType.RECORD_CHANGED, a, 'A2'],
      [2, ChangeEventType.RECORD_DELETED, c, null],
    ]);
    const [{ position }] = await db.query('SELECT position FROM sync_streams WHERE integrated_account_id = $1 AND resource = $2', [account, 'contacts']);
    expect(position).toMatch(/^position-/);
  });

  it('after an expired token: one sync.reset, then what differs, then deletes for what vanished (set difference)', async () => {
    const account = randomUUID();
    await db.transaction((manager) => insertAccount(manager, environmentId, account));
    const baseline: StreamState = { accountId: account, resource: SyncResource.NOTES, mode: 'baseline', epoch: 0 };
    await record(baseline, page([[a, 'A'], [b, 'B'], [c, 'C']]));

    const reset = await db.transaction((manager) => startReset(manager, { ...baseline, mode: 'delta' }));
    expect(reset).toMatchObject({ mode: 'reset', epoch: 1 });
    await record(reset, page([[a, 'A'], [d, 'D']], [], false));
    expect(await events(account)).toEqual([
      [1, ChangeEventType.SYNC_RESET, null, null],
      [2, ChangeEventType.RECORD_CHANGED, d, 'D'],
    ]);
    await record(reset, page([[c, 'C changed']]));
    expect((await events(account)).slice(2)).toEqual([
      [3, ChangeEventType.RECORD_CHANGED, c, 'C changed'],
      [4, ChangeEventType.RECORD_DELETED, b, null],
    ]);
  });

  it("queues a delivery per matching enabled subscription of the account's environment, in the same transaction", async () => {
    const account = randomUUID();
    await db.transaction((manager) => insertAccount(manager, environmentId, account));
    const subscription = async (events: string[], options: { accountId?: string; enabled?: boolean; environment?: string } = {}) => {
      const id = randomUUID();
      await db.query('INSERT INTO webhook_subscriptions (id, environment_id, integrated_account_id, url, events, secret_sealed, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        id,
        options.environment ?? environmentId,
        options.accountId ?? null,
        'https://hooks.example.com',
        events,
        'sealed',
        options.enabled ?? true,
      ]);
      return id;
    };
    const everything = await subscription(['record.changed', 'record.deleted']);
    const deletesOnly = await subscription(['record.deleted'], { accountId: account });
    const otherAccount = await subscription(['record.changed'], { accountId: randomUUID() });
    const disabled = await subscription(['record.changed'], { enabled: false });
    const otherEnvironment = await subscription(['record.changed'], { environment: randomUUID() });
    const stream: StreamState = { accountId: account, resource: SyncResource.LEADS, mode: 'baseline', epoch: 0 };
    await record(stream, page([[a, 'A']]));
    await record({ ...stream, mode: 'delta' }, page([[a, 'A2']], [a]));

    const queued = async (id: string) => Number((await db.query('SELECT count(*) AS n FROM webhook_deliveries WHERE subscription_id = $1', [id]))[0].n);
    expect(await Promise.all([everything, deletesOnly, otherAccount, disabled, otherEnvironment].map(queued))).toEqual([2, 1, 0, 0, 0]);
  });
});
