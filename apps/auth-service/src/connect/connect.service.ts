import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CryptoProvider } from '@azure/msal-node';
import { randomBytes } from 'node:crypto';
import { DataSource, IsNull, Repository } from 'typeorm';
import { ConnectStep, DiscoveredEnvironment, DomainError, ErrorCode, IntegratedAccountAuthType, IntegratedAccountStatus } from '@dua/unified-models';
import { sha256Hex } from '@dua/service-kit';
import { AuthServiceConfig } from '../config/auth.config';
import { AUTH_CONFIG, CredentialsService } from '../credentials/credentials.service';
import { whoAmI } from '../dataverse/who-am-i';
import { EntraClient } from '../entra/entra-client';
import { IntegratedAccountEntity } from '../integrated-accounts/integrated-account.entity';
import { normalizeEnvironmentUrl } from '../integrated-accounts/integrated-accounts.service';
import { LinkTokenEntity } from '../link-tokens/link-token.entity';
import { Vault } from '../vault/vault';
import { VAULT } from '../vault/vault.module';
import { EnvironmentUrlPolicy } from '../environments/environment-url.policy';
import { discoverEnvironments } from './global-discovery';

const linkAad = (linkTokenId: string, purpose: string) => `link-token:${linkTokenId}:${purpose}`;

/** The discovery sign-in, kept between the callback and the environment pick. */
interface DiscoveryGrant {
  refreshToken: string;
  tenantId?: string;
  username?: string;
  name?: string;
  environments: DiscoveredEnvironment[];
}

/**
 * The hosted connect flow: link token → Microsoft sign-in (auth code + PKCE) → Global Discovery → the environment the
 * user picks → a token for it → WhoAmI → the integrated account. `state` is a random value bound to the link token
 * (only its hash is stored); the link token is consumed exactly once.
 */
@Injectable()
export class ConnectService {
  private readonly logger = new Logger(ConnectService.name);
  private readonly pkce = new CryptoProvider();

  constructor(
    @InjectRepository(LinkTokenEntity) private readonly linkTokens: Repository<LinkTokenEntity>,
    private readonly dataSource: DataSource,
    private readonly entra: EntraClient,
    private readonly credentials: CredentialsService,
    @Inject(VAULT) private readonly vault: Vault,
    @Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig,
    private readonly environmentUrls: EnvironmentUrlPolicy,
  ) {}

  get redirectUri(): string {
    return `${this.config.publicUrl}/connect/callback`;
  }

  async begin(linkToken: string): Promise<ConnectStep> {
    const link = await this.linkTokens.findOneBy({ tokenHash: sha256Hex(linkToken) });
    const problem = this.unusable(link);
    if (problem || !link) return failed('invalid_link_token', problem ?? 'The link is not valid');
    const state = randomBytes(32).toString('base64url');
    const { verifier, challenge } = await this.pkce.generatePkceCodes();
    await this.linkTokens.update(
      { id: link.id },
      { stateHash: sha256Hex(state), sealedPkceVerifier: this.vault.encrypt(verifier, linkAad(link.id, 'pkce')), sealedDiscoveryGrant: null },
    );
    return { kind: 'redirect', url: await this.entra.authorizationUrl({ redirectUri: this.redirectUri, state, codeChallenge: challenge }) };
  }

  async callback(state: string, code: string | undefined, error: string | undefined, errorDescription: string | undefined): Promise<ConnectStep> {
    const link = await this.linkTokens.findOneBy({ stateHash: sha256Hex(state) });
    const problem = link ? this.unusable(link) : 'The sign-in does not belong to a connect link (unknown state)';
    if (problem || !link) return failed('invalid_state', problem ?? 'unknown state');
    if (error || !code) {
      await this.consume(link.id);
      return this.finish(link, { error: error ?? 'invalid_request', error_description: errorDescription ?? 'The sign-in returned no code' });
    }
    try {
      const verifier = this.vault.decrypt(link.sealedPkceVerifier ?? '', linkAad(link.id, 'pkce'));
      const signIn = await this.entra.redeemCode({ code, codeVerifier: verifier, redirectUri: this.redirectUri });
      if (!signIn.refreshToken) throw new DomainError(ErrorCode.UPSTREAM_REJECTED, 'Microsoft Entra ID returned no refresh token (offline_access)');
      const environments = await discoverEnvironments(this.config.entra.discoveryUrl, signIn.accessToken);
      const grant: DiscoveryGrant = {
        refreshToken: signIn.refreshToken,
        tenantId: signIn.tenantId,
        username: signIn.username,
        name: signIn.name,
        environments,
      };
      await this.linkTokens.update(
        { id: link.id },
        { sealedPkceVerifier: null, sealedDiscoveryGrant: this.vault.encrypt(JSON.stringify(grant), linkAad(link.id, 'discovery')) },
      );
      if (link.integratedAccountId) {
        // Re-authorization: the environment is the account's own.
        const account = await this.dataSource.manager.findOneBy(IntegratedAccountEntity, { id: link.integratedAccountId });
        if (account) return this.chooseEnvironment(state, account.environmentUrl);
      }
      return { kind: 'choose_environment', state, environments };
    } catch (failure) {
      return this.fail(link, failure);
    }
  }

  async chooseEnvironment(state: string, environmentUrl: string): Promise<ConnectStep> {
    const link = await this.linkTokens.findOneBy({ stateHash: sha256Hex(state) });
    const problem = link ? this.unusable(link) : 'The sign-in does not belong to a connect link (unknown state)';
    if (problem || !link) return failed('invalid_state', problem ?? 'unknown state');
    if (!link.sealedDiscoveryGrant) return failed('invalid_state', 'Sign in before choosing an environment');
    const grant = JSON.parse(this.vault.decrypt(link.sealedDiscoveryGrant, linkAad(link.id, 'discovery'))) as DiscoveryGrant;
    const environment = normalizeEnvironmentUrl(environmentUrl);
    // Refused before anything is called; the user may pick again (the link is not spent).
    const refusal = await this.refusalOf(environment, grant, link);
    if (refusal) return failed('invalid_environment', refusal);
    try {
      const token = await this.entra.refresh(grant.refreshToken, environment);
      const who = await whoAmI(environment, token.accessToken);
      const accountId = await this.dataSource.transaction(async (manager) => {
        const consumed = await manager.update(LinkTokenEntity, { id: link.id, consumedAt: IsNull() }, { consumedAt: new Date(), sealedDiscoveryGrant: null });
        if (!consumed.affected) throw new DomainError(ErrorCode.CONFLICT, 'The link was already used');
        const fields = {
          environmentUrl: environment,
          status: IntegratedAccountStatus.ACTIVE,
          statusReason: null,
          tenantId: token.tenantId ?? grant.tenantId ?? null,
          organizationId: who.organizationId,
          userId: who.userId,
          userName: grant.name ?? null,
          userEmail: grant.username ?? null,
        };
        let id = link.integratedAccountId;
        if (id) {
          const existing = await manager.findOneBy(IntegratedAccountEntity, { id });
          if (existing?.organizationId && existing.organizationId !== who.organizationId) {
            throw new DomainError(ErrorCode.CONFLICT, 'Re-authorization must sign in to the same Dynamics 365 organization');
          }
          await manager.update(IntegratedAccountEntity, { id }, fields);
        } else {
          const created = await manager.save(
            manager.create(IntegratedAccountEntity, {
              ...fields,
              environmentId: link.environmentId,
              customerRef: link.customerRef,
              authType: IntegratedAccountAuthType.OAUTH,
            }),
          );
          id = created.id;
        }
        await this.credentials.store(manager, id, token, '', null);
        return id;
      });
      return this.finish(link, { integrated_account_id: accountId });
    } catch (failure) {
      return this.fail(link, failure);
    }
  }

  /**
   * Why `environment` may not be connected, if it may not: it must be one the user's Global Discovery listed (a typed
   * URL too; re-authorization keeps the account's own), unless the deployment allows its host; and it must pass the
   * environment URL policy (https, a Dynamics domain, public addresses).
   */
  private async refusalOf(environment: string, grant: DiscoveryGrant, link: LinkTokenEntity): Promise<string | undefined> {
    const discovered = grant.environments.some((candidate) => sameEnvironment(candidate.url, environment));
    const ownAccount = link.integratedAccountId
      ? (await this.dataSource.manager.findOneBy(IntegratedAccountEntity, { id: link.integratedAccountId }))?.environmentUrl
      : undefined;
    if (!discovered && !(ownAccount && sameEnvironment(ownAccount, environment)) && !this.environmentUrls.isAllowedHost(new URL(environment))) {
      return `The environment ${environment} is not one your Microsoft account can reach: choose one of the list`;
    }
    try {
      await this.environmentUrls.check(environment);
      return undefined;
    } catch (error) {
      if (error instanceof DomainError) return error.message;
      throw error;
    }
  }

  private unusable(link: LinkTokenEntity | null): string | undefined {
    if (!link) return 'The link is not valid';
    if (link.consumedAt) return 'The link was already used: ask for a new one';
    if (link.expiresAt.getTime() <= Date.now()) return 'The link has expired: ask for a new one';
    return undefined;
  }

  private async consume(linkTokenId: string): Promise<void> {
    await this.linkTokens.update({ id: linkTokenId, consumedAt: IsNull() }, { consumedAt: new Date(), sealedDiscoveryGrant: null, sealedPkceVerifier: null });
  }

  private async fail(link: LinkTokenEntity, failure: unknown): Promise<ConnectStep> {
    if (!(failure instanceof DomainError)) throw failure;
    this.logger.warn(`Connect flow failed for link ${link.id}: ${failure.code}`);
    await this.consume(link.id);
    const error = failure.code === ErrorCode.NEEDS_REAUTH || failure.code === ErrorCode.UPSTREAM_REJECTED ? 'access_denied' : 'server_error';
    return this.finish(link, { error, error_description: failure.message });
  }

  /** Back to the developer's redirect URI with the result, or a result page when there is none. */
  private finish(link: LinkTokenEntity, result: { integrated_account_id: string } | { error: string; error_description: string }): ConnectStep {
    if (!link.redirectUri) {
      return 'integrated_account_id' in result
        ? { kind: 'done', integrated_account_id: result.integrated_account_id }
        : failed(result.error, result.error_description);
    }
    const url = new URL(link.redirectUri);
    for (const [key, value] of Object.entries(result)) url.searchParams.set(key, value);
    return { kind: 'redirect', url: url.toString() };
  }
}

function sameEnvironment(a: string, b: string): boolean {
  return normalizeEnvironmentUrl(a).toLowerCase() === normalizeEnvironmentUrl(b).toLowerCase();
}

function failed(error: string, description: string): ConnectStep {
  return { kind: 'failed', error, error_description: description };
}
