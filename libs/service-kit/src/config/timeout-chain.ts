import { ConfigReader } from './config-reader';

/**
 * Every wait of a request, derived from one number: the gateway's `RPC_TIMEOUT_MS`, how long it waits for a service's
 * answer. The waits are nested so that whatever a service does for a request ends before the gateway gives up, with
 * a margin for the answer's way back: a slow upstream then surfaces as the service's own clear problem (429 with
 * `Retry-After`, 502, 503), never as the gateway's 504.
 *
 * ```
 * rpcTimeoutMs (gateway)                                         30 000
 * └ serviceBudgetMs = rpcTimeout − margin                         27 000
 *   ├ interServiceCallMs (crm → auth: a token)                     7 500
 *   │ └ entraCallMs (auth → Entra: one token request)              4 500
 *   └ dataverseRetryBudgetMs = serviceBudget − interServiceCall   19 500  (attempts, Retry-After waits, a refresh)
 *     └ dataverseAttemptMs (one Dataverse request)                13 000
 * ```
 */
export interface TimeoutChain {
  /** How long the gateway waits for a service's answer. */
  rpcTimeoutMs: number;
  /** Kept free at the end for the answer's way back (serialization, NATS, the gateway). */
  marginMs: number;
  /** Everything a service does for one request ends within this. */
  serviceBudgetMs: number;
  /** One call from a service to another (crm-service asking auth-service for a token, which may call Entra). */
  interServiceCallMs: number;
  /** One request to Entra ID (msal-node's network calls). */
  entraCallMs: number;
  /** One Dataverse call, every attempt and wait included (`Retry-After`, backoff, one token refresh). */
  dataverseRetryBudgetMs: number;
  /** One Dataverse attempt: response headers and body. */
  dataverseAttemptMs: number;
}

export const DEFAULT_RPC_TIMEOUT_MS = 30_000;

/** Overrides a deployment may set; each is clamped into the chain (it may shorten a wait, never lengthen it). */
export interface TimeoutOverrides {
  dataverseRetryBudgetMs?: number;
  dataverseAttemptMs?: number;
  entraCallMs?: number;
}

/** The chain of waits for a gateway that waits `rpcTimeoutMs`. Pure: the same input always gives the same chain. */
export function timeoutChainOf(rpcTimeoutMs: number, overrides: TimeoutOverrides = {}): TimeoutChain {
  if (!Number.isFinite(rpcTimeoutMs) || rpcTimeoutMs <= 0) throw new RangeError('rpcTimeoutMs must be a positive number');
  const marginMs = Math.round(Math.min(3_000, Math.max(rpcTimeoutMs * 0.1, Math.min(250, rpcTimeoutMs * 0.2))));
  const serviceBudgetMs = rpcTimeoutMs - marginMs;
  const interServiceCallMs = Math.round(rpcTimeoutMs * 0.25);
  const entraCallMs = clampedTo(Math.round(interServiceCallMs * 0.6), overrides.entraCallMs);
  const dataverseRetryBudgetMs = clampedTo(serviceBudgetMs - interServiceCallMs, overrides.dataverseRetryBudgetMs);
  const dataverseAttemptMs = clampedTo(Math.round(dataverseRetryBudgetMs * (2 / 3)), overrides.dataverseAttemptMs);
  return { rpcTimeoutMs, marginMs, serviceBudgetMs, interServiceCallMs, entraCallMs, dataverseRetryBudgetMs, dataverseAttemptMs };
}

/**
 * Reads `RPC_TIMEOUT_MS` (the gateway's, which every app must share) and the optional overrides
 * `DATAVERSE_RETRY_BUDGET_MS`, `DATAVERSE_ATTEMPT_TIMEOUT_MS`, `ENTRA_TIMEOUT_MS`.
 */
export function readTimeoutChain(reader: ConfigReader): TimeoutChain {
  const rpcTimeoutMs = reader.integer('RPC_TIMEOUT_MS', DEFAULT_RPC_TIMEOUT_MS, { min: 100 });
  return timeoutChainOf(rpcTimeoutMs, {
    dataverseRetryBudgetMs: optionalInteger(reader, 'DATAVERSE_RETRY_BUDGET_MS', 0),
    dataverseAttemptMs: optionalInteger(reader, 'DATAVERSE_ATTEMPT_TIMEOUT_MS', 100),
    entraCallMs: optionalInteger(reader, 'ENTRA_TIMEOUT_MS', 100),
  });
}

function optionalInteger(reader: ConfigReader, name: string, min: number): number | undefined {
  const value = reader.integer(name, -1, { min });
  return value === -1 ? undefined : value;
}

/** The chain's value, or the override when it is shorter. */
function clampedTo(chainValue: number, override: number | undefined): number {
  return override === undefined ? chainValue : Math.min(chainValue, override);
}
