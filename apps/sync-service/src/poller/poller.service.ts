import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CallContext, CrmChangesPatterns, DomainError, ReadChangesReply, ReadChangesRequest, SyncResource } from '@dua/unified-models';
import { INSTANCE_ID, RpcClient } from '@dua/service-kit';
import { SyncAccountsService } from '../accounts/sync-accounts.service';
import { BackgroundLoop } from '../common/background-loop';
import { SYNC_CONFIG } from '../config/sync-config.token';
import { SyncServiceConfig } from '../config/sync.config';
import { DeliveryWorker } from '../webhooks/delivery.worker';
import { LeaseLostError, recordPage, startReset, StreamMode, StreamState } from './change-recorder';

/** Accounts one replica polls at once. */
const ACCOUNTS_PER_CLAIM = 4;
/** Pages per stream per turn, so one large re-read does not starve the other streams; the rest follows at once. */
const PAGES_PER_TURN = 20;
/** Wider environments' new accounts are looked for this often. */
const ENVIRONMENT_REFRESH_MS = 30_000;
const MAX_BACKOFF_MS = 300_000;

interface ClaimedAccount {
  integrated_account_id: string;
  environment_id: string;
  consecutive_failures: number;
}

/**
 * Polls Dataverse change tracking (through crm-service, which owns the mappers) for every followed account. Accounts
 * are spread over replicas by leases in Postgres: a replica claims due accounts whose lease is free or expired
 * (`FOR UPDATE SKIP LOCKED`, so two replicas never claim the same one), renews the lease with every page it records,
 * and records a page only while it still holds the lease. A killed replica's accounts are claimed by another one
 * as soon as their lease expires (`SYNC_LEASE_TTL_MS`, by default the poll interval).
 */
@Injectable()
export class PollerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PollerService.name);
  private readonly owner = `${INSTANCE_ID}:${randomUUID().slice(0, 8)}`;
  private readonly loop: BackgroundLoop;
  private lastEnvironmentRefresh = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rpc: RpcClient,
    private readonly accounts: SyncAccountsService,
    private readonly deliveries: DeliveryWorker,
    @Inject(SYNC_CONFIG) private readonly config: SyncServiceConfig,
  ) {
    this.loop = new BackgroundLoop('PollLoop', () => this.turn(), Math.min(250, config.pollIntervalMs));
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /**
   * Before the providers close (the database pool, the bus client): the turn under way finishes and releases its
   * leases as usual. A turn that outlasts SHUTDOWN_GRACE_MS is cut off by the exit; its leases are then left to
   * expire (SYNC_LEASE_TTL_MS) and another replica takes the accounts over, as after a crash.
   */
  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Claims the accounts that are due and polls them; true when there were some. */
  private async turn(): Promise<boolean> {
    await this.refreshEnvironments();
    const claimed = await this.claim();
    await Promise.all(claimed.map((account) => this.pollAccount(account)));
    return claimed.length > 0;
  }

  private async refreshEnvironments(): Promise<void> {
    if (Date.now() - this.lastEnvironmentRefresh < ENVIRONMENT_REFRESH_MS) return;
    this.lastEnvironmentRefresh = Date.now();
    for (const environmentId of await this.accounts.environmentsWithWideSubscriptions()) {
      await this.accounts.followEnvironment({ request_id: `sync-refresh-${randomUUID()}`, environment_id: environmentId }).catch((error: Error) => {
        this.logger.warn(`Listing the accounts of environment ${environmentId}: ${error.message}`);
      });
    }
  }

  private claim(): Promise<ClaimedAccount[]> {
    return this.db.query(
      `UPDATE sync_accounts SET lease_owner = $1, lease_until = now() + make_interval(secs => $2::double precision / 1000)
       WHERE integrated_account_id IN (
         SELECT integrated_account_id FROM sync_accounts
         WHERE status IN ('active', 'needs_reauth') AND next_poll_at <= now() AND (lease_until IS NULL OR lease_until < now())
         ORDER BY next_poll_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING integrated_account_id, environment_id, consecutive_failures`,
      [this.owner, this.config.leaseTtlMs, ACCOUNTS_PER_CLAIM],
    ).then(([rows]: [ClaimedAccount[]]) => rows);
  }

  private async pollAccount(account: ClaimedAccount): Promise<void> {
    const context: CallContext = { request_id: `sync-${randomUUID()}`, environment_id: account.environment_id };
    let more = false;
    try {
      const streams: Array<{ resource: SyncResource; mode: StreamMode; epoch: number; position: string | null }> = await this.db.query(
        'SELECT resource, mode, epoch, position FROM sync_streams WHERE integrated_account_id = $1 ORDER BY resource',
        [account.integrated_account_id],
      );
      for (const stream of streams) {
        more = (await this.pollStream(context, { accountId: account.integrated_account_id, ...stream }, stream.position)) || more;
      }
      await this.release(account, more ? 0 : this.config.pollIntervalMs, 0, null);
    } catch (error) {
      if (error instanceof LeaseLostError) return;
      const failures = account.consecutive_failures + 1;
      const code = error instanceof DomainError ? error.code : 'INTERNAL';
      this.logger.warn(`Polling account ${account.integrated_account_id} failed (${code}): ${(error as Error).message}`);
      await this.release(account, Math.min(this.config.pollIntervalMs * 2 ** failures, MAX_BACKOFF_MS), failures, code).catch(() => undefined);
    }
  }

  /** Reads pages of one stream until it has caught up (or its turn is over: returns true, more is waiting). */
  private async pollStream(context: CallContext, stream: StreamState, position: string | null): Promise<boolean> {
    for (let pages = 0; pages < PAGES_PER_TURN; pages++) {
      const request: ReadChangesRequest = { integrated_account_id: stream.accountId, resource: stream.resource, position, page_size: this.config.pageSize };
      const page = await this.rpc.send<ReadChangesReply>(CrmChangesPatterns.read, request, context);
      if (page.expired) {
        this.logger.log(`Change token of ${stream.resource} expired for account ${stream.accountId}: reading everything again`);
        stream = await this.fenced(stream.accountId, (manager) => startReset(manager, stream));
        position = null;
        continue;
      }
      if (page.not_tracked?.length) this.logger.warn(`Account ${stream.accountId}: ${page.not_tracked.join(', ')} not enabled for change tracking; their changes are missing from ${stream.resource}`);
      const recorded = await this.fenced(stream.accountId, (manager) => recordPage(manager, stream, page));
      if (recorded.events > 0) this.deliveries.wakeUp();
      stream = { ...stream, mode: recorded.mode };
      position = page.position;
      if (page.caught_up) return false;
    }
    return true;
  }

  /** Runs `work` in a transaction that first proves (and renews) this replica's lease on the account. */
  private fenced<T>(accountId: string, work: (manager: import('typeorm').EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (manager) => {
      const [rows] = await manager.query(
        `UPDATE sync_accounts SET lease_until = now() + make_interval(secs => $3::double precision / 1000)
         WHERE integrated_account_id = $1 AND lease_owner = $2 AND lease_until > now() RETURNING integrated_account_id`,
        [accountId, this.owner, this.config.leaseTtlMs],
      );
      if (rows.length === 0) throw new LeaseLostError();
      return work(manager);
    });
  }

  private async release(account: ClaimedAccount, delayMs: number, failures: number, lastError: string | null): Promise<void> {
    await this.db.query(
      `UPDATE sync_accounts SET lease_owner = NULL, lease_until = NULL, next_poll_at = now() + make_interval(secs => $3::double precision / 1000),
         consecutive_failures = $4, last_error = $5,
         -- A poll that worked means the account was connected again.
         status = CASE WHEN $5::text IS NULL AND status = 'needs_reauth' THEN 'active' ELSE status END
       WHERE integrated_account_id = $1 AND lease_owner = $2`,
      [account.integrated_account_id, this.owner, delayMs, failures, lastError],
    );
  }
}
