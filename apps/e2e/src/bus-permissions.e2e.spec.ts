import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { connect, JSONCodec, NatsConnection } from 'nats';
import { connectAppOnly, sleep, Stack, startStack } from '@dua/testing';
import type { CallContext } from '@dua/unified-models';
import { MAX_PAYLOAD, renderNatsConf } from '../../../tools/stack';

const codec = JSONCodec<Record<string, unknown>>();

/** A Nest RPC request as our services expect it; the answer's status header says whether it succeeded. */
async function rpc(nats: NatsConnection, subject: string, context: CallContext, payload: Record<string, unknown>) {
  const reply = await nats.request(subject, codec.encode({ pattern: subject, id: randomUUID(), data: { context, payload } }), { timeout: 5_000 });
  return { status: reply.headers?.get('dua-rpc-status'), body: codec.decode(reply.data) };
}

/** Collects the permission violations the server reports to a connection. */
async function violations(nats: NatsConnection): Promise<string[]> {
  const seen: string[] = [];
  void (async () => {
    for await (const status of nats.status()) if (status.type === 'error') seen.push(String(status.data));
  })();
  return seen;
}

describe('the bus: authenticated, with per-service permissions and a call context only the gateway can set', () => {
  let stack: Stack;
  let environmentId: string;
  let accountId: string;

  beforeAll(async () => {
    stack = await startStack({ emulator: { EMULATOR_ORGS: 'contoso', EMULATOR_SEED_CONTACTS: '5' } });
    let apiKey: string;
    ({ api_key: apiKey, environment_id: environmentId } = await stack.admin('create-environment', 'Bus tests'));
    accountId = await connectAppOnly(stack, apiKey, 'contoso');
  });

  afterAll(() => stack?.stop());

  it('commits the nats.conf that the permission table renders', () => {
    expect(readFileSync(join(__dirname, '../../../nats.conf'), 'utf8')).toBe(renderNatsConf({ maxPayload: MAX_PAYLOAD }));
  });

  it('refuses a client without credentials, or with a wrong password', async () => {
    await expect(connect({ servers: stack.natsUrl })).rejects.toThrow(/Authorization/i);
    await expect(connect({ ...stack.natsOptions('crm-service'), pass: 'guess' })).rejects.toThrow(/Authorization/i);
  });

  it('gives no token to crm-service’s identity without a context the gateway signed', async () => {
    const nats = await connect(stack.natsOptions('crm-service'));
    try {
      const payload = { integrated_account_id: accountId };
      const unsigned = await rpc(nats, 'auth.credentials.get', { request_id: 'r1', environment_id: environmentId }, payload);
      expect(unsigned).toMatchObject({ status: 'error', body: { code: 'UNAUTHENTICATED' } });
      const signed = stack.signContext({ request_id: 'r2', environment_id: environmentId });
      const forged = await rpc(nats, 'auth.credentials.get', { ...signed, environment_id: randomUUID() }, payload);
      expect(forged).toMatchObject({ status: 'error', body: { code: 'UNAUTHENTICATED' } });
      // What crm-service does for a real request: forwards the gateway's signed context.
      const forwarded = await rpc(nats, 'auth.credentials.get', signed, payload);
      expect(forwarded.status).toBe('ok');
      expect(forwarded.body).toHaveProperty('access_token');
    } finally {
      await nats.close();
    }
  });

  it('lets crm-service neither request public subjects, nor listen to auth-service’s, nor read another app’s replies', async () => {
    const nats = await connect(stack.natsOptions('crm-service'));
    const seen = await violations(nats);
    try {
      await expect(nats.request('auth.integrated-accounts.list', codec.encode({}), { timeout: 1_000 })).rejects.toThrow();
      nats.subscribe('auth.>');
      nats.subscribe('_INBOX_gateway.>');
      nats.subscribe('_INBOX.>');
      await nats.flush();
      await sleep(200);
      // The request above, and each of the three subscriptions.
      expect(seen).toEqual(Array(4).fill('PERMISSIONS_VIOLATION'));
    } finally {
      await nats.close().catch(() => undefined);
    }
  });

  it('lets the gateway request public subjects but never auth.credentials.* nor broadcast auth.events.*', async () => {
    const nats = await connect(stack.natsOptions('gateway'));
    const seen = await violations(nats);
    try {
      const ping = await rpc(nats, 'auth.health.ping', { request_id: 'p' }, {});
      expect(ping.status).toBe('ok');
      await expect(nats.request('auth.credentials.get', codec.encode({}), { timeout: 1_000 })).rejects.toThrow();
      nats.publish('auth.events.account-status-changed', codec.encode({ integrated_account_id: accountId, status: 'disconnected' }));
      await nats.flush();
      await sleep(200);
      // The credentials request and the broadcast.
      expect(seen).toEqual(Array(2).fill('PERMISSIONS_VIOLATION'));
    } finally {
      await nats.close().catch(() => undefined);
    }
  });
});
