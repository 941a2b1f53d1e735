import { randomBytes } from 'node:crypto';
import { parseEncryptionKeys, Vault } from './vault';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('Vault', () => {
  it('round-trips with the same associated data and never stores the plaintext', () => {
    const vault = new Vault([key('k1')]);
    const sealed = vault.encrypt('refresh-token-secret', 'account-1');
    expect(sealed).not.toContain('refresh-token-secret');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(vault.decrypt(sealed, 'account-1')).toBe('refresh-token-secret');
  });

  it('refuses a ciphertext moved to another row (associated data) or tampered with', () => {
    const vault = new Vault([key('k1')]);
    const sealed = vault.encrypt('secret', 'account-1');
    expect(() => vault.decrypt(sealed, 'account-2')).toThrow();
    const parts = sealed.split('.');
    parts[4] = Buffer.from('forged').toString('base64url');
    expect(() => vault.decrypt(parts.join('.'), 'account-1')).toThrow();
  });

  it('encrypts with the newest key and still decrypts with the older ones', () => {
    const old = key('2025');
    const sealedWithOld = new Vault([old]).encrypt('secret', 'a');
    const rotated = new Vault([old, key('2026')]);
    expect(rotated.decrypt(sealedWithOld, 'a')).toBe('secret');
    expect(rotated.keyIdOf(rotated.encrypt('secret', 'a'))).toBe('2026');
    expect(() => new Vault([key('2026')]).decrypt(sealedWithOld, 'a')).toThrow(/not configured/);
  });

  it('parses ENCRYPTION_KEYS and rejects keys of the wrong size', () => {
    const material = randomBytes(32).toString('base64');
    expect(parseEncryptionKeys(`a:${material}, b:${material}`).map((k) => k.id)).toEqual(['a', 'b']);
    expect(() => new Vault(parseEncryptionKeys(`a:${randomBytes(16).toString('base64')}`))).toThrow(/32 bytes/);
  });
});
