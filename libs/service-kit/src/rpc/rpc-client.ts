import { Logger } from '@nestjs/common';
import { connect, createInbox, JSONCodec, Msg, NatsConnection, NatsError } from 'nats';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CallContext, DomainError, ErrorCode, isRpcErrorPayload, RpcRequest } from '@dua/unified-models';
import { inboxPrefixOf, NatsConfig, natsConnectionOptions } from '../config/nats.config';
import { CallContextSigner } from '../security/call-context-signer';
import { sendWithTraceContext } from '../tracing/nats-trace-context';
import { CallOutcome, RpcReplyRouter, RpcRetryReason, unguessableToken } from './rpc-reply-router';

const codec = JSONCodec<unknown>();
/** Before sending again a request nobody received: a roll's new replica may be a moment from subscribing. */
const NO_RESPONDERS_RETRY_DELAY_MS = 250;

export interface RpcClientOptions extends NatsConfig {
  name: string;
  timeoutMs: number;
  /** With it (the gateway's), every context sent is signed; otherwise contexts are forwarded as received. */
  signer?: CallContextSigner;
  /**
   * Silence (no keepalive, no data) after which the replica holding a request is taken for gone; unset, a request
   * waits for its timeout. Replicas send a keepalive every `RPC_KEEPALIVE_INTERVAL_MS`.
   */
  silenceMs?: number;
  /** Told of every retry (for metrics). */
  onRetry?: (pattern: string, reason: RpcRetryReason) => void;
}

/**
 * Request/reply to our services over NATS, speaking the Nest microservice wire format. Using the NATS client
 * directly (not Nest's ClientProxy) lets a request fail at once with `SERVICE_UNAVAILABLE` when no replica
 * subscribes (NATS "no responders") instead of waiting for the timeout. Used by the gateway and by services that
 * call each other (crm-service asking auth-service for credentials).
 */
export class RpcClient {
  private readonly logger = new Logger(RpcClient.name);
  private connection?: NatsConnection;
  private connected = false;
  private readonly reconnectListeners: (() => void)[] = [];
  private replies?: RpcReplyRouter;

  constructor(private readonly options: RpcClientOptions) {}

  async connect(): Promise<void> {
    this.connection = await connect({
      ...natsConnectionOptions(this.options, this.options.name),
      maxReconnectAttempts: -1,
      waitOnFirstConnect: true,
    });
    this.replies = new RpcReplyRouter(this.connection, this.inboxPrefix());
    this.connected = true;
    void this.followStatus(this.connection);
  }

  async close(): Promise<void> {
    await this.connection?.drain().catch(() => undefined);
  }

  isConnected(): boolean {
    return this.connected && !!this.connection && !this.connection.isClosed();
  }

  /** Called after the connection to NATS came back (messages published meanwhile were not received). */
  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  /**
   * Answers every message on `subject` (a plain subscription: every replica receives each one) with what `handle`
   * returns, once it has returned.
   */
  answerEach<Event, Answer>(subject: string, handle: (event: Event) => Answer): void {
    const connection = this.requireConnection();
    connection.subscribe(subject, {
      callback: (error: NatsError | null, message: Msg) => {
        if (error) return this.logger.warn(`Subscription to ${subject} failed: ${error.message}`);
        let answer: Answer;
        try {
          answer = handle(codec.decode(message.data) as Event);
        } catch (failure) {
          return this.logger.error(`Handling ${subject} failed`, failure instanceof Error ? failure.stack : String(failure));
        }
        if (message.reply) message.respond(codec.encode(answer));
      },
    });
  }

  /**
   * Publishes `event` to every subscriber and collects their answers. It ends when no answer has come for `quietMs`
   * (subscribers all hear the message at once, so their answers arrive together; the clock starts at publishing)
   * and `expected(answers)` holds, or after `maxWaitMs` in all.
   */
  async broadcast<Answer>(
    subject: string,
    event: unknown,
    options: { quietMs: number; maxWaitMs: number; expected?: (answers: Answer[]) => boolean },
  ): Promise<Answer[]> {
    const connection = this.requireConnection();
    const answers: Answer[] = [];
    const inbox = `${createInbox(this.inboxPrefix())}.${unguessableToken()}`;
    const started = Date.now();
    let lastAnswerAt = started;
    await new Promise<void>((resolve) => {
      const subscription = connection.subscribe(inbox, {
        callback: (error: NatsError | null, message: Msg) => {
          if (error || message.data.length === 0) return;
          answers.push(codec.decode(message.data) as Answer);
          lastAnswerAt = Date.now();
        },
      });
      const tick = setInterval(
        () => {
          const now = Date.now();
          const settled = now - lastAnswerAt >= options.quietMs && (options.expected?.(answers) ?? true);
          if (settled || now - started >= options.maxWaitMs) {
            clearInterval(tick);
            subscription.unsubscribe();
            resolve();
          }
        },
        Math.max(1, Math.floor(options.quietMs / 5)),
      );
      connection.publish(subject, codec.encode(event), { reply: inbox });
    });
    return answers;
  }

  async send<Result>(
    pattern: string,
    payload: unknown,
    context: CallContext,
    timeoutMs = this.options.timeoutMs,
    options: { idempotent?: boolean } = {},
  ): Promise<Result> {
    return JSON.parse(Buffer.from(await this.sendRaw(pattern, payload, context, timeoutMs, options)).toString('utf8')) as Result;
  }

  private inboxPrefix(): string | undefined {
    return this.options.user !== undefined ? inboxPrefixOf(this.options.user) : undefined;
  }

  private requireConnection(): NatsConnection {
    if (!this.connection || !this.isConnected()) throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The message bus is not connected');
    return this.connection;
  }

  /**
   * The service's result as the JSON bytes it sent, for forwarding without parsing; errors are thrown as
   * `DomainError`s. With `idempotent`, a request whose replica vanished while holding it (it stopped sending
   * keepalives, see rpc-framing) is sent once more, to another replica. A request nobody received (NATS "no
   * responders": every replica gone for a moment, as in a roll) is sent once more whatever it is: it cannot have
   * been applied. The whole call, retry included, fits in `timeoutMs`.
   */
  async sendRaw(
    pattern: string,
    payload: unknown,
    context: CallContext,
    timeoutMs = this.options.timeoutMs,
    { idempotent = false }: { idempotent?: boolean } = {},
  ): Promise<Uint8Array> {
    const connection = this.connection;
    const replies = this.replies;
    if (!connection || !this.isConnected() || !replies) throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The message bus is not connected');
    const request: RpcRequest = { context: this.options.signer ? this.options.signer.sign(context) : context, payload };
    const message = codec.encode({ pattern, data: request, id: randomUUID() });
    const deadline = Date.now() + timeoutMs;
    const outcome = await sendWithTraceContext(pattern, context, async (headers) => {
      const attempt = () => replies.call(connection, pattern, message, { deadline, silenceMs: this.options.silenceMs, headers });
      const first = await attempt();
      const retry = retryReasonOf(first, idempotent);
      if (!retry) return first;
      this.options.onRetry?.(pattern, retry);
      if (retry === 'no_responders') await sleep(Math.min(NO_RESPONDERS_RETRY_DELAY_MS, Math.max(0, deadline - Date.now())));
      return attempt();
    });
    if (outcome.kind !== 'reply') throw transportFailure(outcome.kind, pattern, idempotent);
    if (outcome.status === 'ok') return outcome.body;
    // An error, or Nest's own answer (e.g. "There is no matching message handler"): a version skew.
    const body = codec.decode(outcome.body) as { err?: unknown } | unknown;
    throw remoteFailure(outcome.status === 'error' ? body : (body as { err?: unknown }).err, pattern);
  }

  private async followStatus(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
        // Replies to requests in flight cannot arrive on a new connection: they fail now, not at their timeout.
        this.replies?.abandonAll();
        this.logger.warn('Disconnected from NATS; reconnecting');
      } else if (status.type === 'reconnect') {
        this.connected = true;
        this.logger.log('Reconnected to NATS');
        for (const listener of this.reconnectListeners) listener();
      }
    }
  }
}

function serviceOf(pattern: string): string {
  return `${pattern.split('.')[0]}-service`;
}

function transportFailure(kind: Exclude<CallOutcome['kind'], 'reply'>, pattern: string, idempotent: boolean): DomainError {
  const service = serviceOf(pattern);
  switch (kind) {
    case 'no_responders':
      return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `${service} is not running`);
    case 'timeout':
      return new DomainError(ErrorCode.TIMEOUT, `${service} did not answer in time`);
    case 'disconnected':
      return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The message bus is unavailable');
    case 'lost':
    case 'broken':
      return idempotent
        ? new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `${service} stopped answering; try again`)
        : new DomainError(ErrorCode.TIMEOUT, `${service} stopped answering while it held the request, which may or may not have been applied`);
  }
}

/** Why a failed attempt is worth one more, or undefined. */
function retryReasonOf(outcome: CallOutcome, idempotent: boolean): RpcRetryReason | undefined {
  if (outcome.kind === 'no_responders') return 'no_responders';
  if (!idempotent) return undefined;
  if (outcome.kind === 'lost') return 'replica_lost';
  if (outcome.kind === 'broken') return 'broken_reply';
  if (outcome.kind === 'reply' && outcome.status === 'error' && isRetryableError(outcome.body)) return 'retryable_error';
  return undefined;
}

/** A typed error the service marked retryable (see `DomainError.retryable`); errors are small, so decoding is cheap. */
function isRetryableError(body: Uint8Array): boolean {
  try {
    const payload = codec.decode(body);
    return isRpcErrorPayload(payload) && payload.retryable === true;
  } catch {
    return false;
  }
}

function remoteFailure(err: unknown, pattern: string): DomainError {
  if (isRpcErrorPayload(err)) return DomainError.fromPayload(err);
  // Nest's own strings, e.g. "There is no matching message handler defined in the remote service.": a version skew.
  return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `${serviceOf(pattern)} cannot handle ${pattern}`);
}
