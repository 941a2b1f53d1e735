import { randomBytes, randomUUID } from 'node:crypto';
import type { JwtSigner } from './jwt-signer';
import type { ResolvedIdentityOptions } from './identity-options';
import type { TokenStore } from './token-store';
import { derivedGuid, trimSlashes, type DirectoryUser } from './user-directory';

/**
 * Dataverse accepts v1.0 access tokens (its app registration does not ask for v2), so they carry the v1 issuer,
 * `upn`, `unique_name` and `appid`. The issuer is a string nobody dials, so the real one is kept.
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
 */
export function accessTokenIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

/** v2.0 ID tokens and the openid-configuration `issuer`: the emulator's base URL stands for login.microsoftonline.com. */
export function v2Issuer(baseUrl: string, tenantId: string): string {
  return `${trimSlashes(baseUrl)}/${tenantId}/v2.0`;
}

export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

export class TokenIssuer {
  constructor(
    private readonly signer: JwtSigner,
    private readonly store: TokenStore,
    private readonly options: ResolvedIdentityOptions,
  ) {}

  private times(lifetimeSeconds: number) {
    const iat = Math.floor(this.options.now() / 1000);
    return { iat, nbf: iat, exp: iat + lifetimeSeconds };
  }

  private signAccessToken(payload: Record<string, unknown>, exp: number): string {
    const uti = randomBytes(16).toString('base64url');
    this.store.recordAccessToken(uti, exp * 1000);
    return this.signer.sign({ ...payload, uti });
  }

  /** A delegated (user) access token. */
  userAccessToken(input: {
    audience: string;
    user: DirectoryUser;
    clientId: string;
    confidential: boolean;
    scp: string;
    lifetimeSeconds?: number;
  }): IssuedAccessToken {
    const lifetime = input.lifetimeSeconds ?? this.options.accessTokenLifetimeSeconds;
    const { iat, nbf, exp } = this.times(lifetime);
    const [given, ...family] = input.user.name.split(' ');
    const token = this.signAccessToken(
      {
        aud: input.audience,
        iss: accessTokenIssuer(input.user.tenantId),
        iat,
        nbf,
        exp,
        acr: '1',
        amr: ['pwd'],
        appid: input.clientId,
        appidacr: input.confidential ? '1' : '0',
        family_name: family.join(' ') || undefined,
        given_name: given,
        idtyp: 'user',
        ipaddr: '127.0.0.1',
        name: input.user.name,
        oid: input.user.objectId,
        puid: derivedGuid(`puid:${input.user.objectId}`).replace(/-/g, '').slice(0, 16).toUpperCase(),
        scp: input.scp,
        sub: derivedGuid(`sub:${input.user.objectId}:${input.audience}`),
        tid: input.user.tenantId,
        unique_name: input.user.upn,
        upn: input.user.upn,
        ver: '1.0',
      },
      exp,
    );
    return { token, expiresIn: exp - iat };
  }

  /** An app-only (client credentials) access token; Dataverse finds the application user by `appid`. */
  appAccessToken(input: {
    audience: string;
    tenantId: string;
    clientId: string;
    objectId?: string;
  }): IssuedAccessToken {
    const { iat, nbf, exp } = this.times(this.options.accessTokenLifetimeSeconds);
    const oid = input.objectId ?? derivedGuid(`sp:${input.clientId}`);
    const token = this.signAccessToken(
      {
        aud: input.audience,
        iss: accessTokenIssuer(input.tenantId),
        iat,
        nbf,
        exp,
        appid: input.clientId,
        appidacr: '1',
        idp: accessTokenIssuer(input.tenantId),
        idtyp: 'app',
        oid,
        sub: oid,
        tid: input.tenantId,
        ver: '1.0',
      },
      exp,
    );
    return { token, expiresIn: exp - iat };
  }

  /** A v2.0 ID token; msal only decodes it (no signature check) but it is signed anyway. */
  idToken(input: { baseUrl: string; user: DirectoryUser; clientId: string; nonce?: string }): string {
    const { iat, nbf, exp } = this.times(3600);
    return this.signer.sign({
      aud: input.clientId,
      iss: v2Issuer(input.baseUrl, input.user.tenantId),
      iat,
      nbf,
      exp,
      name: input.user.name,
      nonce: input.nonce,
      oid: input.user.objectId,
      preferred_username: input.user.upn,
      rh: '0.A',
      // `sub` is pairwise: unique per user and application.
      sub: derivedGuid(`sub:${input.user.objectId}:${input.clientId}`).replace(/-/g, ''),
      tid: input.user.tenantId,
      uti: randomUUID(),
      ver: '2.0',
    });
  }
}

/** `client_info`: base64url JSON `{uid, utid}`, from which msal builds the account's homeAccountId. */
export function clientInfo(user: DirectoryUser): string {
  return Buffer.from(JSON.stringify({ uid: user.objectId, utid: user.tenantId })).toString('base64url');
}
