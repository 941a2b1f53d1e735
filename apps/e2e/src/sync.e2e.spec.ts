import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { verifyWebhook } from '@dua/sdk';
import { ReceivedWebhook, Stack, WebhookAnswer, WebhookReceiver, connectAppOnly, sleep, startStack } from '@dua/testing';

interface ChangeEvent {
  event_id: string;
  sequence: number;
  type: string;
  resource?: string;
  id?: string;
  data?: Record<string, unknown>;
}

/** `/ok` answers 204, `/flaky` 500 three times per event then 204, `/gone` 410. */
function answers(): WebhookAnswer {
  const failures = new Map<string, number>();
  return (request) => {
    if (request.path === '/gone') return { status: 410 };
    const id = String(request.headers['webhook-id']);
    if (request.path === '/flaky' && (failures.get(id) ?? 0) < 3) {
      failures.set(id, (failures.get(id) ?? 0) + 1);
      return { status: 500 };
    }
    return { status: 204 };
  };
}

/** Standard Webhooks verification written from the specification, independent of the SDK and of sync-service. */
function independentlyVerified(secret: string, request: ReceivedWebhook): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const content = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`;
  const expected = createHmac('sha256', key).update(content).digest('base64');
  return String(request.headers['webhook-signature'])
    .split(' ')
    .some((signature) => signature === `v1,${expected}`);
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('Change feed and webhooks from Dataverse change tracking', () => {
  let stack: Stack;
  let apiKey: string;
  let accountId: string;
  let db: Client;
  const receiver = new WebhookReceiver(answers());

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${stack.gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  /** Writes straight to the emulated org, as a user of Dynamics would. */
  const dataverse = async (method: string, path: string, body?: unknown): Promise<Record<string, string>> => {
    const token = await stack.emulator!.token('contoso');
    const response = await fetch(`${stack.emulator!.environmentUrl('contoso')}/api/data/v9.2/${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json', prefer: 'return=representation' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(300);
    const text = await response.text();
    return text ? JSON.parse(text) : {};
  };

  /** A reader of the pull API that keeps its cursor, like a consumer. */
  function feed(resources?: string) {
    let cursor: string | undefined;
    const events: ChangeEvent[] = [];
    const query = () => `/unified/crm/changes?integrated_account_id=${accountId}${resources ? `&resources=${resources}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    return {
      events,
      async start(): Promise<void> {
        const page = await call('GET', query());
        expect(page.status).toBe(200);
        expect(page.body.result).toEqual([]);
        cursor = page.body.next_cursor;
      },
      cursor: () => cursor,
      /** Reads until at least `count` events have arrived in total. */
      async until(count: number): Promise<ChangeEvent[]> {
        return eventually(async () => {
          const page = await call('GET', query());
          expect(page.status).toBe(200);
          events.push(...page.body.result);
          cursor = page.body.next_cursor;
          return events.length >= count ? events : undefined;
        }, `${count} events (have ${events.length})`);
      },
    };
  }

  const baselineDone = () =>
    eventually(async () => {
      const { rows } = await db.query("SELECT count(*)::int AS n FROM sync_streams WHERE integrated_account_id = $1 AND mode = 'delta'", [accountId]);
      return rows[0].n === 6 ? true : undefined;
    }, 'the baseline read of every resource');

  beforeAll(async () => {
    await receiver.start();
    stack = await startStack({
      emulator: {
        EMULATOR_ORGS: 'contoso',
        EMULATOR_SEED_USERS: '4',
        EMULATOR_SEED_ACCOUNTS: '5',
        EMULATOR_SEED_CONTACTS: '12',
        EMULATOR_SEED_LEADS: '3',
        EMULATOR_SEED_OPPORTUNITIES: '3',
        EMULATOR_SEED_ACTIVITIES: '10',
        EMULATOR_SEED_NOTES: '4',
      },
      env: { SYNC_POLL_INTERVAL_MS: '300', SYNC_LEASE_TTL_MS: '2000', SYNC_PAGE_SIZE: '7', WEBHOOK_ALLOW_LOCAL_HTTP: 'true', WEBHOOK_FIRST_BACKOFF_MS: '200', WEBHOOK_TIMEOUT_MS: '3000' },
    });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Sync tests'));
    accountId = await connectAppOnly(stack, apiKey, 'contoso');
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
    await receiver.stop();
  });

  let secret: string;
  let subscriptionId: string;

  it('refuses webhook URLs that are not https and public, naming the field', async () => {
    for (const url of ['http://example.com/hook', 'https://10.0.0.5/hook', 'https://169.254.169.254/latest', 'https://metadata.google.internal/hook', 'https://192.168.1.1/hook', 'ftp://example.com', 'not a url']) {
      const answer = await call('POST', '/webhooks', { url, events: ['record.changed'] });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].field).toBe('url');
    }
    expect((await call('GET', '/webhooks')).body.result).toEqual([]);
  });

  it("answers 404 for another environment's account, and for an unknown one", async () => {
    const { api_key: otherKey } = await stack.admin('create-environment', 'Someone else');
    const answer = await fetch(`${stack.gatewayUrl}/unified/crm/changes?integrated_account_id=${accountId}`, { headers: { authorization: `Bearer ${otherKey}` } });
    expect(answer.status).toBe(404);
    const webhook = await fetch(`${stack.gatewayUrl}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${otherKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${receiver.url}/ok`, events: ['record.changed'], integrated_account_id: accountId }),
    });
    expect(webhook.status).toBe(404);
  });

  it('creates a subscription whose secret is shown once', async () => {
    const created = await call('POST', '/webhooks', { url: `${receiver.url}/ok`, events: ['record.changed', 'record.deleted', 'sync.reset', 'account.disconnected'], integrated_account_id: accountId });
    expect(created.status).toBe(201);
    expect(created.body.result.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    secret = created.body.result.secret;
    subscriptionId = created.body.result.id;
    const listed = await call('GET', '/webhooks');
    expect(listed.body.result).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(JSON.stringify((await call('GET', `/webhooks/${subscriptionId}`)).body)).not.toContain(secret);
    const { rows } = await db.query('SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1', [subscriptionId]);
    expect(rows[0].secret_sealed).not.toContain(secret.slice(6, 20));
  });

  it('delivers creates, updates and deletes of contacts and engagements to the pull API and the webhook, once each, in order', async () => {
    const contacts = feed('contacts,engagements');
    await contacts.start();
    await baselineDone();
    const before = receiver.at('/ok').length;

    const contact = await dataverse('POST', 'contacts', { firstname: 'Ada', lastname: 'Sync' });
    await contacts.until(1);
    await dataverse('PATCH', `contacts(${contact['contactid']})`, { jobtitle: 'Engineer' });
    await contacts.until(2);
    const call1 = await dataverse('POST', 'phonecalls', { subject: 'Sync call' });
    await contacts.until(3);
    await dataverse('PATCH', `phonecalls(${call1['activityid']})`, { subject: 'Sync call, rescheduled' });
    await contacts.until(4);
    await dataverse('DELETE', `phonecalls(${call1['activityid']})`);
    await contacts.until(5);
    await dataverse('DELETE', `contacts(${contact['contactid']})`);
    const events = await contacts.until(6);

    expect(events.map((event) => [event.type, event.resource, event.id])).toEqual([
      ['record.changed', 'contacts', contact['contactid']],
      ['record.changed', 'contacts', contact['contactid']],
      ['record.changed', 'engagements', call1['activityid']],
      ['record.changed', 'engagements', call1['activityid']],
      ['record.deleted', 'engagements', call1['activityid']],
      ['record.deleted', 'contacts', contact['contactid']],
    ]);
    expect(events[0].data).toMatchObject({ id: contact['contactid'], first_name: 'Ada', last_name: 'Sync' });
    expect(events[1].data).toMatchObject({ title: 'Engineer' });
    expect(events[3].data).toMatchObject({ type: 'call', subject: 'Sync call, rescheduled' });
    const sequences = events.map((event) => event.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));

    // The same cursor replays the same events.
    await sleep(700);
    const again = await call('GET', `/unified/crm/changes?integrated_account_id=${accountId}&resources=contacts,engagements&cursor=${encodeURIComponent(contacts.cursor()!)}`);
    expect(again.body.result).toEqual([]);

    const deliveries = await eventually(async () => {
      const got = receiver.at('/ok').slice(before);
      return got.length >= 6 ? got : undefined;
    }, 'six deliveries');
    expect(deliveries.map((delivery) => delivery.headers['webhook-id'])).toEqual(events.map((event) => event.event_id));
    for (const delivery of deliveries) {
      expect(verifyWebhook(secret, delivery.headers, delivery.body).id).toBe(delivery.headers['webhook-id']);
      expect(independentlyVerified(secret, delivery)).toBe(true);
    }
    expect(JSON.parse(deliveries[5].body)).toMatchObject({ type: 'record.deleted', data: { integrated_account_id: accountId, resource: 'contacts', id: contact['contactid'] } });
    expect(JSON.parse(deliveries[0].body).data.record).toMatchObject({ first_name: 'Ada' });
  });

  it('after expired change tokens: one sync.reset, then the changes made meanwhile, deletes included (sync-service restarted)', async () => {
    const contacts = feed('contacts');
    await contacts.start();
    const seeded = (await (await fetch(`${stack.emulator!.environmentUrl('contoso')}/api/data/v9.2/contacts?$select=contactid`, {
      headers: { authorization: `Bearer ${await stack.emulator!.token('contoso')}` },
    })).json()) as { value: Array<{ contactid: string }> };
    const [updated, removed] = seeded.value;

    for (const replica of stack.services('sync-service')) await stack.stopService(replica);
    await dataverse('PATCH', `contacts(${updated.contactid})`, { jobtitle: 'Changed while tokens expired' });
    await dataverse('DELETE', `contacts(${removed.contactid})`);
    const created = await dataverse('POST', 'contacts', { lastname: 'Created while tokens expired' });
    await stack.emulator!.expireChangeTokens();
    await stack.startService('sync-service');

    const events = await contacts.until(4);
    await sleep(1000);
    await contacts.until(0);
    expect(events[0]).toMatchObject({ type: 'sync.reset', resource: 'contacts' });
    expect(events.filter((event) => event.type === 'sync.reset')).toHaveLength(1);
    const rest = events.slice(1).map((event) => `${event.type} ${event.id}`);
    expect(rest.sort()).toEqual([`record.changed ${created['contactid']}`, `record.changed ${updated.contactid}`, `record.deleted ${removed.contactid}`].sort());
    expect(events[events.length - 1]).toMatchObject({ type: 'record.deleted', id: removed.contactid });
  });

  it('retries a receiver answering 500 three times with the same webhook-id; a 410 disables its subscription', async () => {
    const flaky = await call('POST', '/webhooks', { url: `${receiver.url}/flaky`, events: ['record.changed'], integrated_account_id: accountId });
    const gone = await call('POST', '/webhooks', { url: `${receiver.url}/gone`, events: ['record.changed'], integrated_account_id: accountId });
    const contact = await dataverse('POST', 'contacts', { lastname: 'Retried' });

    const attempts = await eventually(async () => (receiver.at('/flaky').length >= 4 ? receiver.at('/flaky') : undefined), 'four attempts at /flaky');
    expect(new Set(attempts.map((attempt) => attempt.headers['webhook-id'])).size).toBe(1);
    expect(JSON.parse(attempts[3].body).data.id).toBe(contact['contactid']);
    for (const attempt of attempts) expect(verifyWebhook(flaky.body.result.secret, attempt.headers, attempt.body).id).toBe(attempts[0].headers['webhook-id']);
    const log = await eventually(async () => {
      const answer = await call('GET', `/webhooks/${flaky.body.result.id}/deliveries`);
      return answer.body.result[0]?.status === 'delivered' ? answer.body.result : undefined;
    }, 'the delivery log');
    expect(log[0]).toMatchObject({ event_id: attempts[0].headers['webhook-id'], status: 'delivered', response_status: 204, attempt: 4, next_attempt_at: null });

    const disabled = await eventually(async () => {
      const answer = await call('GET', `/webhooks/${gone.body.result.id}`);
      return answer.body.result.enabled === false ? answer.body.result : undefined;
    }, 'the 410 subscription disabled');
    expect(disabled.disabled_reason).toBe('gone');
    const goneCount = receiver.at('/gone').length;
    await dataverse('PATCH', `contacts(${contact['contactid']})`, { jobtitle: 'After the 410' });
    await eventually(async () => (receiver.at('/flaky').length >= 5 ? true : undefined), 'the next delivery to /flaky');
    expect(receiver.at('/gone')).toHaveLength(goneCount);

    // Manual retry sends the event again, with the same id.
    const retried = await call('POST', `/webhooks/${flaky.body.result.id}/deliveries/${attempts[0].headers['webhook-id']}/retry`);
    expect(retried.status).toBe(200);
    await eventually(async () => (receiver.at('/flaky').some((r, i) => i > 4 && r.headers['webhook-id'] === attempts[0].headers['webhook-id']) ? true : undefined), 'the manual retry');
    await call('DELETE', `/webhooks/${flaky.body.result.id}`);
    await call('DELETE', `/webhooks/${gone.body.result.id}`);
  });

  it('loses and invents nothing when one of two replicas is killed mid-read', async () => {
    const contacts = feed('contacts');
    await contacts.start();
    await stack.startService('sync-service');
    const created: string[] = [];
    for (let i = 0; i < 40; i++) created.push((await dataverse('POST', 'contacts', { lastname: `Bulk ${i}` }))['contactid']);
    await sleep(150);
    stack.services('sync-service')[0].kill('SIGKILL');
    for (let i = 40; i < 60; i++) created.push((await dataverse('POST', 'contacts', { lastname: `Bulk ${i}` }))['contactid']);
    await contacts.until(60);
    await sleep(1500);
    const events = await contacts.until(0);
    const ids = events.filter((event) => event.type === 'record.changed').map((event) => event.id);
    expect(ids.sort()).toEqual([...created].sort());
    expect(new Set(events.map((event) => event.event_id)).size).toBe(events.length);
  });

  it('announces a disconnected account as account.disconnected', async () => {
    const before = receiver.at('/ok').length;
    expect((await call('DELETE', `/integrated-accounts/${accountId}`)).status).toBe(200);
    const delivery = await eventually(async () => receiver.at('/ok').slice(before).find((request) => JSON.parse(request.body).type === 'account.disconnected'), 'account.disconnected');
    expect(JSON.parse(delivery.body).data).toEqual({ integrated_account_id: accountId, status: 'disconnected' });
    expect(verifyWebhook(secret, delivery.headers, delivery.body).payload.type).toBe('account.disconnected');
  });

  it('never logs a webhook secret or an access token', () => {
    const logs = stack.logs.join('\n');
    expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/);
  });
});
