import { NatsContext, OutgoingResponse, ServerNats, Transport } from '@nestjs/microservices';
import type { Msg } from 'nats';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { frameKindOf, framesOf, RpcFrame, streamedFramesOf } from './rpc-framing';
import { midReplyFailureBody, RpcReply } from './rpc-wire';

/**
 * The largest frame of a reply. A 5000-record page is several megabytes of JSON: sent whole it needs a NATS
 * `max_payload` far above the 1 MB default and holds the server's and the caller's buffers at that size; in frames of
 * this size (see rpc-framing) every message stays well under the default.
 */
export const RPC_MAX_FRAME_BYTES = 256 * 1024;

/**
 * Nest's NATS transport answering in bounded frames (see rpc-framing). A reply the serializer made whole (see
 * rpc-wire) is sent as data frames of at most `maxFrameBytes` and a final frame with the status; one that fits is one
 * message, as before. A long list comes from the serializer in pieces: each piece is serialized, sent as frames and
 * released before the next is made, and the event loop gets a turn between frames so they reach the socket (and the
 * caller, which streams them on) while the rest of the page is still being serialized. The publisher's promise
 * settles once the final frame is sent. The caller's `RpcReplyReader` reads the frames back.
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
      const reply = this.serializer.serialize(Object.assign(response, { id })) as RpcReply;
      this.onProcessingEndHook?.(this.transportId ?? Transport.NATS, context);
      if ('pieces' in reply) return this.stream(message, streamedFramesOf(reply.pieces, this.maxFrameBytes, midReplyFailureBody));
      if (reply.body.byteLength <= this.maxFrameBytes) return respond(message, framesOf(reply.body, reply.status, this.maxFrameBytes)[0]);
      for (const frame of framesOf(reply.body, reply.status, this.maxFrameBytes)) respond(message, frame);
      return true;
    };
  }

  private async stream(message: Msg, frames: Iterable<RpcFrame>): Promise<boolean> {
    try {
      for (const frame of frames) {
        respond(message, frame);
        // No turn after the final frame: the keepalive timer could send a frame after it.
        if (frameKindOf(frame) === 'final') break;
        await nextTurn();
      }
      return true;
    } catch {
      // The connection closed midway: the caller sees the replica fall silent and aborts its response.
      return false;
    }
  }
}

function respond(message: Msg, frame: RpcFrame): boolean {
  return message.respond(frame.data, { headers: frame.headers });
}
