import type { Serializer } from '@nestjs/microservices';
import { SerializedJson } from '@dua/unified-models';
import { finalFrame, RpcFrame } from './rpc-framing';

/**
 * How our services answer over NATS. The reply body is the handler's result as JSON, exactly the bytes the gateway
 * will send to the HTTP client, in a final frame whose header says whether it is a result or a typed error (see
 * rpc-framing). Unlike Nest's default (`{id, response, isDisposed}` around the result), the gateway can forward a
 * result without parsing and re-serializing it: for a 5000-record page that is most of the gateway's work. A result
 * already serialized (`SerializedJson`) is sent as it is.
 */
const encoder = new TextEncoder();

interface NestResponsePacket {
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

export class RpcReplySerializer implements Serializer<NestResponsePacket, RpcFrame> {
  serialize(packet: NestResponsePacket): RpcFrame {
    const failed = packet.err !== undefined && packet.err !== null;
    const body = failed ? packet.err : (packet.response ?? null);
    const json = body instanceof SerializedJson ? body.bytes : encoder.encode(JSON.stringify(body));
    return finalFrame(json, failed ? 'error' : 'ok');
  }
}
