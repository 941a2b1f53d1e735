import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface EncryptionKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

const FORMAT = 'v1';

/**
 * AES-256-GCM envelope for credentials at rest. The newest configured key encrypts; every configured key decrypts,
 * so keys rotate without downtime. The additional authenticated data binds a ciphertext to its row (e.g. the account
 * id), so a ciphertext copied onto another row fails to decrypt.
 * Stored form: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export class Vault {
  private readonly keys: Map<string, Buffer>;
  private readonly newest: EncryptionKey;

  constructor(keys: EncryptionKey[]) {
    if (keys.length === 0) throw new Error('The vault needs at least one encryption key');
    for (const { id, key } of keys) {
      if (key.length !== 32) throw new Error(`Encryption key ${id} must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error('Encryption key ids are letters, digits, _ and -');
    }
    this.keys = new Map(keys.map(({ id, key }) => [id, key]));
    this.newest = keys[keys.length - 1];
  }

  get newestKeyId(): string {
    return this.newest.id;
  }

  encrypt(plaintext: string, associatedData: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.newest.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.newest.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  decrypt(sealed: string, associatedData: string): string {
    const [format, keyId, iv, tag, ciphertext] = sealed.split('.');
    const key = this.keys.get(keyId ?? '');
    if (format !== FORMAT || !key || !iv || !tag || ciphertext === undefined) throw new Error('The sealed value is malformed or its key is not configured');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  keyIdOf(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }
}

/** `ENCRYPTION_KEYS`: `id:base64key[,id:base64key…]`, oldest first; the last one encrypts new values. */
export function parseEncryptionKeys(value: string): EncryptionKey[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(':');
      if (separator <= 0) throw new Error('ENCRYPTION_KEYS entries are id:base64key');
      return { id: entry.slice(0, separator), key: Buffer.from(entry.slice(separator + 1), 'base64') };
    });
}
