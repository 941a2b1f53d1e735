import type { ConnectionOptions } from 'nats';
import { ConfigReader } from './config-reader';

/**
 * How an app reaches NATS. The bus is authenticated: each app has its own NATS user (`NATS_USER`, `NATS_PASSWORD`),
 * whose subject permissions `nats.conf` declares (see tools/stack/nats-permissions.js, one entry per app). TLS is
 * used when `NATS_URL` is `tls://…` or a CA / client certificate is configured.
 */
export interface NatsConfig {
  url: string;
  user?: string;
  password?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

export function readNatsConfig(reader: ConfigReader): NatsConfig {
  const url = reader.url('NATS_URL', 'nats://127.0.0.1:4222', ['nats:', 'tls:']);
  const user = reader.optionalString('NATS_USER');
  const password = reader.optionalString('NATS_PASSWORD');
  if ((user === undefined) !== (password === undefined)) reader.problem('NATS_USER and NATS_PASSWORD go together');
  const caFile = reader.optionalString('NATS_TLS_CA_FILE');
  const certFile = reader.optionalString('NATS_TLS_CERT_FILE');
  const keyFile = reader.optionalString('NATS_TLS_KEY_FILE');
  if ((certFile === undefined) !== (keyFile === undefined)) reader.problem('NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE go together');
  const wantsTls = url.startsWith('tls:') || caFile !== undefined || certFile !== undefined;
  return {
    url,
    ...(user !== undefined ? { user, password } : {}),
    ...(wantsTls ? { tls: { caFile, certFile, keyFile } } : {}),
  };
}

/**
 * Connection options for the nats client (and Nest's NATS transport). Replies come back on an inbox named after the
 * user, so `nats.conf` can let each app subscribe to its own inbox only, never to another app's replies (tokens).
 */
export function natsConnectionOptions(config: NatsConfig, name: string): ConnectionOptions {
  return {
    servers: config.url.replace(/^tls:/, 'nats:'),
    name,
    ...(config.user !== undefined ? { user: config.user, pass: config.password, inboxPrefix: inboxPrefixOf(config.user) } : {}),
    ...(config.tls ? { tls: stripUndefined(config.tls) } : {}),
  };
}

/** `_INBOX_<user>`: the subjects a NATS user receives its replies on (`nats.conf` grants each user its own). */
export function inboxPrefixOf(user: string): string {
  return `_INBOX_${user}`;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/** `CALL_CONTEXT_SIGNING_KEY`: the gateway signs the caller's environment with it, auth-service checks it. */
export function readCallContextSigningKey(reader: ConfigReader): string {
  const key = reader.string('CALL_CONTEXT_SIGNING_KEY');
  if (key !== '' && key.length < 32) reader.problem('CALL_CONTEXT_SIGNING_KEY must be at least 32 characters');
  return key;
}
