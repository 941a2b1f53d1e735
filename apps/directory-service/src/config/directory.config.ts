import { ConfigReader, readTimeoutChain, TimeoutChain } from '@dua/service-kit';

export interface DirectoryServiceConfig {
  /** HMAC key of list cursors; the same on every replica (and shared with the other services). */
  cursorSigningKey: string;
  /**
   * Every wait of a request, from the gateway's `RPC_TIMEOUT_MS`: the Dataverse retry budget fits inside it, so
   * throttling surfaces as 429 with `Retry-After`, never as the gateway's 504.
   */
  timeouts: TimeoutChain;
}

export function readDirectoryServiceConfig(env: NodeJS.ProcessEnv = process.env): DirectoryServiceConfig {
  const reader = new ConfigReader(env);
  const cursorSigningKey = reader.string('CURSOR_SIGNING_KEY');
  if (cursorSigningKey && cursorSigningKey.length < 32) reader.problem('CURSOR_SIGNING_KEY must be at least 32 characters');
  const timeouts = readTimeoutChain(reader);
  reader.done();
  return { cursorSigningKey, timeouts };
}
