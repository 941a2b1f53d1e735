import { connect, JSONCodec } from 'nats';
import { randomUUID } from 'node:crypto';
import { sleep, startStack, Stack } from '@dua/testing';

async function readiness(stack: Stack): Promise<{ status: number; body: { checks: Record<string, string> } }> {
  const response = await fetch(`${stack.gatewayUrl}/health/ready`);
  return { status: response.status, body: await response.json() };
}

describe('services come and go without the gateway noticing more than it must', () => {
  let stack: Stack;
  let apiKey: string;

  beforeAll(async () => {
    stack = await startStack({ env: { API_KEY_CACHE_TTL_MS: '0' } });
    ({ api_key: apiKey } = await stack.admin('create-environment', 'Outage'));
  });

  afterAll(() => stack?.stop());

  it('turns /health/ready 503 within 5 s when crm-service stops, naming it, and 200 again when it is back', async () => {
    expect((await readiness(stack)).status).toBe(200);
    const [crm] = stack.services('crm-service');
    const stoppedAt = Date.now();
    await stack.stopService(crm);
    const down = await readiness(stack);
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    expect(down.status).toBe(503);
    expect(down.body.checks).toMatchObject({ crm: 'down', auth: 'up', directory: 'up', nats: 'up', postgres: 'up' });

    await stack.startService('crm-service');
    expect((await readiness(stack)).status).toBe(200);
  });

  it('answers 503 SERVICE_UNAVAILABLE problem+json at once, never hangs, while auth-service is down', async () => {
    const [auth] = stack.services('auth-service');
    await stack.stopService(auth);
    const startedAt = Date.now();
    const response = await fetch(`${stack.gatewayUrl}/integrated-accounts`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });

    await stack.startService('auth-service');
    const recovered = await fetch(`${stack.gatewayUrl}/integrated-accounts`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(recovered.status).toBe(200);
  });

  it('splits requests between two crm-service replicas (one queue group)', async () => {
    await stack.startService('crm-service');
    expect(stack.services('crm-service')).toHaveLength(2);
    const nats = await connect(stack.natsOptions('gateway'));
    const codec = JSONCodec<{ instance_id: string }>();
    try {
      const seen = new Set<string>();
      for (let i = 0; i < 40 && seen.size < 2; i++) {
        const reply = await nats.request(
          'crm.health.ping',
          JSONCodec().encode({ pattern: 'crm.health.ping', id: randomUUID(), data: { context: { request_id: 'test' }, payload: {} } }),
          { timeout: 2000 },
        );
        expect(reply.headers?.get('dua-rpc-status')).toBe('ok');
        seen.add(codec.decode(reply.data).instance_id);
        await sleep(5);
      }
      expect(seen.size).toBe(2);
    } finally {
      await nats.close();
    }
  });
});
