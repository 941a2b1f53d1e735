import { Logger } from '@nestjs/common';
import { connect, createInbox, ErrorCode as NatsErrorCode, JSONCodec, Msg, NatsConnection, NatsError } from 'nats';
import { randomUUID } from 'node:crypto';
import { CallContext, DomainError, ErrorCode, isRpcErrorPayload, RpcRequest } from '@dua/unified-models';
import { inboxPrefixOf, NatsConfig, natsConnectionOptions } from '../config/nats.config';
import { CallContextSigner } from '../security/call-context-signer';
import { sendWithTraceContext } from '../tracing/nats-trace-context';
import { RPC_STATUS_HEADER } from './rpc-wire';

const codec = JSONCodec<unknown>();

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

  /** With `signer` (the gateway's), every context sent is signed; otherwise contexts are forwarded as received. */
  constructor(private readonly options: NatsConfig & { name: string; timeoutMs: number; signer?: CallContextSigner }) {}

  async connect(): Promise<void> {
    this.connection = await connect({
      ...natsConnectionOptions(this.options, this.options.name),
      maxReconnectAttempts: -1,
      waitOnFirstConnect: true,
    });
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
    const inbox = createInbox(this.options.user !== undefined ? inboxPrefixOf(this.options.user) : undefined);
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

  async send<Result>(pattern: string, payload: unknown, context: CallContext, timeoutMs = this.options.timeoutMs): Promise<Result> {
    return JSON.parse(Buffer.from(await this.sendRaw(pattern, payload, context, timeoutMs)).toString('utf8')) as Result;
  }

  private requireConnection(): NatsConnection {
    if (!this.connection || !this.isConnected()) throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The message bus is not connected');
    return this.connection;
  }

  /** The service's result as the JSON bytes it sent, for forwarding without parsing; errors are thrown as `DomainError`s. */
  async sendRaw(pattern: string, payload: unknown, context: CallContext, timeoutMs = this.options.timeoutMs): Promise<Uint8Array> {
    const connection = this.connection;
    if (!connection || !this.isConnected()) throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The message bus is not connected');
    const request: RpcRequest = { context: this.options.signer ? this.options.signer.sign(context) : context, payload };
    let reply: Msg;
    try {
      const message = codec.encode({ pattern, data: request, id: randomUUID() });
      reply = await sendWithTraceContext(pattern, context, (headers) => connection.request(pattern, message, { timeout: timeoutMs, headers }));
    } catch (error) {
      throw transportFailure(error, pattern);
    }
    const status = reply.headers?.get(RPC_STATUS_HEADER);
    if (status === 'ok') return reply.data;
    // An error, or Nest's own answer (e.g. "There is no matching message handler"): a version skew.
    const body = codec.decode(reply.data) as { err?: unknown } | unknown;
    throw remoteFailure(status === 'error' ? body : (body as { err?: unknown }).err, pattern);
  }

  private async followStatus(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        this.connected = false;
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

function transportFailure(error: unknown, pattern: string): DomainError {
  if (error instanceof NatsError && error.code === NatsErrorCode.NoResponders) {
    return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `${serviceOf(pattern)} is not running`);
  }
  if (error instanceof NatsError && error.code === NatsErrorCode.Timeout) {
    return new DomainError(ErrorCode.TIMEOUT, `${serviceOf(pattern)} did not answer in time`);
  }
  return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The message bus is unavailable');
}

function remoteFailure(err: unknown, pattern: string): DomainError {
  if (isRpcErrorPayload(err)) return DomainError.fromPayload(err);
  // Nest's own strings, e.g. "There is no matching message handler defined in the remote service.": a version skew.
  return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `${serviceOf(pattern)} cannot handle ${pattern}`);
}
