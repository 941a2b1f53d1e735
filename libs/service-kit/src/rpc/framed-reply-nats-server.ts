import { NatsContext, OutgoingResponse, ServerNats, Transport } from '@nestjs/microservices';
import type { Msg } from 'nats';
import { framesOf, RPC_STATUS_HEADER, RpcFrame } from './rpc-framing';

/**
 * The largest frame of a reply. A 5000-record page is several megabytes of JSON: sent whole it needs a NATS
 * `max_payload` far above the 1 MB default and holds the server's and the caller's buffers at that size; in frames of
 * this size (see rpc-framing) every message stays well under the default.
 */
export const RPC_MAX_FRAME_BYTES = 256 * 1024;

/**
 * Nest's NATS transport answering in bounded frames: the serializer's reply (one final frame, see rpc-wire) is sent as
 * data frames of at most `maxFrameBytes` and a final frame with the status. A reply that fits is one message, as
 * before. The caller's `RpcReplyAssembler` puts the body back together. `DrainingNatsServer`, which every service
 * runs, extends it; replicas may send several messages per request because they publish to their askers' inboxes
 * (tools/stack/nats-permissions.js), not through `allow_responses`.
 */
export class FramedReplyNatsServer extends ServerNats {
  constructor(
    options: ConstructorParameters<typeof ServerNats>[0],
    private readonly maxFrameBytes = RPC_MAX_FRAME_BYTES,
  ) {
    super(options);
  }

  override getPublisher(message: Msg, id: string, context: NatsContext): (response: Omit<OutgoingResponse, 'id'>) => unknown {
    if (!message.reply) return super.getPublisher(message, id, context);
    return (response) => {
      const reply = this.serializer.serialize(Object.assign(response, { id })) as RpcFrame;
      this.onProcessingEndHook?.(this.transportId ?? Transport.NATS, context);
      if (reply.data.byteLength <= this.maxFrameBytes) return message.respond(reply.data, { headers: reply.headers });
      const status = reply.headers.get(RPC_STATUS_HEADER) === 'error' ? 'error' : 'ok';
      for (const frame of framesOf(reply.data, status, this.maxFrameBytes)) message.respond(frame.data, { headers: frame.headers });
      return true;
    };
  }
}
