import { DynamicModule, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CallContextSigner, ConfigReader, INSTANCE_ID, readNatsConfig, readTimeoutChain, RpcClient, TimeoutChain } from '@dua/service-kit';
import { ReadAhead } from '@dua/dataverse-client';
import { AccountStatusAck, AccountStatusChangedEvent, AuthEvents } from '@dua/unified-models';
import { AccountDataverse } from './account-dataverse';
import { AccountGrants } from './account-grants';
import { countReadAhead } from './dataverse-metrics';
import { RevocationInterceptor } from './revocation.interceptor';

/**
 * How long a page read ahead waits for the client paging through (who asks for it as soon as it has the page before):
 * also the most out of date a page served from it can be. Below the default attempt timeout, which bounds a response
 * left unread as well.
 */
const READ_AHEAD_TTL_MS = 10_000;

/**
 * Connects the `RpcClient` and answers revocation broadcasts once this process has dropped the account's grants and
 * the pages it read ahead for it.
 */
@Injectable()
class RpcClientLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Revocation');

  constructor(
    private readonly rpc: RpcClient,
    private readonly grants: AccountGrants,
    private readonly readAhead: ReadAhead,
    private readonly service: string,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.rpc.connect();
    // Broadcasts sent while this process was cut off from NATS are lost: drop everything when it comes back.
    this.rpc.onReconnect(() => {
      this.grants.forgetAll();
      this.readAhead.clear();
    });
    this.rpc.answerEach<AccountStatusChangedEvent, AccountStatusAck>(AuthEvents.accountStatusChanged, (event) => {
      this.grants.revoke(event);
      this.readAhead.forget(event.integrated_account_id);
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
 * Gives a service `AccountDataverse` (and the `RpcClient` it uses to reach auth-service), the process's `AccountGrants`
 * and `ReadAhead` store, and the interceptor that fails requests whose account was revoked while they ran.
 */
@Module({})
export class AccountAccessModule {
  /**
   * With `signer`, the service signs the contexts it sends (sync-service's background work), as the gateway does.
   * `timeouts` is the app's chain (from its config reader); calls to other services wait as long as the gateway would,
   * token requests `interServiceCallMs` (see `AccountDataverse`). `READ_AHEAD_MAX_PAGES` (default 16; 0 turns it
   * off) bounds the pages read ahead for clients paging through lists (see `ReadAhead`).
   */
  static register(service: string, env: NodeJS.ProcessEnv = process.env, options: { signer?: CallContextSigner; timeouts?: TimeoutChain } = {}): DynamicModule {
    const reader = new ConfigReader(env);
    const nats = readNatsConfig(reader);
    const timeouts = options.timeouts ?? readTimeoutChain(reader);
    const readAheadPages = reader.integer('READ_AHEAD_MAX_PAGES', 16, { min: 0, max: 1024 });
    reader.done();
    const rpc = new RpcClient({ ...nats, name: `${service}-client`, timeoutMs: timeouts.rpcTimeoutMs, signer: options.signer });
    const grants = new AccountGrants();
    const readAhead = new ReadAhead({ maxPages: readAheadPages, ttlMs: READ_AHEAD_TTL_MS }, countReadAhead);
    return {
      module: AccountAccessModule,
      providers: [
        { provide: RpcClient, useValue: rpc },
        { provide: AccountGrants, useValue: grants },
        { provide: ReadAhead, useValue: readAhead },
        { provide: RpcClientLifecycle, useValue: new RpcClientLifecycle(rpc, grants, readAhead, `${service}-service`) },
        { provide: AccountDataverse, useValue: new AccountDataverse(rpc, grants, { readAhead }, timeouts) },
        { provide: APP_INTERCEPTOR, useValue: new RevocationInterceptor(grants) },
      ],
      exports: [RpcClient, AccountGrants, ReadAhead, AccountDataverse],
    };
  }
}
