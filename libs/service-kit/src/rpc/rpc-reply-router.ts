import { createInbox, Msg, MsgHdrs, NatsConnection, NatsError, Subscription } from 'nats';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ReplyProgress, RpcReplyReader, RpcStatus } from './rpc-framing';

/** How one attempt at a request ended. */
export type CallOutcome =
  | { kind: 'reply'; status: RpcStatus | undefined; body: Uint8Array }
  /**
   * A successful reply being streamed (only with `stream`): its chunks, pushed as they arrive. The stream ends after
   * the final frame, or is destroyed with a `ReplyStreamBrokenError` when the reply cannot complete.
   */
  | { kind: 'stream'; body: Readable }
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
  /** Headers sent with the request (the trace context). */
  headers?: MsgHdrs;
  /** Hand a reply whose first frame announces success on as a stream (`kind: 'stream'`) instead of assembling it. */
  stream?: boolean;
}

/** Why a streamed reply's body stopped short: what it would have ended as had it not been streaming. */
export class ReplyStreamBrokenError extends Error {
  constructor(readonly reason: Exclude<CallOutcome['kind'], 'reply' | 'stream'>) {
    super(`The reply stopped before its end (${reason})`);
  }
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
 * keepalives keep the attempt alive, data frames build the body (or, with `stream`, are handed on as they come),
 * the final frame ends it.
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
      const reader = new RpcReplyReader(options.stream === true);
      let silence: NodeJS.Timeout | undefined;
      let stream: Readable | undefined;
      const stop = () => {
        clearTimeout(silence);
        clearTimeout(deadline);
        this.pending.delete(token);
        this.abandon.delete(token);
      };
      // Once streaming, the attempt's promise has resolved: how it ends is told to the stream.
      const finish = (outcome: Exclude<CallOutcome, { kind: 'stream' }>) => {
        stop();
        if (!stream) resolve(outcome);
        else if (outcome.kind !== 'reply') stream.destroy(new ReplyStreamBrokenError(outcome.kind));
      };
      const armSilence = () => {
        if (options.silenceMs === undefined) return;
        clearTimeout(silence);
        silence = setTimeout(() => finish({ kind: 'lost' }), options.silenceMs);
      };
      const deadline = setTimeout(() => finish({ kind: 'timeout' }), Math.max(0, options.deadline - Date.now()));
      const startStream = (): Readable => {
        // Its reader going away (the HTTP client disconnected) ends the attempt: later frames are dropped.
        const body = new Readable({
          read: () => undefined,
          destroy: (error, done) => {
            stop();
            done(error);
          },
        });
        resolve({ kind: 'stream', body });
        return body;
      };
      this.pending.set(token, (message) => {
        if (isNoResponders(message)) return finish({ kind: 'no_responders' });
        let progress: ReplyProgress;
        try {
          progress = reader.accept(message);
        } catch {
          return finish({ kind: 'broken' });
        }
        if (progress.kind === 'reply') return finish({ kind: 'reply', status: progress.status, body: progress.body });
        if (progress.kind === 'chunk') {
          stream ??= startStream();
          stream.push(progress.chunk);
          if (progress.last) {
            stop();
            stream.push(null);
            return;
          }
        }
        armSilence();
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
