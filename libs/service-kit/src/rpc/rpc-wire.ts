import type { Serializer } from '@nestjs/microservices';
import { ErrorCode, RpcErrorPayload } from '@dua/unified-models';
import { listJsonPieces } from './json-pieces';
import { RpcStatus } from './rpc-framing';

/**
 * How our services answer over NATS. The reply body is the handler's result as JSON, exactly the bytes the gateway
 * will send to the HTTP client, with a status that says whether it is a result or a typed error (see rpc-framing).
 * Unlike Nest's default (`{id, response, isDisposed}` around the result), the gateway can forward a result without
 * parsing and re-serializing it: for a 5000-record page that is most of the gateway's work.
 *
 * A long list's JSON is not made at once: its `pieces` are serialized and encoded as they are pulled (see
 * `jsonPiecesOf`), so the server sends the first frames while the rest is still objects, and never holds the whole
 * page as one string and its bytes (FramedReplyNatsServer). Everything else is one `body`.
 */
export type RpcReply = { status: RpcStatus; body: Uint8Array } | { status: 'ok'; pieces: Iterable<Uint8Array> };

interface NestResponsePacket {
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

const encoder = new TextEncoder();

export class RpcReplySerializer implements Serializer<NestResponsePacket, RpcReply> {
  serialize(packet: NestResponsePacket): RpcReply {
    if (packet.err !== undefined && packet.err !== null) return { status: 'error', body: encoder.encode(JSON.stringify(packet.err)) };
    const result = packet.response ?? null;
    const pieces = listJsonPieces(result);
    return pieces ? { status: 'ok', pieces: encoded(pieces) } : { status: 'ok', body: encoder.encode(JSON.stringify(result)) };
  }
}

/** What the caller is told when a reply fails after part of it was sent (its status already said ok). */
export function midReplyFailureBody(): Uint8Array {
  return encoder.encode(JSON.stringify({ code: ErrorCode.INTERNAL, message: 'Internal error' } satisfies RpcErrorPayload));
}

function* encoded(pieces: Iterable<string>): Generator<Uint8Array> {
  for (const piece of pieces) yield Buffer.from(piece, 'utf8');
}
