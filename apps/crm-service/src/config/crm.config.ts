import { ConfigReader, readTimeoutChain, TimeoutChain } from '@dua/service-kit';

export interface CrmServiceConfig {
  cursorSigningKey: string;
  /** How long attribute metadata and currencies of an environment are trusted before they are read again. */
  metadataCacheTtlMs: number;
  /**
   * Every wait of a request, from the gateway's `RPC_TIMEOUT_MS` (`DATAVERSE_RETRY_BUDGET_MS` and
   * `DATAVERSE_ATTEMPT_TIMEOUT_MS` may shorten the Dataverse ones): a request ends before the gateway gives up.
   */
  timeouts: TimeoutChain;
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
    timeouts: readTimeoutChain(reader),
    dataverseMaxAttempts: reader.integer('DATAVERSE_MAX_ATTEMPTS', 8, { min: 1, max: 20 }),
    idempotencyLeaseMs: reader.integer('CRM_IDEMPOTENCY_LEASE_MS', 60_000, { min: 1000, max: 600_000 }),
  };
  reader.done();
  return config;
}
