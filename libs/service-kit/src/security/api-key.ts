import { createHash, randomBytes } from 'node:crypto';

/** Our keys carry a recognisable prefix, so secret scanners (and people) can tell one from other tokens. */
export const API_KEY_PREFIX = 'dua_';

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** API keys are 256 random bits: a plain SHA-256 is enough to store and look them up. */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}
