import { headers as natsHeaders, MsgHdrs } from 'nats';

/**
 * How a service's reply to one request crosses NATS: a sequence of frames on the request's reply subject, told apart
 * by a header (the body is never inspected, so a frame costs nothing to classify):
 *
 * - `keepalive`: empty; "I still hold your request". A replica sends one every keepalive interval while it works,
 *   so the caller can tell a slow replica from a dead one (silence) and ask another replica instead.
 * - `data`: one chunk of the reply's body, numbered from 0 (`dua-rpc-seq`). A large reply is sent as several
 *   bounded chunks, so no single message needs a large NATS `max_payload`. Only a successful reply is ever chunked,
 *   and its first data frame says so (`dua-rpc-status: ok`): a caller may forward the chunks as they arrive (the
 *   gateway streams them into the HTTP response, whose status it must know before the first byte).
 * - `final`: the last chunk (possibly empty) and the reply's status (`dua-rpc-status`: ok or error). Always the last
 *   message; a reply without a frame header (a replica from before framing) is a final frame holding the whole body.
 *
 * NATS keeps the order of messages from one publisher to one subscriber; the sequence numbers catch a frame lost
 * anyway (a slow consumer's dropped messages), which must fail the reply rather than corrupt it.
 */
export const RPC_FRAME_HEADER = 'dua-rpc-frame';
export const RPC_SEQ_HEADER = 'dua-rpc-seq';
export const RPC_STATUS_HEADER = 'dua-rpc-status';

/**
 * How often a replica says it still holds a request. The first keepalive goes out after one interval, not at once:
 * most replies come sooner and then cost no extra message. A caller's silence bound must be a few intervals.
 */
export const RPC_KEEPALIVE_INTERVAL_MS = 500;

export type RpcFrameKind = 'keepalive' | 'data' | 'final';
export type RpcStatus = 'ok' | 'error';

export interface RpcFrame {
  data: Uint8Array;
  headers: MsgHdrs;
}

/** What a frame carries, as read back from a NATS message (`headers` absent on a plain message). */
export interface ReceivedFrame {
  data: Uint8Array;
  headers?: MsgHdrs;
}

const EMPTY = new Uint8Array(0);

export function keepaliveFrame(): RpcFrame {
  return { data: EMPTY, headers: headersOf('keepalive') };
}

/** A chunk of a successful reply; the first one (`seq` 0) announces the status, so the reply can be streamed. */
export function dataFrame(chunk: Uint8Array, seq: number): RpcFrame {
  const headers = headersOf('data');
  headers.set(RPC_SEQ_HEADER, String(seq));
  if (seq === 0) headers.set(RPC_STATUS_HEADER, 'ok');
  return { data: chunk, headers };
}

/** The last frame: the last `chunk` of the body (the whole body when it is not chunked) and the reply's status. */
export function finalFrame(chunk: Uint8Array, status: RpcStatus, seq = 0): RpcFrame {
  const headers = headersOf('final');
  headers.set(RPC_SEQ_HEADER, String(seq));
  headers.set(RPC_STATUS_HEADER, status);
  return { data: chunk, headers };
}

/**
 * A whole reply as frames of at most `maxChunkBytes` each: data frames, then the final frame with what is left.
 * An error is always one final frame (it is small, and the caller must see its status before anything else).
 */
export function framesOf(body: Uint8Array, status: RpcStatus, maxChunkBytes: number): RpcFrame[] {
  if (!(maxChunkBytes > 0)) throw new RangeError('maxChunkBytes must be positive');
  if (status === 'error' || body.byteLength <= maxChunkBytes) return [finalFrame(body, status)];
  return [...streamedFramesOf([body], maxChunkBytes, () => EMPTY)];
}

/**
 * A successful reply whose body is produced piece by piece (see `jsonPiecesOf`), as frames of at most
 * `maxChunkBytes` each, made as they are pulled: a sender can publish each frame before the next piece is even
 * serialized. The last part becomes the final frame, so one part is held back until the next is known. Should
 * producing a piece fail, what was sent is followed by a final `error` frame holding `failureBody(error)`: the caller
 * (already streaming the chunks on) learns at once that the reply is broken.
 */
export function* streamedFramesOf(
  pieces: Iterable<Uint8Array>,
  maxChunkBytes: number,
  failureBody: (error: unknown) => Uint8Array,
): Generator<RpcFrame> {
  if (!(maxChunkBytes > 0)) throw new RangeError('maxChunkBytes must be positive');
  let seq = 0;
  let held: Uint8Array | undefined;
  try {
    for (const piece of pieces) {
      for (let offset = 0; offset < piece.byteLength; offset += maxChunkBytes) {
        if (held) yield dataFrame(held, seq++);
        held = piece.subarray(offset, offset + maxChunkBytes);
      }
    }
  } catch (error) {
    if (held) yield dataFrame(held, seq++);
    yield finalFrame(failureBody(error), 'error', seq);
    return;
  }
  yield finalFrame(held ?? EMPTY, 'ok', seq);
}

export function frameKindOf(frame: ReceivedFrame): RpcFrameKind {
  const kind = frame.headers?.get(RPC_FRAME_HEADER);
  return kind === 'keepalive' || kind === 'data' ? kind : 'final';
}

/** A reply whose frames do not add up (a chunk missing or out of order, or a frame after the final one). */
export class BrokenReplyError extends Error {}

/** What one more frame made of a reply. */
export type ReplyProgress =
  /** Nothing for the caller yet: a keepalive, or a chunk kept until the whole reply is there. */
  | { kind: 'pending' }
  /** The whole reply, as one body. */
  | { kind: 'reply'; status: RpcStatus | undefined; body: Uint8Array }
  /** The next chunk of a streamed successful reply (`last` on the final frame's). */
  | { kind: 'chunk'; chunk: Uint8Array; last: boolean };

/**
 * Reads one reply from its frames, in arrival order, and checks that they add up (sequence numbers; nothing after the
 * final frame). Keepalives only prove the replica is alive. With `streamOk`, a reply whose first data frame announces
 * success is handed on chunk by chunk as it arrives; otherwise data frames are kept until the final frame completes
 * the body. `status` is undefined when the final frame has none (a message from something other than our serializer,
 * e.g. Nest's "no handler" answer). A streamed reply whose final frame says `error` failed midway: it is broken.
 */
export class RpcReplyReader {
  private readonly kept: Uint8Array[] = [];
  private received = 0;
  private streaming = false;
  private done = false;

  constructor(private readonly streamOk: boolean) {}

  accept(frame: ReceivedFrame): ReplyProgress {
    if (this.done) throw new BrokenReplyError('A frame arrived after the final one');
    const kind = frameKindOf(frame);
    if (kind === 'keepalive') return { kind: 'pending' };
    const seq = frame.headers?.get(RPC_SEQ_HEADER);
    if (seq !== undefined && seq !== '' && Number(seq) !== this.received) {
      throw new BrokenReplyError(`Reply chunk ${seq} arrived where chunk ${this.received} was expected`);
    }
    this.received += 1;
    const status = statusOf(frame);
    if (kind === 'data') {
      if (this.received === 1 && this.streamOk && status === 'ok') this.streaming = true;
      if (this.streaming) return { kind: 'chunk', chunk: frame.data, last: false };
      this.kept.push(frame.data);
      return { kind: 'pending' };
    }
    this.done = true;
    if (this.streaming) {
      if (status !== 'ok') throw new BrokenReplyError('The reply failed after part of it was sent');
      return { kind: 'chunk', chunk: frame.data, last: true };
    }
    this.kept.push(frame.data);
    return { kind: 'reply', status, body: concat(this.kept) };
  }
}

export type AssemblyProgress = { complete: false } | { complete: true; status: RpcStatus | undefined; body: Uint8Array };

/** Puts one reply back together from its frames (see `RpcReplyReader`), whole: nothing before the final frame. */
export class RpcReplyAssembler {
  private readonly reader = new RpcReplyReader(false);

  accept(frame: ReceivedFrame): AssemblyProgress {
    const progress = this.reader.accept(frame);
    return progress.kind === 'reply' ? { complete: true, status: progress.status, body: progress.body } : { complete: false };
  }
}

function statusOf(frame: ReceivedFrame): RpcStatus | undefined {
  const status = frame.headers?.get(RPC_STATUS_HEADER);
  return status === 'ok' || status === 'error' ? status : undefined;
}

function headersOf(kind: RpcFrameKind): MsgHdrs {
  const headers = natsHeaders();
  headers.set(RPC_FRAME_HEADER, kind);
  return headers;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const whole = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}
