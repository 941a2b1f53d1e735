import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CallContext } from '@dua/unified-models';
import { CallContextSigner, RpcClient } from '@dua/service-kit';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { HttpMetrics } from '../metrics/http-metrics';
import { isIdempotentRead } from './idempotent-patterns';

/**
 * The gateway's only way to reach a service: NATS request/reply (see RpcClient). A read whose replica vanished
 * mid-request is sent to another replica once (see `isIdempotentRead`); every such retry is counted.
 */
@Injectable()
export class ServiceClient implements OnModuleInit, OnApplicationShutdown {
  private readonly rpc: RpcClient;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig, metrics: HttpMetrics) {
    this.rpc = new RpcClient({
      ...config.nats,
      name: 'gateway',
      timeoutMs: config.rpcTimeoutMs,
      signer: new CallContextSigner(config.callContextSigningKey),
      silenceMs: config.rpcReplicaSilenceMs,
      onRetry: (pattern, reason) => metrics.countRpcRetry(pattern, reason),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.rpc.connect();
    new Logger(ServiceClient.name).log('Connected to NATS');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.rpc.close();
  }

  isConnected(): boolean {
    return this.rpc.isConnected();
  }

  send<Result>(pattern: string, payload: unknown, context: CallContext, timeoutMs?: number): Promise<Result> {
    return this.rpc.send<Result>(pattern, payload, context, timeoutMs, { idempotent: isIdempotentRead(pattern) });
  }

  /** The service's JSON result as bytes, to send on unparsed (see `JsonBody`). */
  async sendJson(pattern: string, payload: unknown, context: CallContext): Promise<Buffer> {
    const raw = await this.rpc.sendRaw(pattern, payload, context, undefined, { idempotent: isIdempotentRead(pattern) });
    return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  }
}
