import { randomBytes } from 'node:crypto';

/** What a user consented to on the sign-in page, redeemable once for tokens. */
export interface AuthorizationCodeGrant {
  clientId: string;
  redirectUri: string;
  tenantId: string;
  upn: string;
  objectId: string;
  name: string;
  scope: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  issuedAtMs: number;
  redeemed: boolean;
}

export interface RefreshGrant {
  clientId: string;
  tenantId: string;
  upn: string;
  objectId: string;
  name: string;
  /** The scopes of the original authorization (OIDC ones included). */
  scope: string;
  issuedAtMs: number;
  seq: number;
}

function opaque(prefix: string, bytes: number): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/**
 * Server-side state of the identity platform: authorization codes, refresh tokens (opaque, looked up here),
 * per-user revocation and the "every access token issued so far is expired" mark.
 * A sequence number orders events, so a token issued in the same millisecond as a revocation is still told apart.
 */
export class TokenStore {
  private seq = 0;
  private readonly codes = new Map<string, AuthorizationCodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly revokedAt = new Map<string, { seq: number; atMs: number }>();
  /** Access token `uti` → issue sequence; only tokens issued by this process verify anyway. */
  private readonly accessTokens = new Map<string, { seq: number; expMs: number }>();
  private accessTokensExpiredUpTo = 0;

  constructor(private readonly now: () => number) {}

  createCode(grant: Omit<AuthorizationCodeGrant, 'issuedAtMs' | 'redeemed'>, lifetimeMs: number): string {
    // Expired codes are kept an hour so that a late redemption still gets AADSTS70008, not "malformed".
    if (this.due('codes')) this.prune(this.codes, (g) => g.issuedAtMs + lifetimeMs + 3_600_000 < this.now());
    const code = opaque('1.A', 96);
    this.codes.set(code, { ...grant, issuedAtMs: this.now(), redeemed: false });
    return code;
  }

  getCode(code: string): AuthorizationCodeGrant | undefined {
    return this.codes.get(code);
  }

  createRefreshToken(grant: Omit<RefreshGrant, 'issuedAtMs' | 'seq'>, lifetimeMs: number): string {
    // Expired refresh tokens are kept a day so that their use still gets AADSTS700082.
    if (this.due('refreshTokens')) {
      this.prune(this.refreshTokens, (g) => g.issuedAtMs + lifetimeMs + 86_400_000 < this.now());
    }
    const token = opaque('1.A', 160);
    this.refreshTokens.set(token, { ...grant, issuedAtMs: this.now(), seq: ++this.seq });
    return token;
  }

  getRefreshToken(token: string): RefreshGrant | undefined {
    return this.refreshTokens.get(token);
  }

  revoke(upn: string): void {
    this.revokedAt.set(upn.toLowerCase(), { seq: ++this.seq, atMs: this.now() });
  }

  /** The user's TokensValidFrom when this grant predates it. */
  revokedSince(grant: RefreshGrant): number | undefined {
    const mark = this.revokedAt.get(grant.upn.toLowerCase());
    return mark && grant.seq <= mark.seq ? mark.atMs : undefined;
  }

  recordAccessToken(uti: string, expMs: number): void {
    if (this.due('accessTokens')) this.prune(this.accessTokens, (t) => t.expMs < this.now());
    this.accessTokens.set(uti, { seq: ++this.seq, expMs });
  }

  expireAllAccessTokens(): void {
    this.accessTokensExpiredUpTo = ++this.seq;
  }

  /** True when `expireAllAccessTokens` ran after the token was issued (or the token is unknown to this process). */
  isAccessTokenForcedExpired(uti: string): boolean {
    const t = this.accessTokens.get(uti);
    return !t || t.seq <= this.accessTokensExpiredUpTo;
  }

  private readonly inserts = { codes: 0, refreshTokens: 0, accessTokens: 0 };

  /** Pruning walks a whole map, so it runs once every few thousand inserts rather than on each. */
  private due(map: keyof TokenStore['inserts']): boolean {
    return ++this.inserts[map] % 5_000 === 0;
  }

  private prune<V>(map: Map<string, V>, isStale: (v: V) => boolean): void {
    for (const [k, v] of map) if (isStale(v)) map.delete(k);
  }
}
