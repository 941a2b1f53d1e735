import type { EmulatedOrganization } from '../world';
import type { BearerCheck } from './identity-provider';
import type { IdentityContext } from './identity-context';
import type { JwtPayload } from './jwt-signer';
import { accessTokenIssuer } from './token-issuer';
import { findOrgUser, sameUrl, trimSlashes } from './user-directory';

/** Clock skew Dataverse (IdentityModel) allows on `nbf`; `exp` is enforced to the second here so tests are sharp. */
const NBF_SKEW_SECONDS = 300;
const CACHE_LIMIT = 10_000;

export interface AccessTokenClaims extends JwtPayload {
  aud: string;
  iss: string;
  tid: string;
  exp: number;
  nbf: number;
  uti: string;
  oid?: string;
  upn?: string;
  appid?: string;
  idtyp?: string;
}

export type TokenCheck = { ok: true; claims: AccessTokenClaims } | { ok: false };

/**
 * Bearer token validation as a resource server does it: signature (cached per token string, since RSA verification
 * is the expensive part), lifetime, the emulator's forced expiry, audience and issuer.
 */
export class BearerValidator {
  private readonly verified = new Map<string, AccessTokenClaims | null>();

  constructor(private readonly ctx: IdentityContext) {}

  check(authorizationHeader: string | undefined, audience: string, tenantId?: string): TokenCheck {
    const match = authorizationHeader?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match) return { ok: false };
    const claims = this.claims(match[1]);
    if (!claims) return { ok: false };
    const now = Math.floor(this.ctx.options.now() / 1000);
    if (now >= claims.exp || now + NBF_SKEW_SECONDS < claims.nbf) return { ok: false };
    if (this.ctx.store.isAccessTokenForcedExpired(claims.uti)) return { ok: false };
    if (!sameUrl(claims.aud, audience)) return { ok: false };
    if (tenantId && claims.tid.toLowerCase() !== tenantId.toLowerCase()) return { ok: false };
    if (claims.iss !== accessTokenIssuer(claims.tid)) return { ok: false };
    return { ok: true, claims };
  }

  private claims(token: string): AccessTokenClaims | null {
    const cached = this.verified.get(token);
    if (cached !== undefined) return cached;
    const result = this.ctx.signer.verify(token);
    const p = result.ok ? result.payload : undefined;
    const claims =
      p &&
      typeof p.aud === 'string' &&
      typeof p.iss === 'string' &&
      typeof p.tid === 'string' &&
      typeof p.exp === 'number' &&
      typeof p.nbf === 'number' &&
      typeof p.uti === 'string'
        ? (p as AccessTokenClaims)
        : null;
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  /**
   * Dataverse: any token problem is the bearer challenge (empty body); a valid token for someone who is not a
   * user of the org is `0x80072560`; a disabled systemuser is refused too.
   * https://learn.microsoft.com/power-apps/developer/data-platform/authenticate-oauth#use-the-accesstoken-with-your-requests
   */
  authenticate(authorizationHeader: string | undefined, org: EmulatedOrganization): BearerCheck {
    const result = this.check(authorizationHeader, org.environmentUrl, org.tenantId);
    if (!result.ok) return challenge(this.ctx.world().baseUrl, org);
    const { claims } = result;
    const isApp = claims.idtyp === 'app' || (!claims.upn && !!claims.appid);
    const user = findOrgUser(org, { oid: claims.oid, upn: claims.upn, appid: claims.appid, isApp });
    if (!user) {
      return dataverseError('0x80072560', 'The user is not a member of the organization.');
    }
    if (user.isDisabled) {
      // Error code inferred (seen in Dataverse client stubs for "user not enabled"); message from Microsoft's docs.
      return dataverseError(
        '0x80040225',
        `The user with SystemUserId=${user.systemuserId} in OrganizationContext=${org.organizationId} is disabled. Disabled users cannot access the system. Consider enabling this user. Also, users are disabled if they don't have a license assigned to them.`,
      );
    }
    return { ok: true, user };
  }
}

/** `WWW-Authenticate: Bearer authorization_uri=…/{tenant}/oauth2/authorize, resource_id=<env url>`. */
export function challenge(baseUrl: string, org: EmulatedOrganization): BearerCheck {
  return {
    ok: false,
    status: 401,
    headers: {
      'WWW-Authenticate': `Bearer authorization_uri=${trimSlashes(baseUrl)}/${org.tenantId}/oauth2/authorize, resource_id=${trimSlashes(org.environmentUrl)}`,
    },
    body: undefined,
  };
}

function dataverseError(code: string, message: string): BearerCheck {
  return {
    ok: false,
    status: 401,
    headers: { 'Content-Type': 'application/json; odata.metadata=minimal', 'OData-Version': '4.0' },
    body: { error: { code, message } },
  };
}
