import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CallContext } from '@dua/unified-models';
import { CallContextSigner, RpcClient } from '@dua/service-kit';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';

/** The gateway's only way to reach a service: NATS request/reply (see RpcClient). */
@Injectable()
export class ServiceClient implements OnModuleInit, OnApplicationShutdown {
  private readonly rpc: RpcClient;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.rpc = new RpcClient({ ...config.nats, name: 'gateway', timeoutMs: config.rpcTimeoutMs, signer: new CallContextSigner(config.callContextSigningKey) });
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
    return this.rpc.send<Result>(pattern, payload, context, timeoutMs);
  }

  /** The service's JSON result as bytes, to send on unparsed (see `JsonBody`). */
  async sendJson(pattern: string, payload: unknown, context: CallContext): Promise<Buffer> {
    const raw = await this.rpc.sendRaw(pattern, payload, context);
    return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  }
}
