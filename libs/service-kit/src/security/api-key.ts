import { createHash, randomBytes } from 'node:crypto';

/** Our keys carry a recognisable prefix, so secret scanners (and people) can tell one from other tokens. */
export const API_KEY_PREFIX = 'dua_';

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 in hex: how high-entropy secrets (API keys, link tokens, OAuth state) are stored and looked up. */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** API keys are 256 random bits: a plain SHA-256 is enough to store and look them up. */
export const hashApiKey = sha256Hex;
