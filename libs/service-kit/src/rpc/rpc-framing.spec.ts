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
  RpcReplyReader,
  streamedFramesOf,
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

  it('announces success on the first data frame of a chunked reply, so a caller may stream it', () => {
    const frames = framesOf(bytes('a'.repeat(25)), 'ok', 10);
    expect(frames.map((frame) => frame.headers.get(RPC_STATUS_HEADER))).toEqual(['ok', '', 'ok']);
  });
});

describe('a reply produced in pieces', () => {
  const failed = () => bytes('{"code":"INTERNAL","message":"Internal error"}');
  const pieces = ['{"result":[', '1,2,3,4,5,6,7,8,9,10,11,12', '', ',13]}'].map(bytes);

  it('goes out as bounded frames, the last one final, that read back to the same bytes', () => {
    const frames = [...streamedFramesOf(pieces, 8, failed)];
    expect(frames.every((frame) => frame.data.byteLength > 0 && frame.data.byteLength <= 8)).toBe(true);
    expect(frames.slice(0, -1).every((frame) => frameKindOf(frame) === 'data')).toBe(true);
    expect(frameKindOf(frames[frames.length - 1])).toBe('final');
    expect(frames[frames.length - 1].headers.get(RPC_STATUS_HEADER)).toBe('ok');
    const assembler = new RpcReplyAssembler();
    const done = frames.map((frame) => assembler.accept(frame)).pop();
    expect(done?.complete && text(done.body)).toBe('{"result":[1,2,3,4,5,6,7,8,9,10,11,12,13]}');
  });

  it('makes each frame only when it is pulled, holding back one part to know which is last', () => {
    const made: number[] = [];
    function* counted() {
      for (const [index, piece] of pieces.entries()) {
        made.push(index);
        yield piece;
      }
    }
    const frames = streamedFramesOf(counted(), 100, failed);
    expect(made).toEqual([]);
    expect(text(frames.next().value?.data ?? bytes(''))).toBe('{"result":[');
    expect(made).toEqual([0, 1]);
  });

  it('ends with an error frame when a piece cannot be made after others were sent', () => {
    function* failing() {
      yield bytes('{"result":[1,');
      throw new TypeError('Do not know how to serialize a BigInt');
    }
    const frames = [...streamedFramesOf(failing(), 100, failed)];
    expect(frames.map(frameKindOf)).toEqual(['data', 'final']);
    expect(frames[1].headers.get(RPC_STATUS_HEADER)).toBe('error');
    const reader = new RpcReplyReader(true);
    expect(reader.accept(frames[0])).toEqual({ kind: 'chunk', chunk: bytes('{"result":[1,'), last: false });
    expect(() => reader.accept(frames[1])).toThrow(BrokenReplyError);
  });
});

describe('RpcReplyReader', () => {
  const body = bytes('{"result":[' + '"x",'.repeat(20) + '"y"]}');

  it('hands a streamed reply on chunk by chunk, the last one marked, keepalives between', () => {
    const reader = new RpcReplyReader(true);
    const frames = framesOf(body, 'ok', 16);
    const progress = frames.flatMap((frame) => [reader.accept(keepaliveFrame()), reader.accept(frame)]);
    const chunks = progress.filter((step) => step.kind === 'chunk');
    expect(progress.filter((step) => step.kind === 'pending')).toHaveLength(frames.length);
    expect(chunks).toHaveLength(frames.length);
    expect(chunks.map((step) => step.kind === 'chunk' && step.last)).toEqual([...frames.slice(1).map(() => false), true]);
    expect(text(Buffer.concat(chunks.map((step) => (step.kind === 'chunk' ? step.chunk : bytes('')))))).toBe(text(body));
  });

  it('reads a reply of one frame, and an error, whole even when streaming is wanted (the fast path)', () => {
    expect(new RpcReplyReader(true).accept(finalFrame(bytes('[]'), 'ok'))).toEqual({ kind: 'reply', status: 'ok', body: bytes('[]') });
    expect(new RpcReplyReader(true).accept(finalFrame(bytes('{"code":"NOT_FOUND"}'), 'error'))).toMatchObject({ kind: 'reply', status: 'error' });
  });

  it('assembles chunks whose first frame does not announce success (a replica from before streaming)', () => {
    const reader = new RpcReplyReader(true);
    const legacyFirst = dataFrame(bytes('[1,'), 0);
    legacyFirst.headers.delete(RPC_STATUS_HEADER);
    expect(reader.accept(legacyFirst)).toEqual({ kind: 'pending' });
    expect(reader.accept(finalFrame(bytes('2]'), 'ok', 1))).toEqual({ kind: 'reply', status: 'ok', body: bytes('[1,2]') });
  });

  it('fails a streamed reply that lost a chunk', () => {
    const frames = framesOf(body, 'ok', 16);
    const reader = new RpcReplyReader(true);
    reader.accept(frames[0]);
    expect(() => reader.accept(frames[2])).toThrow(BrokenReplyError);
  });
});
