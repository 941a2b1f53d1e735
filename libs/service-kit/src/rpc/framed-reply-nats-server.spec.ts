import { NatsContext } from '@nestjs/microservices';
import type { Msg, MsgHdrs } from 'nats';
import { FramedReplyNatsServer } from './framed-reply-nats-server';
import { frameKindOf, RPC_STATUS_HEADER, RpcReplyAssembler } from './rpc-framing';
import { RpcReplySerializer } from './rpc-wire';

/** What a replica publishes on a request's reply subject, in order. */
function requestFrom(sent: { data: Uint8Array; headers?: MsgHdrs }[]): Msg {
  return {
    reply: '_INBOX.caller.1',
    respond: (data: Uint8Array, options?: { headers?: MsgHdrs }) => {
      sent.push({ data, headers: options?.headers });
      return true;
    },
  } as unknown as Msg;
}

type Sent = { data: Uint8Array; headers?: MsgHdrs }[];

function publishing(result: unknown, maxFrameBytes: number, failed = false): { sent: Sent; published: Promise<unknown> } {
  const server = new FramedReplyNatsServer({ serializer: new RpcReplySerializer() }, maxFrameBytes);
  const sent: Sent = [];
  const publish = server.getPublisher(requestFrom(sent), 'request-1', new NatsContext(['crm.contacts.list', undefined]));
  const published = Promise.resolve(publish(failed ? { err: result, isDisposed: true } : { response: result, isDisposed: true }));
  return { sent, published };
}

async function answer(result: unknown, maxFrameBytes: number, failed = false): Promise<Sent> {
  const { sent, published } = publishing(result, maxFrameBytes, failed);
  await published;
  return sent;
}

function reassembled(sent: { data: Uint8Array; headers?: MsgHdrs }[]) {
  const assembler = new RpcReplyAssembler();
  let progress = assembler.accept(sent[0]);
  for (const frame of sent.slice(1)) progress = assembler.accept(frame);
  if (!progress.complete) throw new Error('the reply never completed');
  return { status: progress.status, value: JSON.parse(Buffer.from(progress.body).toString('utf8')) as unknown };
}

describe('FramedReplyNatsServer', () => {
  const pageOf = (count: number) => ({
    result: Array.from({ length: count }, (_, index) => ({ id: `contact-${index}`, name: `Zoë ${index}`, note: 'x'.repeat(100) })),
    next_cursor: null,
    result_count: count,
  });
  const page = pageOf(500);

  it('sends a large reply as bounded frames that put the same body back together', async () => {
    const sent = await answer(structuredClone(page), 4096);
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.every((frame) => frame.data.byteLength <= 4096)).toBe(true);
    expect(sent.slice(0, -1).every((frame) => frameKindOf(frame) === 'data')).toBe(true);
    expect(frameKindOf(sent[sent.length - 1])).toBe('final');
    expect(reassembled(sent)).toEqual({ status: 'ok', value: page });
    expect(sent[0].headers?.get(RPC_STATUS_HEADER)).toBe('ok');
  });

  it('sends a large reply that is not a list the same way, made whole', async () => {
    const document = { text: 'z'.repeat(20_000) };
    const sent = await answer(document, 4096);
    expect(sent.length).toBe(5);
    expect(reassembled(sent)).toEqual({ status: 'ok', value: document });
  });

  it('sends a long list as it serializes it, a turn of the event loop between frames, the bytes of JSON.stringify', async () => {
    const longPage = pageOf(2000);
    const expected = JSON.stringify(longPage);
    const { sent, published } = publishing(longPage, 64 * 1024);
    // The first frame left before the rest of the page was serialized.
    expect(sent).toHaveLength(1);
    expect(frameKindOf(sent[0])).toBe('data');
    expect(longPage.result.at(-1)).toBeDefined();
    await published;
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.every((frame) => frame.data.byteLength <= 64 * 1024)).toBe(true);
    expect(Buffer.concat(sent.map((frame) => frame.data)).toString('utf8')).toBe(expected);
    expect(reassembled(sent).status).toBe('ok');
  });

  it('sends a reply that fits as one final message, and an error always as one', async () => {
    expect(await answer({ result: [] }, 4096)).toHaveLength(1);
    const error = { code: 'NOT_FOUND', message: 'y'.repeat(10_000) };
    const sent = await answer(error, 4096, true);
    expect(sent).toHaveLength(1);
    expect(reassembled(sent)).toEqual({ status: 'error', value: error });
  });
});
