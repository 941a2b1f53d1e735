import type { Serializer } from '@nestjs/microservices';
import { headers as natsHeaders, MsgHdrs } from 'nats';

/**
 * How our services answer over NATS. The reply body is the handler's result as JSON, exactly the bytes the gateway
 * will send to the HTTP client, and a header says whether it is a result or a typed error. Unlike Nest's default
 * (`{id, response, isDisposed}` around the result), the gateway can forward a result without parsing and
 * re-serializing it: for a 5000-record page that is most of the gateway's work.
 */
export const RPC_STATUS_HEADER = 'dua-rpc-status';
export type RpcStatus = 'ok' | 'error';

const encoder = new TextEncoder();

interface NestResponsePacket {
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

export class RpcReplySerializer implements Serializer<NestResponsePacket, { data: Uint8Array; headers: MsgHdrs }> {
  serialize(packet: NestResponsePacket): { data: Uint8Array; headers: MsgHdrs } {
    const failed = packet.err !== undefined && packet.err !== null;
    const headers = natsHeaders();
    headers.set(RPC_STATUS_HEADER, failed ? 'error' : 'ok');
    const body = failed ? packet.err : (packet.response ?? null);
    return { data: encoder.encode(JSON.stringify(body)), headers };
  }
}
