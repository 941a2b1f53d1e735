import { NatsContext } from '@nestjs/microservices';
import type { Msg, MsgHdrs } from 'nats';
import { FramedReplyNatsServer } from './framed-reply-nats-server';
import { frameKindOf, RpcReplyAssembler } from './rpc-framing';
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

function answer(result: unknown, maxFrameBytes: number, failed = false): { data: Uint8Array; headers?: MsgHdrs }[] {
  const server = new FramedReplyNatsServer({ serializer: new RpcReplySerializer() }, maxFrameBytes);
  const sent: { data: Uint8Array; headers?: MsgHdrs }[] = [];
  const publish = server.getPublisher(requestFrom(sent), 'request-1', new NatsContext(['crm.contacts.list', undefined]));
  publish(failed ? { err: result, isDisposed: true } : { response: result, isDisposed: true });
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
  const page = { result: Array.from({ length: 500 }, (_, index) => ({ id: `contact-${index}`, name: `Zoë ${index}`, note: 'x'.repeat(100) })), next_cursor: null };

  it('sends a large reply as bounded frames that put the same body back together', () => {
    const sent = answer(page, 4096);
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.every((frame) => frame.data.byteLength <= 4096)).toBe(true);
    expect(sent.slice(0, -1).every((frame) => frameKindOf(frame) === 'data')).toBe(true);
    expect(frameKindOf(sent[sent.length - 1])).toBe('final');
    expect(reassembled(sent)).toEqual({ status: 'ok', value: page });
  });

  it('sends a reply that fits as one final message, and an error always as one', () => {
    expect(answer({ result: [] }, 4096)).toHaveLength(1);
    const error = { code: 'NOT_FOUND', message: 'y'.repeat(10_000) };
    const sent = answer(error, 4096, true);
    expect(sent).toHaveLength(1);
    expect(reassembled(sent)).toEqual({ status: 'error', value: error });
  });
});
