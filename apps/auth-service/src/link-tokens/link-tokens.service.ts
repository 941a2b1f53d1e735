import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { CreateLinkTokenDto, DomainError, ErrorCode, LinkTokenDto } from '@dua/unified-models';
import { sha256Hex } from '@dua/service-kit';
import { AuthServiceConfig } from '../config/auth.config';
import { AUTH_CONFIG } from '../credentials/credentials.service';
import { EnvironmentRedirectUriEntity } from '../environments/environment-redirect-uri.entity';
import { IntegratedAccountEntity } from '../integrated-accounts/integrated-account.entity';
import { findOwnAccount } from '../integrated-accounts/integrated-account.lookup';
import { LinkTokenEntity } from './link-token.entity';

export const LINK_TOKEN_PREFIX = 'lt_';

@Injectable()
export class LinkTokensService {
  constructor(
    @InjectRepository(LinkTokenEntity) private readonly linkTokens: Repository<LinkTokenEntity>,
    @InjectRepository(EnvironmentRedirectUriEntity) private readonly redirectUris: Repository<EnvironmentRedirectUriEntity>,
    @InjectRepository(IntegratedAccountEntity) private readonly accounts: Repository<IntegratedAccountEntity>,
    @Inject(AUTH_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  async create(environmentId: string, request: CreateLinkTokenDto): Promise<LinkTokenDto> {
    if (request.redirect_uri && !(await this.redirectUris.existsBy({ environmentId, uri: request.redirect_uri }))) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'redirect_uri is not registered for this environment', {
        errors: [{ field: 'redirect_uri', message: 'must be one of the redirect URIs registered for the environment (npm run admin -- add-redirect-uri)' }],
      });
    }
    const account = request.integrated_account_id ? await findOwnAccount(this.accounts, environmentId, request.integrated_account_id) : undefined;
    const token = `${LINK_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + this.config.linkTokenTtlSeconds * 1000);
    await this.linkTokens.save(
      this.linkTokens.create({
        environmentId,
        tokenHash: sha256Hex(token),
        customerRef: request.customer_ref ?? account?.customerRef ?? null,
        redirectUri: request.redirect_uri ?? null,
        integratedAccountId: account?.id ?? null,
        expiresAt,
      }),
    );
    return { link_token: token, link_url: `${this.config.publicUrl}/connect?link_token=${encodeURIComponent(token)}`, expires_at: expiresAt.toISOString() };
  }

  async addRedirectUri(environmentId: string, uri: string): Promise<void> {
    const parsed = new URL(uri);
    if (!['http:', 'https:'].includes(parsed.protocol) || parsed.hash) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'A redirect URI is an http(s) URL without a fragment');
    await this.redirectUris.upsert({ environmentId, uri }, ['environmentId', 'uri']);
  }
}
