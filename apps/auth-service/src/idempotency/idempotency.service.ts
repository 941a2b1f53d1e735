import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import {
  BeginIdempotentRequestDto,
  CompleteIdempotentRequestDto,
  DomainError,
  ErrorCode,
  IdempotencyKeyDto,
  IntegratedAccountStatus,
  IdempotentRequestState,
} from '@dua/unified-models';
import { IntegratedAccountEntity } from '../integrated-accounts/integrated-account.entity';
import { findOwnAccount } from '../integrated-accounts/integrated-account.lookup';
import { PreparedStatement } from '../database/prepared-statement';

/** How long a key is remembered: the contract promises at least 24 hours. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
const PURGE_INTERVAL_MS = 10 * 60_000;
/**
 * The head of a one-statement write that chooses how its transaction commits: `synchronous_commit` for this
 * transaction alone (`SET LOCAL`, inside the statement: no extra round trip), from the parameter numbered
 * `parameter` ('on', or 'off': commit without waiting for the WAL flush; atomic and ordered as ever, but a Postgres
 * crash may lose it). The statement joins `commit_mode` (one row) so that the setting is applied.
 * https://www.postgresql.org/docs/15/wal-async-commit.html
 */
const withCommitMode = (parameter: number) => `WITH commit_mode AS MATERIALIZED (SELECT set_config('synchronous_commit', $${parameter}, true))`;

/** Claims a key (see `begin`). */
const CLAIM = new PreparedStatement(
  'idempotency.claim',
  `${withCommitMode(9)}
  INSERT INTO idempotency_records (environment_id, integrated_account_id, key, request_hash, resource_id, locked_until, expires_at)
  SELECT $1, id, $3, $4, $5, now() + make_interval(secs => $6::double precision / 1000), now() + make_interval(hours => $7)
    FROM integrated_accounts, commit_mode WHERE id = $2 AND environment_id = $1 AND status <> $8
  ON CONFLICT (environment_id, integrated_account_id, key) DO UPDATE
    SET locked_until = EXCLUDED.locked_until, attempts = idempotency_records.attempts + 1
    WHERE idempotency_records.request_hash = EXCLUDED.request_hash
      AND idempotency_records.response_status IS NULL
      AND idempotency_records.locked_until <= now()
  RETURNING resource_id`,
);

/** Stores the answer of the claim's request (see `complete`). */
const COMPLETE = new PreparedStatement(
  'idempotency.complete',
  `${withCommitMode(6)}
  UPDATE idempotency_records SET response_status = $4, response_body = $5, locked_until = now() FROM commit_mode
  WHERE environment_id = $1 AND integrated_account_id = $2 AND key = $3 AND response_status IS NULL`,
);

/**
 * Ends a claim's lease at once (see `release`). `locked_until` keeps milliseconds and `now()` microseconds: stored
 * as is, now() would round up half the time, and a retry claiming within that half millisecond would find the lease
 * still running. Truncated, it has always ended.
 */
const RELEASE = new PreparedStatement(
  'idempotency.release',
  `${withCommitMode(4)}
  UPDATE idempotency_records SET locked_until = date_trunc('milliseconds', now()) FROM commit_mode
  WHERE environment_id = $1 AND integrated_account_id = $2 AND key = $3 AND response_status IS NULL`,
);

interface StoredRecord {
  request_hash: string;
  resource_id: string;
  response_status: number | null;
  response_body: string | null;
}

/**
 * Idempotency keys of POSTs, per environment and integrated account, in Postgres. `begin` claims a key atomically
 * (one INSERT … ON CONFLICT): the first request gets it, a concurrent one with the same body is told the request is
 * in progress, another body is refused, and a finished one is replayed. A claim is a lease: when the attempt that
 * held it died (a crash after Dataverse wrote), the next retry takes it over with the same record id, so the create
 * completes without a duplicate.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyService.name);
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(IntegratedAccountEntity) private readonly accounts: Repository<IntegratedAccountEntity>,
  ) {}

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.purgeExpired().catch((error: Error) => this.logger.warn(`Purge failed: ${error.message}`)), PURGE_INTERVAL_MS);
    this.purgeTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  async begin(environmentId: string, request: BeginIdempotentRequestDto): Promise<IdempotentRequestState> {
    const key = [environmentId, request.integrated_account_id, request.key];
    // One statement on the hot path: the account must be the environment's own and connected, or nothing is claimed.
    // An expired key counts until the purge removes it (at most PURGE_INTERVAL_MS past its 24 h). A claim is durable
    // unless it is recoverable (its record id derived from the key and the request, so that a retry after a lost
    // claim writes the same record: no duplicate either way).
    const claimed = await CLAIM.rows<{ resource_id: string }>(this.dataSource, [...key, request.request_hash, request.resource_id, request.lease_ms, IDEMPOTENCY_RETENTION_HOURS, IntegratedAccountStatus.DISCONNECTED, request.recoverable ? 'off' : 'on']);
    if (claimed.length === 1) return { state: 'started', resource_id: claimed[0].resource_id };

    await findOwnAccount(this.accounts, environmentId, request.integrated_account_id);
    const [stored]: StoredRecord[] = await this.dataSource.query(
      `SELECT request_hash, resource_id, response_status, response_body FROM idempotency_records WHERE environment_id = $1 AND integrated_account_id = $2 AND key = $3`,
      key,
    );
    if (!stored) throw new DomainError(ErrorCode.IDEMPOTENCY_IN_PROGRESS, 'A request with this Idempotency-Key is still running; retry later');
    if (stored.request_hash !== request.request_hash) {
      throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used with another request body', {
        errors: [{ field: 'Idempotency-Key', message: 'already used with another request body' }],
      });
    }
    if (stored.response_status !== null && stored.response_body !== null) {
      return { state: 'completed', resource_id: stored.resource_id, response_status: stored.response_status, response_body: stored.response_body };
    }
    throw new DomainError(ErrorCode.IDEMPOTENCY_IN_PROGRESS, 'A request with this Idempotency-Key is still running; retry later');
  }

  /**
   * Stores the answer. A recoverable one (see CompleteIdempotentRequestDto) is committed without waiting for the
   * disk: were it lost in a Postgres crash, the key would stay claimed by an attempt that finished, and once its lease
   * ran out a retry would take it over with the same record id and complete it. The claim is always durable: it is
   * what binds the key to the record id.
   */
  async complete(environmentId: string, request: CompleteIdempotentRequestDto): Promise<void> {
    await COMPLETE.rows(this.dataSource, [environmentId, request.integrated_account_id, request.key, request.response_status, request.response_body, request.recoverable ? 'off' : 'on']);
  }

  /**
   * The attempt failed: the next retry may start at once (and writes the same record id). Committed without waiting
   * for the disk: a release lost in a crash only makes that retry wait for the lease.
   */
  async release(environmentId: string, request: IdempotencyKeyDto): Promise<void> {
    await RELEASE.rows(this.dataSource, [environmentId, request.integrated_account_id, request.key, 'off']);
  }

  async purgeExpired(): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(`DELETE FROM idempotency_records WHERE expires_at <= now()`);
    return deleted;
  }
}
