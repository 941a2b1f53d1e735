import { createInbox, Msg, NatsConnection, NatsError, Subscription } from 'nats';
import { RpcReplyAssembler, RpcStatus } from './rpc-framing';

/** How one attempt at a request ended. */
export type CallOutcome =
  | { kind: 'reply'; status: RpcStatus | undefined; body: Uint8Array }
  /** Nobody subscribes to the subject (NATS "no responders"): nobody received the request. */
  | { kind: 'no_responders' }
  /** The replica holding the request went silent (no keepalive for `silenceMs`): it is gone. */
  | { kind: 'lost' }
  /** The reply's frames did not add up (a chunk lost). */
  | { kind: 'broken' }
  | { kind: 'timeout' }
  | { kind: 'disconnected' };

export type RpcRetryReason = 'no_responders' | 'replica_lost' | 'broken_reply';

export interface CallOptions {
  /** When the attempt gives up (epoch milliseconds). */
  deadline: number;
  /** Silence after which the replica is taken for gone; undefined: wait for the deadline. */
  silenceMs?: number;
}

/**
 * Receives the replies of every request on one wildcard subscription (`<inbox>.<token>`, one token per attempt), as
 * the nats client's own request does, but reads every frame of a reply instead of the first message only: keepalives
 * keep the attempt alive, data frames build the body, the final frame ends it.
 */
export class RpcReplyRouter {
  private readonly pending = new Map<string, (message: Msg) => void>();
  private readonly subscription: Subscription;
  private readonly inbox: string;
  private nextToken = 0;

  constructor(connection: NatsConnection, inboxPrefix?: string) {
    this.inbox = createInbox(inboxPrefix);
    this.subscription = connection.subscribe(`${this.inbox}.*`, {
      callback: (error: NatsError | null, message: Msg) => {
        if (error) return;
        this.pending.get(message.subject.slice(this.inbox.length + 1))?.(message);
      },
    });
  }

  call(connection: NatsConnection, subject: string, request: Uint8Array, options: CallOptions): Promise<CallOutcome> {
    return new Promise((resolve) => {
      const token = (this.nextToken++).toString(36);
      const assembler = new RpcReplyAssembler();
      let silence: NodeJS.Timeout | undefined;
      const finish = (outcome: CallOutcome) => {
        clearTimeout(silence);
        clearTimeout(deadline);
        this.pending.delete(token);
        resolve(outcome);
      };
      const armSilence = () => {
        if (options.silenceMs === undefined) return;
        clearTimeout(silence);
        silence = setTimeout(() => finish({ kind: 'lost' }), options.silenceMs);
      };
      const deadline = setTimeout(() => finish({ kind: 'timeout' }), Math.max(0, options.deadline - Date.now()));
      this.pending.set(token, (message) => {
        if (isNoResponders(message)) return finish({ kind: 'no_responders' });
        try {
          const progress = assembler.accept(message);
          if (progress.complete) finish({ kind: 'reply', status: progress.status, body: progress.body });
          else armSilence();
        } catch {
          finish({ kind: 'broken' });
        }
      });
      armSilence();
      try {
        connection.publish(subject, request, { reply: `${this.inbox}.${token}` });
      } catch {
        finish({ kind: 'disconnected' });
      }
    });
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}

/** NATS's "no responders" status: an empty message with status 503 in its headers. */
function isNoResponders(message: Msg): boolean {
  return message.data.length === 0 && message.headers?.code === 503;
}
