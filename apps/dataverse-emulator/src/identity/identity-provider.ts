import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatedOrganization, EmulatedUser } from '../world';

/** What the Dataverse half needs to answer a request: who is calling, or the 401 to send. */
export type BearerCheck =
  | { ok: true; user: EmulatedUser }
  | { ok: false; status: 401; headers: Record<string, string>; body: unknown };

/**
 * The Microsoft identity platform as the emulator plays it (Entra ID v2.0 endpoints, JWKS, Global Discovery).
 * Implemented in `identity/`; the HTTP server routes to it and the Dataverse half calls `authenticate`.
 */
export interface IdentityProvider {
  /**
   * Serves `/{tenant}/v2.0/.well-known/openid-configuration`, `/{tenant}/discovery/v2.0/keys`,
   * `/common/discovery/instance`, `/{tenant}/oauth2/v2.0/authorize`, `/{tenant}/oauth2/v2.0/token` and
   * `/api/discovery/v2.0/Instances`. Returns false when the path is not one of its own.
   */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Validates `Authorization: Bearer …` for a Dataverse request to `org` (signature, expiry, audience, user in org). */
  authenticate(authorizationHeader: string | undefined, org: EmulatedOrganization): BearerCheck;
  /** `POST /_emulator/tokens`: a valid access token for `upn` (default: the org's first interactive user). */
  issueAccessToken(org: EmulatedOrganization, upn?: string, expiresInSeconds?: number): string;
  /** `POST /_emulator/expire-tokens`: every access token issued so far is now expired. */
  expireAllAccessTokens(): void;
  /** `POST /_emulator/revoke`: that user's refresh tokens stop working. */
  revokeRefreshTokens(upn: string): void;
  /** Fault injection from `POST /_emulator/faults` (`token_endpoint_error`): the token endpoint answers this status. */
  setTokenEndpointFault(status: number | undefined): void;
  /** Fault injection from `POST /_emulator/faults` (`token_endpoint_latency_ms`): the token endpoint answers this late. */
  setTokenEndpointLatency(ms: number | undefined): void;
  /** `GET /_emulator/stats` `token_requests.by_grant_type`. */
  tokenRequestsByGrantType(): Record<string, number>;
  resetStats(): void;
}
