import { Inject, Injectable } from '@nestjs/common';
import { AuthError, ConfidentialClientApplication, Configuration, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { DomainError, ErrorCode } from '@dua/unified-models';
import { BoundedNetworkClient } from './bounded-network-client';
import { entraTokenRequests } from './entra-metrics';
import { ENTRA_CONFIG } from './entra.tokens';
import { EntraConfig } from './entra.config';

export interface TokenGrant {
  accessToken: string;
  expiresAt: Date;
  /** The newest refresh token (Entra rotates it on every use), for delegated grants. */
  refreshToken?: string;
  tenantId?: string;
  username?: string;
  name?: string;
}

/** A host that is never dialled: msal insists on https authorities, the emulator speaks http (see STACK notes). */
const PINNED_AUTHORITY_HOST = 'login.emulator.test';

/**
 * Microsoft Entra ID through @azure/msal-node: the authorization code flow with PKCE, refresh, client credentials.
 * msal-node keeps refresh tokens inside its cache and never returns them, so each operation uses a fresh
 * application whose cache we read once: the vault, not msal, is the store of record.
 */
@Injectable()
export class EntraClient {
  private readonly metadata = new Map<string, Promise<string>>();

  constructor(@Inject(ENTRA_CONFIG) private readonly config: EntraConfig) {}

  get delegatedConnectConfigured(): boolean {
    return !!this.config.clientId && !!this.config.clientSecret;
  }

  /** Sign-in scopes: Global Discovery first, so we can list the user's environments. */
  discoveryScopes(): string[] {
    return [`${this.config.discoveryUrl}/user_impersonation`, 'offline_access', 'openid', 'profile'];
  }

  async authorizationUrl(options: { redirectUri: string; state: string; codeChallenge: string; loginHint?: string }): Promise<string> {
    const app = await this.delegatedApp();
    return app.getAuthCodeUrl({
      scopes: this.discoveryScopes(),
      redirectUri: options.redirectUri,
      state: options.state,
      codeChallenge: options.codeChallenge,
      codeChallengeMethod: 'S256',
      prompt: 'select_account',
      loginHint: options.loginHint,
    });
  }

  async redeemCode(options: { code: string; codeVerifier: string; redirectUri: string }): Promise<TokenGrant> {
    const app = await this.delegatedApp();
    const result = await call(() =>
      app.acquireTokenByCode({ code: options.code, codeVerifier: options.codeVerifier, redirectUri: options.redirectUri, scopes: this.discoveryScopes() }),
    );
    return { ...grantOf(result), refreshToken: refreshTokenIn(app) };
  }

  /** A token for `resource` (an environment URL or the discovery URL) from a delegated refresh token. */
  async refresh(refreshToken: string, resource: string): Promise<TokenGrant> {
    const app = await this.delegatedApp();
    entraTokenRequests.inc({ grant_type: 'refresh_token' });
    const result = await call(() =>
      app.acquireTokenByRefreshToken({ refreshToken, scopes: [`${resource}/.default`, 'offline_access'], forceCache: true }),
    );
    if (!result) throw new DomainError(ErrorCode.NEEDS_REAUTH, 'Microsoft Entra ID returned no token for the refresh token');
    return { ...grantOf(result), refreshToken: refreshTokenIn(app) ?? refreshToken };
  }

  async clientCredentials(options: { tenantId: string; clientId: string; clientSecret: string; environmentUrl: string }): Promise<TokenGrant> {
    const app = new ConfidentialClientApplication(await this.msalConfiguration(options.clientId, options.clientSecret, options.tenantId));
    entraTokenRequests.inc({ grant_type: 'client_credentials' });
    const result = await call(() => app.acquireTokenByClientCredential({ scopes: [`${options.environmentUrl}/.default`], skipCache: true }));
    if (!result) throw new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Microsoft Entra ID returned no token');
    return grantOf(result);
  }

  private async delegatedApp(): Promise<ConfidentialClientApplication> {
    const { clientId, clientSecret } = this.config;
    if (!clientId || !clientSecret) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Delegated connections need ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET on auth-service');
    }
    return new ConfidentialClientApplication(await this.msalConfiguration(clientId, clientSecret, this.config.tenant));
  }

  /** A fresh application's configuration; its network client bounds the operation it is made for (`callTimeoutMs`). */
  private async msalConfiguration(clientId: string, clientSecret: string, tenant: string): Promise<Configuration> {
    const system = { networkClient: new BoundedNetworkClient(this.config.callTimeoutMs) };
    if (this.config.authorityUrl.startsWith('https://')) {
      return { auth: { clientId, clientSecret, authority: `${this.config.authorityUrl}/${tenant}` }, system };
    }
    return {
      system,
      auth: {
        clientId,
        clientSecret,
        authority: `https://${PINNED_AUTHORITY_HOST}/${tenant}`,
        knownAuthorities: [PINNED_AUTHORITY_HOST],
        authorityMetadata: await this.authorityMetadata(tenant),
      },
    };
  }

  /** The OpenID configuration of a plain-http authority (the emulator), fetched once per tenant. */
  private authorityMetadata(tenant: string): Promise<string> {
    let metadata = this.metadata.get(tenant);
    if (!metadata) {
      const url = `${this.config.authorityUrl}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
      metadata = call(() => fetch(url, { signal: AbortSignal.timeout(this.config.callTimeoutMs) })).then(async (response) => {
        if (!response.ok) throw new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, `The authority's metadata answered ${response.status}`);
        return response.text();
      });
      metadata.catch(() => this.metadata.delete(tenant));
      this.metadata.set(tenant, metadata);
    }
    return metadata;
  }
}

function grantOf(result: { accessToken: string; expiresOn: Date | null; tenantId: string; account: { username: string; name?: string } | null }): TokenGrant {
  return {
    accessToken: result.accessToken,
    expiresAt: result.expiresOn ?? new Date(Date.now() + 55 * 60_000),
    // msal answers an empty tenant for client credentials (no id token): keep the one we asked for instead.
    tenantId: result.tenantId || undefined,
    username: result.account?.username,
    name: result.account?.name,
  };
}

function refreshTokenIn(app: ConfidentialClientApplication): string | undefined {
  const cache = JSON.parse(app.getTokenCache().serialize()) as { RefreshToken?: Record<string, { secret: string }> };
  return Object.values(cache.RefreshToken ?? {})[0]?.secret;
}

/** msal errors in our vocabulary. A grant that is gone (expired, revoked, consent withdrawn) means NEEDS_REAUTH. */
async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw entraFailure(error);
  }
}

export function entraFailure(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const errorCode = (error as AuthError | undefined)?.errorCode;
  const remote = { status: 400, code: errorCode, message: (error as AuthError | undefined)?.errorMessage?.split('\n')[0]?.slice(0, 500) };
  if (error instanceof InteractionRequiredAuthError || (error instanceof ServerError && errorCode === 'invalid_grant')) {
    return new DomainError(ErrorCode.NEEDS_REAUTH, 'Microsoft Entra ID no longer accepts the grant; the end user must connect again', { remote });
  }
  if (error instanceof ServerError && (errorCode === 'invalid_client' || errorCode === 'unauthorized_client')) {
    return new DomainError(ErrorCode.UPSTREAM_REJECTED, 'Microsoft Entra ID refused the client credentials', { remote: { ...remote, status: 401 } });
  }
  if (error instanceof ServerError && errorCode && /^(invalid_request|invalid_scope|invalid_resource)$/.test(errorCode)) {
    return new DomainError(ErrorCode.UPSTREAM_REJECTED, 'Microsoft Entra ID refused the request', { remote });
  }
  return new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Microsoft Entra ID could not be reached');
}
