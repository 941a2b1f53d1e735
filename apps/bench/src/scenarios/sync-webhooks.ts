import { Client } from 'pg';
import { request } from 'undici';
import { Stack, WebhookReceiver } from '@dua/testing';
import { scenario, Scenario } from '../results';

const ORG = 'contoso';
const LATENCY_SAMPLES = 20;
const WRITE_CONCURRENCY = 32;

/**
 * `change-to-webhook-p50`: ms from a write in the emulator to its signed delivery at a local receiver, polling every
 * `pollIntervalMs`; the baseline is the poll interval itself. `webhook-delivery-throughput`: events per second
 * delivered to a local receiver with `changes` pending; the baseline is a plain HTTP POST loop to the same receiver.
 */
export async function syncWebhooks(stack: Stack, apiKey: string, accountId: string, changes: number, pollIntervalMs: number): Promise<Scenario[]> {
  // While `holding`, the receiver answers 503 with Retry-After: 1 h, so deliveries pile up behind the first one.
  let holding = false;
  const receiver = new WebhookReceiver(() => (holding ? { status: 503, headers: { 'retry-after': '3600' } } : { status: 204 }));
  await receiver.start();
  const arrivalOf = (marker: string) => receiver.received.find((request) => request.path === '/latency' && request.body.includes(`"title":"${marker}"`))?.receivedAt;
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${stack.gatewayUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { result: { id: string } } }));
    const token = await stack.emulator!.token(ORG, { expires_in: 7200 });
    const webApi = `${stack.emulator!.environmentUrl(ORG)}/api/data/v9.2/`;
    const patchContact = (id: string, title: string) =>
      fetch(`${webApi}contacts(${id})`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ jobtitle: title }),
      }).then((response) => {
        if (response.status !== 204) throw new Error(`PATCH answered ${response.status}`);
      });
    const ids = await contactIds(webApi, token, changes);

    // change-to-webhook-p50
    const latency = await api('POST', '/webhooks', { url: `${receiver.url}/latency`, events: ['record.changed'], integrated_account_id: accountId });
    console.log('Waiting for the baseline read of every resource…');
    await until(async () => {
      const { rows } = await db.query("SELECT count(*)::int AS n FROM sync_streams WHERE integrated_account_id = $1 AND mode = 'delta'", [accountId]);
      return rows[0].n === 6;
    }, 600_000);
    const samples: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const marker = `latency-${i}-${Date.now()}`;
      const started = performance.now();
      await patchContact(ids[i % ids.length], marker);
      await receiver.until(() => arrivalOf(marker) !== undefined, 30_000, marker);
      samples.push((arrivalOf(marker) ?? Number.NaN) - started);
      // Writes land at random points of the poll cycle, as users' writes do.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * pollIntervalMs));
    }
    await api('DELETE', `/webhooks/${latency.body.result.id}`);

    // webhook-delivery-throughput: the receiver holds the first delivery (503, Retry-After 1 h) while the changes pile up.
    const bulk = await api('POST', '/webhooks', { url: `${receiver.url}/bulk`, events: ['record.changed'], integrated_account_id: accountId });
    holding = true;
    console.log(`Writing ${ids.length.toLocaleString('en')} changes…`);
    await inParallel(ids, WRITE_CONCURRENCY, (id, index) => patchContact(id, `bulk-${index}`));
    await until(async () => {
      const { rows } = await db.query("SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'pending'", [bulk.body.result.id]);
      return rows[0].n >= ids.length;
    }, 900_000);
    const {
      rows: [head],
    } = await db.query(
      "SELECT e.event_id FROM webhook_deliveries d JOIN sync_events e ON e.id = d.event_pk WHERE d.subscription_id = $1 AND d.status = 'pending' ORDER BY d.event_pk LIMIT 1",
      [bulk.body.result.id],
    );
    holding = false;
    const before = receiver.count('/bulk');
    const started = performance.now();
    await api('POST', `/webhooks/${bulk.body.result.id}/deliveries/${head.event_id}/retry`);
    await receiver.until(() => receiver.count('/bulk') - before >= ids.length, 1_800_000, `${ids.length} deliveries`);
    const eventsPerSecond = (ids.length / (performance.now() - started)) * 1000;
    await api('DELETE', `/webhooks/${bulk.body.result.id}`);

    const baselinePerSecond = await postLoop(`${receiver.url}/raw`, Math.min(ids.length, 20_000));
    return [
      scenario('change-to-webhook-p50', 'ms', median(samples), pollIntervalMs, `the poll interval (${pollIntervalMs} ms)`, false),
      scenario(`webhook-delivery-throughput-${Math.round(ids.length / 1000)}k`, 'events/s', eventsPerSecond, baselinePerSecond, 'a plain HTTP POST loop to the same receiver', true),
    ];
  } finally {
    await db.end();
    await receiver.stop();
  }
}

/** Sequential POSTs of a delivery-sized body with undici (as the worker sends), as one subscription's in-order deliveries are. */
async function postLoop(url: string, count: number): Promise<number> {
  const body = JSON.stringify({ type: 'record.changed', timestamp: new Date().toISOString(), data: { integrated_account_id: 'x', resource: 'contacts', id: 'y', record: { title: 'z'.repeat(900) } } });
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await response.body.dump();
  }
  return (count / (performance.now() - started)) * 1000;
}

async function contactIds(webApi: string, token: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let next: string | undefined = `${webApi}contacts?$select=contactid`;
  while (next && ids.length < limit) {
    const page = (await (await fetch(next, { headers: { authorization: `Bearer ${token}`, prefer: 'odata.maxpagesize=5000' } })).json()) as {
      value: Array<{ contactid: string }>;
      '@odata.nextLink'?: string;
    };
    ids.push(...page.value.map((row) => row.contactid));
    next = page['@odata.nextLink'];
  }
  return ids.slice(0, limit);
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index], index);
      }
    }),
  );
}

async function until(probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('Timed out');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
