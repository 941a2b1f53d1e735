import { ConfigReader, EncryptionKey, parseEncryptionKeys, readCallContextSigningKey, readTimeoutChain, TimeoutChain } from '@dua/service-kit';

export interface SyncServiceConfig {
  databaseUrl: string;
  cursorSigningKey: string;
  callContextSigningKey: string;
  /** Oldest first; the last one seals new webhook secrets. */
  encryptionKeys: EncryptionKey[];
  /** How often each account's change tracking is read. */
  pollIntervalMs: number;
  /** How long a replica holds an account it polls (renewed with every page); a killed replica's accounts move on after it. */
  leaseTtlMs: number;
  /** Rows per Dataverse change-tracking page. */
  pageSize: number;
  /** Allows `http://127.0.0.1` / `http://localhost` receivers (local development; `npm start` sets it). */
  allowLocalHttpWebhooks: boolean;
  /** Per delivery attempt. */
  webhookTimeoutMs: number;
  /** A delivery failing for longer than this is given up and its subscription disabled. */
  webhookRetryWindowMs: number;
  /** The first retry's delay; each later one doubles, up to `webhookMaxBackoffMs`. */
  webhookFirstBackoffMs: number;
  webhookMaxBackoffMs: number;
  /** From the gateway's `RPC_TIMEOUT_MS`: how long a read of changes from crm-service may take (as the gateway waits). */
  timeouts: TimeoutChain;
}

export function readSyncServiceConfig(env: NodeJS.ProcessEnv = process.env): SyncServiceConfig {
  const reader = new ConfigReader(env);
  let encryptionKeys: EncryptionKey[] = [];
  try {
    encryptionKeys = parseEncryptionKeys(reader.string('ENCRYPTION_KEYS'));
    if (encryptionKeys.length === 0 || encryptionKeys.some(({ key }) => key.length !== 32)) throw new Error();
  } catch {
    reader.problem('ENCRYPTION_KEYS must be id:base64(32 bytes)[,id:base64(32 bytes)…]');
  }
  const pollIntervalMs = reader.integer('SYNC_POLL_INTERVAL_MS', 10_000, { min: 100 });
  const config: SyncServiceConfig = {
    databaseUrl: reader.url('DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
    cursorSigningKey: reader.string('CURSOR_SIGNING_KEY'),
    // Background polls act for an account's environment with no caller behind them: sync-service signs their call
    // context itself, as the gateway signs a caller's (auth-service acts only on a signed context).
    callContextSigningKey: readCallContextSigningKey(reader),
    encryptionKeys,
    pollIntervalMs,
    leaseTtlMs: reader.integer('SYNC_LEASE_TTL_MS', Math.max(pollIntervalMs, 5_000), { min: 1_000 }),
    pageSize: reader.integer('SYNC_PAGE_SIZE', 1_000, { min: 1, max: 5_000 }),
    allowLocalHttpWebhooks: reader.string('WEBHOOK_ALLOW_LOCAL_HTTP', 'false') === 'true',
    webhookTimeoutMs: reader.integer('WEBHOOK_TIMEOUT_MS', 15_000, { min: 100 }),
    webhookRetryWindowMs: reader.integer('WEBHOOK_RETRY_WINDOW_MS', 72 * 3_600_000, { min: 1_000 }),
    webhookFirstBackoffMs: reader.integer('WEBHOOK_FIRST_BACKOFF_MS', 5_000, { min: 10 }),
    webhookMaxBackoffMs: reader.integer('WEBHOOK_MAX_BACKOFF_MS', 3_600_000, { min: 10 }),
    timeouts: readTimeoutChain(reader),
  };
  reader.done();
  return config;
}
