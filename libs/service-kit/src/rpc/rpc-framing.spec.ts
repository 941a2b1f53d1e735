import { headers as natsHeaders } from 'nats';
import {
  BrokenReplyError,
  dataFrame,
  finalFrame,
  frameKindOf,
  framesOf,
  keepaliveFrame,
  RPC_FRAME_HEADER,
  RPC_STATUS_HEADER,
  RpcReplyAssembler,
} from './rpc-framing';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => Buffer.from(data).toString('utf8');

describe('reply framing', () => {
  it('tells the three kinds of frame apart by their header alone', () => {
    expect(frameKindOf(keepaliveFrame())).toBe('keepalive');
    expect(frameKindOf(dataFrame(bytes('[1,'), 0))).toBe('data');
    expect(frameKindOf(finalFrame(bytes('2]'), 'ok', 1))).toBe('final');
    expect(keepaliveFrame().data.byteLength).toBe(0);
  });

  it('reads a message without a frame header as a whole final reply (a replica from before framing)', () => {
    const headers = natsHeaders();
    headers.set(RPC_STATUS_HEADER, 'ok');
    const progress = new RpcReplyAssembler().accept({ data: bytes('{"a":1}'), headers });
    expect(progress).toEqual({ complete: true, status: 'ok', body: bytes('{"a":1}') });
    expect(new RpcReplyAssembler().accept({ data: bytes('"no handler"') })).toMatchObject({ complete: true, status: undefined });
  });

  it('ignores keepalives and completes with the final frame', () => {
    const assembler = new RpcReplyAssembler();
    expect(assembler.accept(keepaliveFrame())).toEqual({ complete: false });
    expect(assembler.accept(keepaliveFrame())).toEqual({ complete: false });
    const done = assembler.accept(finalFrame(bytes('{"code":"NOT_FOUND"}'), 'error'));
    expect(done).toMatchObject({ complete: true, status: 'error' });
    expect(done.complete && text(done.body)).toBe('{"code":"NOT_FOUND"}');
  });

  it('puts a body split into bounded chunks back together, keepalives interleaved', () => {
    const body = bytes(JSON.stringify({ result: Array.from({ length: 300 }, (_, i) => ({ id: `contact-${i}`, name: 'é☃' })) }));
    const frames = framesOf(body, 'ok', 1000);
    expect(frames.length).toBe(Math.ceil(body.byteLength / 1000));
    expect(frames.every((frame) => frame.data.byteLength <= 1000)).toBe(true);
    expect(frames.slice(0, -1).every((frame) => frameKindOf(frame) === 'data')).toBe(true);
    expect(frameKindOf(frames[frames.length - 1])).toBe('final');

    const assembler = new RpcReplyAssembler();
    let progress = assembler.accept(keepaliveFrame());
    for (const frame of frames) {
      expect(progress.complete).toBe(false);
      progress = assembler.accept(frame);
      if (!progress.complete) assembler.accept(keepaliveFrame());
    }
    expect(progress).toEqual({ complete: true, status: 'ok', body });
  });

  it('sends a body that fits, and any error, as one final frame', () => {
    expect(framesOf(bytes('[]'), 'ok', 2)).toHaveLength(1);
    const error = framesOf(bytes('x'.repeat(5000)), 'error', 100);
    expect(error).toHaveLength(1);
    expect(error[0].headers.get(RPC_STATUS_HEADER)).toBe('error');
    expect(() => framesOf(bytes('[]'), 'ok', 0)).toThrow(RangeError);
  });

  it('fails a reply that lost a chunk rather than returning a corrupt body', () => {
    const frames = framesOf(bytes('a'.repeat(30)), 'ok', 10);
    const assembler = new RpcReplyAssembler();
    assembler.accept(frames[0]);
    expect(() => assembler.accept(frames[2])).toThrow(BrokenReplyError);
  });

  it('fails a frame that arrives after the final one', () => {
    const assembler = new RpcReplyAssembler();
    assembler.accept(finalFrame(bytes('1'), 'ok'));
    expect(() => assembler.accept(keepaliveFrame())).toThrow(BrokenReplyError);
  });

  it('marks frames with the header name the gateway reads', () => {
    expect(keepaliveFrame().headers.get(RPC_FRAME_HEADER)).toBe('keepalive');
  });
});
