import { ConfigReader, NatsConfig, readCallContextSigningKey, readNatsConfig, readTimeoutChain, TimeoutChain } from '@dua/service-kit';
import { DatabasePoolConfig, readDatabasePoolConfig } from '../database/data-source-options';
import { EntraConfig, readEntraConfig } from '../entra/entra.config';
import { DYNAMICS_CLOUDS, DynamicsCloud, EnvironmentUrlPolicyConfig } from '../environments/environment-url.policy';
import { EncryptionKey, parseEncryptionKeys } from '../vault/vault';

export interface AuthServiceConfig {
  databaseUrl: string;
  /** Connections to Postgres and how long a query waits for one (`DATABASE_POOL_SIZE`, `DATABASE_POOL_WAIT_MS`). */
  databasePool: DatabasePoolConfig;
  /** Every wait, from the gateway's `RPC_TIMEOUT_MS`: a token request (Entra included) answers before its caller gives up. */
  timeouts: TimeoutChain;
  cursorSigningKey: string;
  /** Oldest first; the last one encrypts. */
  encryptionKeys: EncryptionKey[];
  /** The gateway's public URL: link URLs and the OAuth redirect URI (`{publicUrl}/connect/callback`) hang off it. */
  publicUrl: string;
  linkTokenTtlSeconds: number;
  /** An access token this close to expiry is refreshed before it is handed out. */
  accessTokenRefreshMarginSeconds: number;
  entra: EntraConfig;
  /** Which environment URLs may be connected (`DYNAMICS_CLOUD`, `ALLOWED_ENVIRONMENT_HOSTS`). */
  environmentUrls: EnvironmentUrlPolicyConfig;
  /** For the revocation broadcasts (the microservice's own connection is made by `bootstrapService`). */
  nats: NatsConfig;
  /** Checks that the caller's environment was set by the gateway (see `CallContextSigner`); unset in the admin CLI. */
  callContextSigningKey?: string;
}

/** `onBus`: the microservice (not the admin CLI), which must check the gateway's signature on call contexts. */
export function readAuthServiceConfig(env: NodeJS.ProcessEnv = process.env, { onBus = false }: { onBus?: boolean } = {}): AuthServiceConfig {
  const reader = new ConfigReader(env);
  let encryptionKeys: EncryptionKey[] = [];
  const rawKeys = reader.string('ENCRYPTION_KEYS');
  if (rawKeys) {
    try {
      encryptionKeys = parseEncryptionKeys(rawKeys);
      if (encryptionKeys.length === 0 || encryptionKeys.some(({ key }) => key.length !== 32)) throw new Error();
    } catch {
      reader.problem('ENCRYPTION_KEYS must be id:base64(32 bytes)[,id:base64(32 bytes)…]');
    }
  }
  const timeouts = readTimeoutChain(reader);
  const config: AuthServiceConfig = {
    databaseUrl: reader.url('DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
    databasePool: readDatabasePoolConfig(reader, timeouts),
    timeouts,
    cursorSigningKey: reader.string('CURSOR_SIGNING_KEY'),
    encryptionKeys,
    publicUrl: reader.url('PUBLIC_URL', 'http://localhost:3000').replace(/\/+$/, ''),
    linkTokenTtlSeconds: reader.integer('LINK_TOKEN_TTL_SECONDS', 900, { min: 60 }),
    accessTokenRefreshMarginSeconds: reader.integer('ACCESS_TOKEN_REFRESH_MARGIN_SECONDS', 300),
    entra: readEntraConfig(reader, timeouts),
    environmentUrls: readEnvironmentUrlPolicy(reader),
    nats: readNatsConfig(reader),
    ...(onBus ? { callContextSigningKey: readCallContextSigningKey(reader) } : {}),
  };
  reader.done();
  return config;
}

function readEnvironmentUrlPolicy(reader: ConfigReader): EnvironmentUrlPolicyConfig {
  const cloud = reader.string('DYNAMICS_CLOUD', 'commercial');
  if (!(cloud in DYNAMICS_CLOUDS)) reader.problem(`DYNAMICS_CLOUD must be one of ${Object.keys(DYNAMICS_CLOUDS).join(', ')}`);
  const allowedHosts = (reader.optionalString('ALLOWED_ENVIRONMENT_HOSTS') ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  return { cloud: cloud as DynamicsCloud, allowedHosts };
}
