import { headers as natsHeaders, MsgHdrs } from 'nats';

/**
 * How a service's reply to one request crosses NATS: a sequence of frames on the request's reply subject, told apart
 * by a header (the body is never inspected, so a frame costs nothing to classify):
 *
 * - `keepalive`: empty; "I still hold your request". A replica sends one every keepalive interval while it works,
 *   so the caller can tell a slow replica from a dead one (silence) and ask another replica instead.
 * - `data`: one chunk of the reply's body, numbered from 0 (`dua-rpc-seq`). A large reply is sent as several
 *   bounded chunks, so no single message needs a large NATS `max_payload`.
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

export function dataFrame(chunk: Uint8Array, seq: number): RpcFrame {
  const headers = headersOf('data');
  headers.set(RPC_SEQ_HEADER, String(seq));
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
  const frames: RpcFrame[] = [];
  let offset = 0;
  while (body.byteLength - offset > maxChunkBytes) {
    frames.push(dataFrame(body.subarray(offset, offset + maxChunkBytes), frames.length));
    offset += maxChunkBytes;
  }
  frames.push(finalFrame(body.subarray(offset), status, frames.length));
  return frames;
}

export function frameKindOf(frame: ReceivedFrame): RpcFrameKind {
  const kind = frame.headers?.get(RPC_FRAME_HEADER);
  return kind === 'keepalive' || kind === 'data' ? kind : 'final';
}

/** A reply whose frames do not add up (a chunk missing or out of order, or a frame after the final one). */
export class BrokenReplyError extends Error {}

export type AssemblyProgress = { complete: false } | { complete: true; status: RpcStatus | undefined; body: Uint8Array };

/**
 * Puts one reply back together from its frames, in arrival order. Keepalives only prove the replica is alive; data
 * frames are kept until the final frame completes the body. `status` is undefined when the final frame has none
 * (a message from something other than our serializer, e.g. Nest's "no handler" answer).
 */
export class RpcReplyAssembler {
  private readonly chunks: Uint8Array[] = [];
  private done = false;

  accept(frame: ReceivedFrame): AssemblyProgress {
    if (this.done) throw new BrokenReplyError('A frame arrived after the final one');
    const kind = frameKindOf(frame);
    if (kind === 'keepalive') return { complete: false };
    const seq = frame.headers?.get(RPC_SEQ_HEADER);
    if (seq !== undefined && seq !== '' && Number(seq) !== this.chunks.length) {
      throw new BrokenReplyError(`Reply chunk ${seq} arrived where chunk ${this.chunks.length} was expected`);
    }
    this.chunks.push(frame.data);
    if (kind === 'data') return { complete: false };
    this.done = true;
    const status = frame.headers?.get(RPC_STATUS_HEADER);
    return { complete: true, status: status === 'ok' || status === 'error' ? status : undefined, body: concat(this.chunks) };
  }
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
