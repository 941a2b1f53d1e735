import { createInbox, Msg, MsgHdrs, NatsConnection, NatsError, Subscription } from 'nats';
import { randomBytes } from 'node:crypto';
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

export type RpcRetryReason = 'no_responders' | 'replica_lost' | 'broken_reply' | 'retryable_error';

export interface CallOptions {
  /** When the attempt gives up (epoch milliseconds). */
  deadline: number;
  /** Silence after which the replica is taken for gone; undefined: wait for the deadline. */
  silenceMs?: number;
  /** Headers sent with the request (the trace context). */
  headers?: MsgHdrs;
}

/**
 * A random 128-bit subject token. The services may publish to their askers' inboxes (tools/stack/nats-permissions.js):
 * what keeps one from answering a request it did not receive is that it cannot guess that request's reply subject.
 */
export function unguessableToken(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Receives the replies of every request on one wildcard subscription (`<inbox>.<token>`, a random token per attempt),
 * as the nats client's own request does, but reads every frame of a reply instead of the first message only:
 * keepalives keep the attempt alive, data frames build the body, the final frame ends it.
 */
export class RpcReplyRouter {
  private readonly pending = new Map<string, (message: Msg) => void>();
  /** How to end each pending attempt at once (the connection dropped: its reply subscription is gone with it). */
  private readonly abandon = new Map<string, () => void>();
  private readonly subscription: Subscription;
  private readonly inbox: string;

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
      const token = unguessableToken();
      const assembler = new RpcReplyAssembler();
      let silence: NodeJS.Timeout | undefined;
      const finish = (outcome: CallOutcome) => {
        clearTimeout(silence);
        clearTimeout(deadline);
        this.pending.delete(token);
        this.abandon.delete(token);
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
      this.abandon.set(token, () => finish({ kind: 'disconnected' }));
      armSilence();
      try {
        connection.publish(subject, request, { reply: `${this.inbox}.${token}`, headers: options.headers });
      } catch {
        finish({ kind: 'disconnected' });
      }
    });
  }

  /** Ends every attempt in flight as `disconnected` (NATS went away: their replies will not come). */
  abandonAll(): void {
    for (const end of [...this.abandon.values()]) end();
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}

/** NATS's "no responders" status: an empty message with status 503 in its headers. */
function isNoResponders(message: Msg): boolean {
  return message.data.length === 0 && message.headers?.code === 503;
}
