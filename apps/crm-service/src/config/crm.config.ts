import { ConfigReader } from '@dua/service-kit';

export interface CrmServiceConfig {
  cursorSigningKey: string;
  /** How long attribute metadata and currencies of an environment are trusted before they are read again. */
  metadataCacheTtlMs: number;
  /** How long one Dataverse call may spend waiting on retries (429 / 5xx) before it fails; below the gateway's RPC timeout. */
  dataverseRetryBudgetMs: number;
  /** Attempts per Dataverse call, the first included. */
  dataverseMaxAttempts: number;
  /** How long a create holds its Idempotency-Key before a retry may take over (after a crash); above the RPC timeout. */
  idempotencyLeaseMs: number;
}

export function readCrmServiceConfig(env: NodeJS.ProcessEnv = process.env): CrmServiceConfig {
  const reader = new ConfigReader(env);
  const config = {
    cursorSigningKey: reader.string('CURSOR_SIGNING_KEY'),
    metadataCacheTtlMs: reader.integer('CRM_METADATA_CACHE_TTL_MS', 300_000, { min: 0 }),
    dataverseRetryBudgetMs: reader.integer('DATAVERSE_RETRY_BUDGET_MS', 20_000, { min: 0 }),
    dataverseMaxAttempts: reader.integer('DATAVERSE_MAX_ATTEMPTS', 8, { min: 1, max: 20 }),
    idempotencyLeaseMs: reader.integer('CRM_IDEMPOTENCY_LEASE_MS', 60_000, { min: 1000, max: 600_000 }),
  };
  reader.done();
  return config;
}
