import { connect, Msg, NatsConnection } from 'nats';
import { DomainError, ErrorCode } from '@dua/unified-models';
import { ChildProcesses, startNatsServer } from '../../../../tools/stack';
import { inboxPrefixOf } from '../config/nats.config';
import { finalFrame, keepaliveFrame } from './rpc-framing';
import { RpcClient } from './rpc-client';
import type { RpcRetryReason } from './rpc-reply-router';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The caller's side of a replica's death, on a real nats-server with the product's permissions (tools/stack): replicas
// here are plain NATS subscribers in crm-service's queue group that speak the reply frames.
describe('a request whose replica dies while holding it', () => {
  const children = new ChildProcesses();
  let nats: Awaited<ReturnType<typeof startNatsServer>>;
  const connections: NatsConnection[] = [];

  const connectAs = async (user: string) => {
    const connection = await connect({ servers: nats.url, user, pass: nats.passwords[user], inboxPrefix: inboxPrefixOf(user) });
    connections.push(connection);
    return connection;
  };

  /** A replica that answers `body` after `workMs`, with keepalives meanwhile; it counts what it received. */
  const healthyReplica = async (subject: string, body: unknown, workMs = 0) => {
    const connection = await connectAs('crm-service');
    const replica = { received: 0 };
    connection.subscribe(subject, {
      queue: 'crm-service',
      callback: (_error, message: Msg) => {
        replica.received++;
        void (async () => {
          for (let waited = 0; waited < workMs; waited += 300) {
            await sleep(300);
            message.respond(keepaliveFrame().data, { headers: keepaliveFrame().headers });
          }
          const reply = finalFrame(encode(body), 'ok');
          message.respond(reply.data, { headers: reply.headers });
        })();
      },
    });
    await connection.flush();
    return replica;
  };

  /**
   * A replica that takes the request, says it works on it, starts the healthy replica that a retry would reach, then
   * dies (its connection gone, as after SIGKILL) without answering.
   */
  const dyingReplica = async (subject: string, then: () => Promise<unknown>) => {
    const connection = await connectAs('crm-service');
    connection.subscribe(subject, {
      queue: 'crm-service',
      callback: (_error, message: Msg) => {
        message.respond(keepaliveFrame().data, { headers: keepaliveFrame().headers });
        void then().then(() => connection.close());
      },
    });
    await connection.flush();
  };

  const gatewayClient = async (retries: Array<[string, RpcRetryReason]>) => {
    const client = new RpcClient({
      url: nats.url,
      user: 'gateway',
      password: nats.passwords['gateway'],
      name: 'gateway-test',
      timeoutMs: 20_000,
      silenceMs: 1_000,
      onRetry: (pattern, reason) => retries.push([pattern, reason]),
    });
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    nats = await startNatsServer(children);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close().catch(() => undefined)));
    await children.stopAll();
  });

  it('does not send a write again: it answers TIMEOUT (may or may not have been applied), the other replica never sees it', async () => {
    const retries: Array<[string, RpcRetryReason]> = [];
    const client = await gatewayClient(retries);
    let other = { received: 0 };
    await dyingReplica('crm.contacts.create', async () => (other = await healthyReplica('crm.contacts.create', { id: 'duplicate' })));
    const started = Date.now();
    const failure = await client.sendRaw('crm.contacts.create', { data: { first_name: 'Ada' } }, { request_id: 'write-1' }).catch((error: unknown) => error);
    const elapsed = Date.now() - started;
    await sleep(300);
    await client.close();

    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).code).toBe(ErrorCode.TIMEOUT);
    expect((failure as DomainError).message).toContain('may or may not have been applied');
    expect(other.received).toBe(0);
    expect(retries).toEqual([]);
    // The silence bound (1 s), not the 20 s timeout. Generous: the machine is shared.
    expect(elapsed).toBeLessThan(8_000);
  });

  it('sends a read once more, to another replica, and returns its answer', async () => {
    const retries: Array<[string, RpcRetryReason]> = [];
    const client = await gatewayClient(retries);
    let other = { received: 0 };
    await dyingReplica('crm.contacts.list', async () => (other = await healthyReplica('crm.contacts.list', { result: [{ id: 'c1' }], next_cursor: null })));
    const body = await client.send('crm.contacts.list', {}, { request_id: 'read-1' }, undefined, { idempotent: true });
    await client.close();

    expect(body).toEqual({ result: [{ id: 'c1' }], next_cursor: null });
    expect(other.received).toBe(1);
    expect(retries).toEqual([['crm.contacts.list', 'replica_lost']]);
  });

  it('keeps waiting for a slow replica that sends keepalives, well past the silence bound', async () => {
    const retries: Array<[string, RpcRetryReason]> = [];
    const client = await gatewayClient(retries);
    const slow = await healthyReplica('crm.contacts.get', { result: { id: 'slow' } }, 2_500);
    const body = await client.send('crm.contacts.get', {}, { request_id: 'slow-1' }, undefined, { idempotent: true });
    await client.close();

    expect(body).toEqual({ result: { id: 'slow' } });
    expect(slow.received).toBe(1);
    expect(retries).toEqual([]);
  });

  /**
   * A replica that takes one request, starts what a retry would reach (`then`), fails the request with `error` (a
   * typed error, as a service's filter sends it) and is gone.
   */
  const failingReplica = async (subject: string, error: DomainError, then: () => Promise<unknown>) => {
    const connection = await connectAs('crm-service');
    const replica = { received: 0 };
    connection.subscribe(subject, {
      queue: 'crm-service',
      max: 1,
      callback: (_error, message: Msg) => {
        replica.received++;
        void then().then(async () => {
          const reply = finalFrame(encode(error.toPayload()), 'error');
          message.respond(reply.data, { headers: reply.headers });
          await connection.flush();
          await connection.close();
        });
      },
    });
    await connection.flush();
    return replica;
  };

  const busLost = () => DomainError.tryAgain('The replica lost its connection to the message bus; try again');

  it('sends a read that a replica failed as retryable once more, and returns the answer of the retry', async () => {
    const retries: Array<[string, RpcRetryReason]> = [];
    const client = await gatewayClient(retries);
    let other = { received: 0 };
    const failing = await failingReplica('crm.accounts.list', busLost(), async () => (other = await healthyReplica('crm.accounts.list', { result: [], next_cursor: null })));
    const body = await client.send('crm.accounts.list', {}, { request_id: 'retryable-1' }, undefined, { idempotent: true });
    await client.close();

    expect(body).toEqual({ result: [], next_cursor: null });
    expect(failing.received).toBe(1);
    expect(other.received).toBe(1);
    expect(retries).toEqual([['crm.accounts.list', 'retryable_error']]);
  });

  it('answers a retryable failure of a write as it is, without sending the write again', async () => {
    const retries: Array<[string, RpcRetryReason]> = [];
    const client = await gatewayClient(retries);
    let other = { received: 0 };
    const failing = await failingReplica('crm.accounts.create', busLost(), async () => (other = await healthyReplica('crm.accounts.create', { id: 'duplicate' })));
    const failure = await client.send('crm.accounts.create', {}, { request_id: 'retryable-write' }).catch((error: unknown) => error);
    await sleep(200);
    await client.close();

    expect((failure as DomainError).code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(failing.received).toBe(1);
    expect(other.received).toBe(0);
    expect(retries).toEqual([]);
  });

  it('sends any request nobody received (no responders) once more, and then answers SERVICE_UNAVAILABLE', async () => {
    const retries: Array<[string, RpcRetryReason]> = [];
    const client = await gatewayClient(retries);
    const failure = await client.sendRaw('crm.leads.qualify', {}, { request_id: 'nobody' }).catch((error: unknown) => error);
    await client.close();

    expect((failure as DomainError).code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(retries).toEqual([['crm.leads.qualify', 'no_responders']]);
  });
});
