import { ConfigReader, NatsConfig, readCallContextSigningKey, readNatsConfig, readShutdownGraceMs, readTimeoutChain } from '@dua/service-kit';

export interface GatewayConfig {
  host: string;
  port: number;
  nats: NatsConfig;
  /** Signs the caller's environment on every message (see `CallContextSigner`); auth-service holds the same key. */
  callContextSigningKey: string;
  /**
   * How long the gateway waits for a service's answer before answering 504 `TIMEOUT` (`RPC_TIMEOUT_MS`): the head of
   * the timeout chain every service derives its own waits from (`timeoutChainOf`), so they must all share it.
   */
  rpcTimeoutMs: number;
  /**
   * Silence (no keepalive from the replica holding a request) after which the replica is taken for gone: a read is
   * then sent to another replica once, a write answers 504. Replicas send a keepalive every 500 ms.
   */
  rpcReplicaSilenceMs: number;
  /** On SIGTERM, how long in-flight HTTP requests may take to finish before the gateway exits anyway. */
  shutdownGraceMs: number;
  /** How long a verified API key is trusted without asking auth-service again (so a revocation takes this long). */
  apiKeyCacheTtlMs: number;
  /** How long `/health/ready` waits for each service's ping. */
  readinessTimeoutMs: number;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /**
   * Largest body of the routes that carry files or many records (note writes, bulk writes): a note's attachment is
   * base64 under the org's `maxuploadfilesize` (5 MB by default). Kept under the NATS `max_payload` it crosses.
   */
  largeBodyLimitBytes: number;
  /** The bearer token `/metrics` takes (never a tenant's API key); unset, `/metrics` answers no one. */
  metricsToken?: string;
  /**
   * Fastify's `trustProxy`: whether (and which) `X-Forwarded-*` headers are believed. Off unless the gateway runs
   * behind a proxy you name: `true`, a hop count, or addresses/CIDRs.
   */
  trustProxy: boolean | number | string[];
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const reader = new ConfigReader(env);
  const config: GatewayConfig = {
    host: reader.string('HOST', '0.0.0.0'),
    port: reader.integer('PORT', 3000, { min: 0, max: 65535 }),
    nats: readNatsConfig(reader),
    callContextSigningKey: readCallContextSigningKey(reader),
    rpcTimeoutMs: readTimeoutChain(reader).rpcTimeoutMs,
    rpcReplicaSilenceMs: reader.integer('RPC_REPLICA_SILENCE_MS', 2_000, { min: 1_000 }),
    shutdownGraceMs: readShutdownGraceMs(reader),
    apiKeyCacheTtlMs: reader.integer('API_KEY_CACHE_TTL_MS', 10_000),
    readinessTimeoutMs: reader.integer('READINESS_TIMEOUT_MS', 2_000, { min: 100 }),
    bodyLimitBytes: reader.integer('BODY_LIMIT_BYTES', 1_048_576, { min: 1024 }),
    largeBodyLimitBytes: reader.integer('LARGE_BODY_LIMIT_BYTES', 33_554_432, { min: 1024 }),
    metricsToken: reader.optionalString('METRICS_TOKEN'),
    trustProxy: trustProxyOf(reader.optionalString('TRUST_PROXY')),
  };
  if (config.metricsToken !== undefined && config.metricsToken.length < 32) reader.problem('METRICS_TOKEN must be at least 32 characters');
  reader.done();
  return config;
}

/** `TRUST_PROXY`: unset or `false` → off; `true`; a hop count; or a comma-separated list of addresses / CIDRs. */
function trustProxyOf(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** The settings of a gateway built for its routes only (OpenAPI generation, contract tests): it never connects or signs. */
export const PREVIEW_ENV: NodeJS.ProcessEnv = { CALL_CONTEXT_SIGNING_KEY: 'preview: routes only, nothing is ever signed' };
