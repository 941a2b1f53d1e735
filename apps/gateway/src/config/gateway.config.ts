import { ConfigReader, readNatsConfig } from '@dua/service-kit';

export interface GatewayConfig {
  host: string;
  port: number;
  natsUrl: string;
  /** How long the gateway waits for a service's answer before answering 504 `TIMEOUT`. */
  rpcTimeoutMs: number;
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
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const reader = new ConfigReader(env);
  const config: GatewayConfig = {
    host: reader.string('HOST', '0.0.0.0'),
    port: reader.integer('PORT', 3000, { min: 0, max: 65535 }),
    natsUrl: readNatsConfig(reader).url,
    rpcTimeoutMs: reader.integer('RPC_TIMEOUT_MS', 30_000, { min: 100 }),
    apiKeyCacheTtlMs: reader.integer('API_KEY_CACHE_TTL_MS', 10_000),
    readinessTimeoutMs: reader.integer('READINESS_TIMEOUT_MS', 2_000, { min: 100 }),
    bodyLimitBytes: reader.integer('BODY_LIMIT_BYTES', 1_048_576, { min: 1024 }),
    largeBodyLimitBytes: reader.integer('LARGE_BODY_LIMIT_BYTES', 33_554_432, { min: 1024 }),
  };
  reader.done();
  return config;
}
