import { DynamicModule, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CallContextSigner, ConfigReader, INSTANCE_ID, readNatsConfig, readTimeoutChain, RpcClient, TimeoutChain } from '@dua/service-kit';
import { AccountStatusAck, AccountStatusChangedEvent, AuthEvents } from '@dua/unified-models';
import { AccountDataverse } from './account-dataverse';
import { AccountGrants } from './account-grants';
import { RevocationInterceptor } from './revocation.interceptor';

/** Connects the `RpcClient` and answers revocation broadcasts once this process has dropped the account's grants. */
@Injectable()
class RpcClientLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Revocation');

  constructor(
    private readonly rpc: RpcClient,
    private readonly grants: AccountGrants,
    private readonly service: string,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.rpc.connect();
    // Broadcasts sent while this process was cut off from NATS are lost: drop everything when it comes back.
    this.rpc.onReconnect(() => this.grants.forgetAll());
    this.rpc.answerEach<AccountStatusChangedEvent, AccountStatusAck>(AuthEvents.accountStatusChanged, (event) => {
      this.grants.revoke(event);
      this.logger.log(`Integrated account ${event.integrated_account_id} is ${event.status}: its grants are dropped`);
      return { service: this.service, instance: INSTANCE_ID };
    });
    this.rpc.answerEach<unknown, AccountStatusAck>(AuthEvents.rollCall, () => ({ service: this.service, instance: INSTANCE_ID }));
  }

  onApplicationShutdown(): Promise<void> {
    return this.rpc.close();
  }
}

/**
 * Gives a service `AccountDataverse` (and the `RpcClient` it uses to reach auth-service), the process's `AccountGrants`,
 * and the interceptor that fails requests whose account was revoked while they ran.
 */
@Module({})
export class AccountAccessModule {
  /**
   * With `signer`, the service signs the contexts it sends (sync-service's background work), as the gateway does.
   * `timeouts` is the app's chain (from its config reader); calls to other services wait as long as the gateway would,
   * token requests `interServiceCallMs` (see `AccountDataverse`).
   */
  static register(service: string, env: NodeJS.ProcessEnv = process.env, options: { signer?: CallContextSigner; timeouts?: TimeoutChain } = {}): DynamicModule {
    const reader = new ConfigReader(env);
    const nats = readNatsConfig(reader);
    const timeouts = options.timeouts ?? readTimeoutChain(reader);
    reader.done();
    const rpc = new RpcClient({ ...nats, name: `${service}-client`, timeoutMs: timeouts.rpcTimeoutMs, signer: options.signer });
    const grants = new AccountGrants();
    return {
      module: AccountAccessModule,
      providers: [
        { provide: RpcClient, useValue: rpc },
        { provide: AccountGrants, useValue: grants },
        { provide: RpcClientLifecycle, useValue: new RpcClientLifecycle(rpc, grants, `${service}-service`) },
        { provide: AccountDataverse, useValue: new AccountDataverse(rpc, grants, {}, timeouts) },
        { provide: APP_INTERCEPTOR, useValue: new RevocationInterceptor(grants) },
      ],
      exports: [RpcClient, AccountGrants, AccountDataverse],
    };
  }
}
