import { Logger } from '@nestjs/common';
import { connect, ErrorCode as NatsErrorCode, JSONCodec, Msg, NatsConnection, NatsError } from 'nats';
import { randomUUID } from 'node:crypto';
import { CallContext, DomainError, ErrorCode, isRpcErrorPayload, RpcRequest } from '@dua/unified-models';
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

  constructor(
    private readonly options: { url: string; name: string; timeoutMs: number },
  ) {}

  async connect(): Promise<void> {
    this.connection = await connect({ servers: this.options.url, name: this.options.name, maxReconnectAttempts: -1, waitOnFirstConnect: true });
    this.connected = true;
    void this.followStatus(this.connection);
  }

  async close(): Promise<void> {
    await this.connection?.drain().catch(() => undefined);
  }

  isConnected(): boolean {
    return this.connected && !!this.connection && !this.connection.isClosed();
  }

  async send<Result>(pattern: string, payload: unknown, context: CallContext, timeoutMs = this.options.timeoutMs): Promise<Result> {
    return JSON.parse(Buffer.from(await this.sendRaw(pattern, payload, context, timeoutMs)).toString('utf8')) as Result;
  }

  /** The service's result as the JSON bytes it sent, for forwarding without parsing; errors are thrown as `DomainError`s. */
  async sendRaw(pattern: string, payload: unknown, context: CallContext, timeoutMs = this.options.timeoutMs): Promise<Uint8Array> {
    const connection = this.connection;
    if (!connection || !this.isConnected()) throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The message bus is not connected');
    const request: RpcRequest = { context, payload };
    let reply: Msg;
    try {
      reply = await connection.request(pattern, codec.encode({ pattern, data: request, id: randomUUID() }), { timeout: timeoutMs });
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
