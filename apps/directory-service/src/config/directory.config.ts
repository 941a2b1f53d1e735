import { ConfigReader } from '@dua/service-kit';

export interface DirectoryServiceConfig {
  /** HMAC key of list cursors; the same on every replica (and shared with the other services). */
  cursorSigningKey: string;
}

export function readDirectoryServiceConfig(env: NodeJS.ProcessEnv = process.env): DirectoryServiceConfig {
  const reader = new ConfigReader(env);
  const cursorSigningKey = reader.string('CURSOR_SIGNING_KEY');
  if (cursorSigningKey && cursorSigningKey.length < 32) reader.problem('CURSOR_SIGNING_KEY must be at least 32 characters');
  reader.done();
  return { cursorSigningKey };
}
