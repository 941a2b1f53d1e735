import { DynamicModule, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigReader, readNatsConfig, RpcClient } from '@dua/service-kit';
import { AccountDataverse } from './account-dataverse';

@Injectable()
class RpcClientLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(private readonly rpc: RpcClient) {}

  onModuleInit(): Promise<void> {
    return this.rpc.connect();
  }

  onApplicationShutdown(): Promise<void> {
    return this.rpc.close();
  }
}

/** Gives a service `AccountDataverse` (and the `RpcClient` it uses to reach auth-service). */
@Module({})
export class AccountAccessModule {
  static register(service: string, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const reader = new ConfigReader(env);
    const nats = readNatsConfig(reader);
    const timeoutMs = reader.integer('RPC_TIMEOUT_MS', 30_000, { min: 100 });
    reader.done();
    const rpc = new RpcClient({ url: nats.url, name: `${service}-client`, timeoutMs });
    return {
      module: AccountAccessModule,
      providers: [{ provide: RpcClient, useValue: rpc }, RpcClientLifecycle, { provide: AccountDataverse, useValue: new AccountDataverse(rpc) }],
      exports: [RpcClient, AccountDataverse],
    };
  }
}
