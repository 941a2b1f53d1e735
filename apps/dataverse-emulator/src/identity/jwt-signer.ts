import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export type JwtPayload = Record<string, unknown>;

export interface Jwk {
  kty: string;
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
}

export type JwtVerification = { ok: true; payload: JwtPayload } | { ok: false; reason: string };

/** RS256 signing with one key pair generated at start; tokens die with the process, as keys are not persisted. */
export interface JwtSigner {
  sign(payload: JwtPayload): string;
  verify(token: string): JwtVerification;
  jwks(): { keys: Jwk[] };
}

export function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

export function decodeJwtPayload(token: string): JwtPayload | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' ? (payload as JwtPayload) : undefined;
  } catch {
    return undefined;
  }
}

export function createJwtSigner(keys?: { privateKey: KeyObject; publicKey: KeyObject }): JwtSigner {
  const { privateKey, publicKey } = keys ?? generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
  // Entra's kid and x5t are the certificate thumbprint; without a certificate, a thumbprint of the modulus stands in.
  const kid = base64url(createHash('sha1').update(jwk.n).digest());
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5t: kid, kid }));

  return {
    sign(payload) {
      const signingInput = `${header}.${base64url(JSON.stringify(payload))}`;
      return `${signingInput}.${base64url(sign('RSA-SHA256', Buffer.from(signingInput), privateKey))}`;
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return { ok: false, reason: 'malformed' };
      let head: { alg?: unknown; kid?: unknown };
      try {
        head = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (head.alg !== 'RS256' || head.kid !== kid) return { ok: false, reason: 'unknown key' };
      const valid = verify(
        'RSA-SHA256',
        Buffer.from(`${parts[0]}.${parts[1]}`),
        publicKey,
        Buffer.from(parts[2], 'base64url'),
      );
      if (!valid) return { ok: false, reason: 'bad signature' };
      const payload = decodeJwtPayload(token);
      return payload ? { ok: true, payload } : { ok: false, reason: 'malformed' };
    },
    jwks() {
      return { keys: [{ kty: jwk.kty, use: 'sig', kid, x5t: kid, n: jwk.n, e: jwk.e }] };
    },
  };
}
