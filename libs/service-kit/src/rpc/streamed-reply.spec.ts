import { connect, Msg, NatsConnection } from 'nats';
import { Readable } from 'node:stream';
import { DomainError, ErrorCode } from '@dua/unified-models';
import { ChildProcesses, startNatsServer } from '../../../../tools/stack';
import { inboxPrefixOf } from '../config/nats.config';
import { finalFrame, framesOf, keepaliveFrame, RpcFrame } from './rpc-framing';
import { RpcClient } from './rpc-client';
import { ReplyStreamBrokenError, RpcRetryReason } from './rpc-reply-router';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a stream gives, and how it ended (`error` undefined: it ended complete). */
async function drain(stream: Readable): Promise<{ bytes: Buffer; error?: unknown; chunks: number }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { bytes: Buffer.concat(chunks), chunks: chunks.length };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error, chunks: chunks.length };
  }
}

// The caller's side of a long reply streamed in frames, on a real nats-server with the product's permissions: the
// replicas here are plain NATS subscribers in crm-service's queue group that speak the reply frames.
describe('a long reply streamed to the caller', () => {
  const children = new ChildProcesses();
  let nats: Awaited<ReturnType<typeof startNatsServer>>;
  const connections: NatsConnection[] = [];
  const page = { result: Array.from({ length: 3000 }, (_, i) => ({ id: `contact-${i}`, name: `Zoë ${i}` })), next_cursor: 'next', result_count: 3000 };
  const pageBytes = encode(page);
  const pageFrames = framesOf(pageBytes, 'ok', 8 * 1024);

  const connectAs = async (user: string) => {
    const connection = await connect({ servers: nats.url, user, pass: nats.passwords[user], inboxPrefix: inboxPrefixOf(user) });
    connections.push(connection);
    return connection;
  };

  /**
   * A replica that answers with `frames`, `gapMs` apart; with `dieAfter`, it dies (its connection gone, as after
   * SIGKILL) once it sent that many. It counts the requests it received.
   */
  const replica = async (subject: string, frames: RpcFrame[], options: { gapMs?: number; dieAfter?: number } = {}) => {
    const connection = await connectAs('crm-service');
    const state = { received: 0 };
    connection.subscribe(subject, {
      queue: 'crm-service',
      callback: (_error, message: Msg) => {
        state.received++;
        void (async () => {
          for (const [index, frame] of frames.entries()) {
            if (connection.isClosed()) return;
            if (index === options.dieAfter) {
              await connection.flush();
              await connection.close();
              return;
            }
            message.respond(frame.data, { headers: frame.headers });
            if (options.gapMs) await sleep(options.gapMs);
          }
        })();
      },
    });
    await connection.flush();
    return state;
  };

  const gatewayClient = async (retries: Array<[string, RpcRetryReason]> = [], timeoutMs = 20_000) => {
    const client = new RpcClient({
      url: nats.url,
      user: 'gateway',
      password: nats.passwords['gateway'],
      name: 'gateway-test',
      timeoutMs,
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

  it('hands the chunks on as they arrive, byte-identical, before the replica sent the last one', async () => {
    expect(pageFrames.length).toBeGreaterThan(5);
    const client = await gatewayClient();
    await replica('crm.contacts.list', pageFrames, { gapMs: 20 });
    const started = Date.now();
    const reply = await client.sendStreamed('crm.contacts.list', {}, { request_id: 'stream-1' }, undefined, { idempotent: true });
    const firstAt = Date.now() - started;
    expect(reply).toBeInstanceOf(Readable);
    const { bytes, error, chunks } = await drain(reply as Readable);
    const allAt = Date.now() - started;
    await client.close();

    expect(error).toBeUndefined();
    expect(bytes.equals(Buffer.from(pageBytes))).toBe(true);
    expect(chunks).toBe(pageFrames.length);
    // The stream started with the first frame, not after the (gapMs × frames) it took to send them all.
    expect(firstAt).toBeLessThan(allAt - 20 * (pageFrames.length - 2));
  });

  it('returns a reply of one frame whole, as before (the fast path)', async () => {
    const client = await gatewayClient();
    await replica('crm.leads.list', [finalFrame(encode({ result: [], next_cursor: null }), 'ok')]);
    const reply = await client.sendStreamed('crm.leads.list', {}, { request_id: 'small-1' }, undefined, { idempotent: true });
    await client.close();

    expect(reply).toBeInstanceOf(Uint8Array);
    expect(JSON.parse(Buffer.from(reply as Uint8Array).toString('utf8'))).toEqual({ result: [], next_cursor: null });
  });

  it('throws an error reply as a DomainError, never as a stream', async () => {
    const client = await gatewayClient();
    await replica('crm.notes.list', [finalFrame(encode({ code: ErrorCode.INVALID_CURSOR, message: 'stale' }), 'error')]);
    const failure = await client.sendStreamed('crm.notes.list', {}, { request_id: 'error-1' }).catch((error: unknown) => error);
    await client.close();

    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).code).toBe(ErrorCode.INVALID_CURSOR);
  });

  it('breaks the stream, and does not retry, when the replica dies after the first chunks', async () => {
    const retries: Array<[string, RpcRetryReason]> = [];
    const client = await gatewayClient(retries);
    await replica('crm.accounts.list', pageFrames, { dieAfter: 3 });
    const started = Date.now();
    const reply = await client.sendStreamed('crm.accounts.list', {}, { request_id: 'dies-1' }, undefined, { idempotent: true });
    const { bytes, error } = await drain(reply as Readable);
    const elapsed = Date.now() - started;
    await client.close();

    expect(error).toBeInstanceOf(ReplyStreamBrokenError);
    expect((error as ReplyStreamBrokenError).reason).toBe('lost');
    expect(bytes.length).toBe(pageFrames.slice(0, 3).reduce((size, frame) => size + frame.data.byteLength, 0));
    expect(retries).toEqual([]);
    // The silence bound (1 s), not the 20 s timeout. Generous: the machine is shared.
    expect(elapsed).toBeLessThan(8_000);
  });

  it('sends a read once more when its replica dies before the first chunk, and streams the other one', async () => {
    const retries: Array<[string, RpcRetryReason]> = [];
    const client = await gatewayClient(retries);
    let other = { received: 0 };
    // Takes the request, says it works on it, starts the replica a retry reaches, then dies without a chunk sent.
    const dying = await connectAs('crm-service');
    dying.subscribe('crm.opportunities.list', {
      queue: 'crm-service',
      callback: (_error, message: Msg) => {
        message.respond(keepaliveFrame().data, { headers: keepaliveFrame().headers });
        void replica('crm.opportunities.list', pageFrames).then(async (started) => {
          other = started;
          await dying.close();
        });
      },
    });
    await dying.flush();
    const reply = await client.sendStreamed('crm.opportunities.list', {}, { request_id: 'retry-1' }, undefined, { idempotent: true });
    const { bytes, error } = await drain(reply as Readable);
    await client.close();

    expect(error).toBeUndefined();
    expect(bytes.equals(Buffer.from(pageBytes))).toBe(true);
    expect(other.received).toBe(1);
    expect(retries).toEqual([['crm.opportunities.list', 'replica_lost']]);
  });

  it('breaks the stream when the request times out midway, keepalives or not', async () => {
    const client = await gatewayClient([], 1_500);
    await replica('crm.engagements.list', pageFrames, { gapMs: 300 });
    const started = Date.now();
    const reply = await client.sendStreamed('crm.engagements.list', {}, { request_id: 'slow-1' });
    const { error } = await drain(reply as Readable);
    await client.close();

    expect((error as ReplyStreamBrokenError).reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
