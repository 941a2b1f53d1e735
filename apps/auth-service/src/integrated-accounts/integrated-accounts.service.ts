import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import {
  AccountTestResultDto,
  CreateAppOnlyAccountDto,
  DEFAULT_PAGE_SIZE,
  DomainError,
  ErrorCode,
  IntegratedAccountAuthType,
  IntegratedAccountDto,
  IntegratedAccountStatus,
  ListEnvelope,
  listEnvelopeOf,
  ListIntegratedAccountsQueryDto,
} from '@dua/unified-models';
import { CursorCodec, sha256Hex } from '@dua/service-kit';
import { domainErrorOfDataverse } from '@dua/account-access';
import { DataverseClient, isDataverseError } from '@dua/dataverse-client';
import { AccountCredentialsEntity } from '../credentials/account-credentials.entity';
import { CredentialsService, secretAad } from '../credentials/credentials.service';
import { whoAmI } from '../dataverse/who-am-i';
import { EntraClient } from '../entra/entra-client';
import { Vault } from '../vault/vault';
import { VAULT } from '../vault/vault.module';
import { AccountStatusEvents } from '../account-events/account-status-events';
import { EnvironmentUrlPolicy } from '../environments/environment-url.policy';
import { IntegratedAccountEntity } from './integrated-account.entity';
import { findOwnAccount } from './integrated-account.lookup';
import { toIntegratedAccountDto } from './integrated-account.mapper';

/** Keyset position: the last row of the previous page in (created_at, id) order. */
interface AccountPagePosition {
  createdAt: string;
  id: string;
}

@Injectable()
export class IntegratedAccountsService {
  constructor(
    @InjectRepository(IntegratedAccountEntity) private readonly accounts: Repository<IntegratedAccountEntity>,
    @Inject(CursorCodec) private readonly cursors: CursorCodec,
    private readonly dataSource: DataSource,
    private readonly credentials: CredentialsService,
    private readonly entra: EntraClient,
    @Inject(VAULT) private readonly vault: Vault,
    private readonly events: AccountStatusEvents,
    private readonly environmentUrls: EnvironmentUrlPolicy,
  ) {}

  async list(environmentId: string, query: ListIntegratedAccountsQueryDto): Promise<ListEnvelope<IntegratedAccountDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const binding = {
      resource: 'integrated-accounts',
      environmentId,
      customerRef: query.customer_ref,
      status: query.status,
    };
    const after = query.next_cursor ? this.cursors.decode<AccountPagePosition>(query.next_cursor, binding) : undefined;

    const builder = this.accounts
      .createQueryBuilder('account')
      .where('account.environment_id = :environmentId', { environmentId })
      .orderBy('account.created_at', 'ASC')
      .addOrderBy('account.id', 'ASC')
      .take(limit + 1);
    if (query.customer_ref !== undefined) builder.andWhere('account.customer_ref = :customerRef', { customerRef: query.customer_ref });
    if (query.status !== undefined) builder.andWhere('account.status = :status', { status: query.status });
    if (after) builder.andWhere('(account.created_at, account.id) > (:createdAt, :id)', after);

    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last ? this.cursors.encode<AccountPagePosition>({ createdAt: last.createdAt.toISOString(), id: last.id }, binding) : null;
    return listEnvelopeOf(page.map(toIntegratedAccountDto), nextCursor);
  }

  async get(environmentId: string, accountId: string): Promise<IntegratedAccountDto> {
    return toIntegratedAccountDto(await this.findAny(environmentId, accountId));
  }

  /** App-only: client credentials → a token for the environment → WhoAmI → stored. Nothing is stored if any step fails. */
  async createAppOnly(environmentId: string, request: CreateAppOnlyAccountDto): Promise<IntegratedAccountDto> {
    const environmentUrl = normalizeEnvironmentUrl(request.environment_url);
    await this.environmentUrls.check(environmentUrl);
    const grant = await this.entra.clientCredentials({
      tenantId: request.tenant_id,
      clientId: request.client_id,
      clientSecret: request.client_secret,
      environmentUrl,
    });
    const who = await whoAmI(environmentUrl, grant.accessToken);
    const account = await this.dataSource.transaction(async (manager) => {
      const created = await manager.save(
        manager.create(IntegratedAccountEntity, {
          environmentId,
          customerRef: request.customer_ref ?? null,
          environmentUrl,
          authType: IntegratedAccountAuthType.CLIENT_CREDENTIALS,
          status: IntegratedAccountStatus.ACTIVE,
          statusReason: null,
          tenantId: grant.tenantId ?? request.tenant_id,
          organizationId: who.organizationId,
          userId: who.userId,
          userName: null,
          userEmail: null,
          lastRefreshedAt: new Date(),
        }),
      );
      const sealedSecret = this.vault.encrypt(request.client_secret, secretAad(created.id));
      await this.credentials.store(manager, created.id, grant, sealedSecret, request.client_id);
      return created;
    });
    return this.get(environmentId, account.id);
  }

  /**
   * Disconnects: the credentials are destroyed; the account stays listed as `disconnected`. Answers once every
   * replica of every service has dropped the account's tokens (requests still running for it fail with 404).
   */
  async disconnect(environmentId: string, accountId: string): Promise<{ id: string }> {
    const account = await findOwnAccount(this.accounts, environmentId, accountId);
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(AccountCredentialsEntity, { integratedAccountId: account.id });
      await manager.update(
        IntegratedAccountEntity,
        { id: account.id },
        { status: IntegratedAccountStatus.DISCONNECTED, statusReason: 'disconnected by the API' },
      );
    });
    await this.events.announce({
      integrated_account_id: account.id,
      environment_id: environmentId,
      status: IntegratedAccountStatus.DISCONNECTED,
      occurred_at: new Date().toISOString(),
    });
    return { id: account.id };
  }

  /** WhoAmI through the stored credentials: `active`, or `needs_reauth` with Entra's or Dataverse's reason. */
  async test(environmentId: string, accountId: string): Promise<AccountTestResultDto> {
    try {
      const account = await findOwnAccount(this.accounts, environmentId, accountId);
      const client = new DataverseClient({
        environmentUrl: account.environmentUrl,
        userKey: account.id,
        tokens: {
          getToken: async () => (await this.credentials.get(environmentId, accountId)).access_token,
          refresh: async (rejected) => (await this.credentials.refresh(environmentId, accountId, sha256Hex(rejected))).access_token,
        },
      });
      const who = await client.whoAmI();
      return { status: 'active', reason: null, user_id: who.UserId, organization_id: who.OrganizationId };
    } catch (caught) {
      const error = isDataverseError(caught) ? domainErrorOfDataverse(caught) : caught;
      if (!(error instanceof DomainError) || error.code !== ErrorCode.NEEDS_REAUTH) throw error;
      return { status: 'needs_reauth', reason: error.message, user_id: null, organization_id: null };
    }
  }

  /** Including disconnected accounts (they stay visible), but only the caller's. */
  private async findAny(environmentId: string, accountId: string): Promise<IntegratedAccountEntity> {
    const account = await this.accounts.findOneBy({ id: accountId, environmentId });
    if (!account) throw DomainError.notFound(`Integrated account ${accountId}`);
    return account;
  }
}

/** `https://contoso.crm.dynamics.com/` and `…/api/data/v9.2` both mean the environment `https://contoso.crm.dynamics.com`. */
export function normalizeEnvironmentUrl(url: string): string {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  parsed.pathname = parsed.pathname.replace(/\/api\/data\/v[\d.]+\/?.*$/, '').replace(/\/+$/, '');
  return parsed.toString().replace(/\/+$/, '');
}
