import { Inject, Injectable } from '@nestjs/common';
import { AccountDataverse } from '@dua/account-access';
import { CursorCodec } from '@dua/service-kit';
import {
  CallContext,
  DEFAULT_PAGE_SIZE,
  DirectoryOrganizationDto,
  DirectoryRecordRequestDto,
  DomainError,
  ErrorCode,
  ListDirectoryOrganizationsQueryDto,
  ListEnvelope,
  listEnvelopeOf,
} from '@dua/unified-models';
import { ORGANIZATION_CURRENCY_EXPAND, ORGANIZATION_ENTITY_SET, OrganizationRow } from '../dataverse/directory.tables';
import { pageThroughCursor } from '../paging/dataverse-page-cursor';
import { toDirectoryOrganization } from './organization.mapper';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly dataverse: AccountDataverse,
    @Inject(CursorCodec) private readonly cursors: CursorCodec,
  ) {}

  async list(context: CallContext, query: ListDirectoryOrganizationsQueryDto): Promise<ListEnvelope<DirectoryOrganizationDto>> {
    const updatedAfter = query.updated_after ? new Date(query.updated_after) : undefined;
    const binding = {
      resource: 'directory.organizations',
      environmentId: context.environment_id,
      integratedAccountId: query.integrated_account_id,
      updatedAfter: updatedAfter?.toISOString(),
    };
    if (query.next_cursor) this.cursors.decode(query.next_cursor, binding);
    const client = await this.dataverse.clientFor(context, query.integrated_account_id);
    const { page, nextCursor } = await pageThroughCursor<OrganizationRow>(
      client,
      this.cursors,
      binding,
      { entitySet: ORGANIZATION_ENTITY_SET, query: { expand: [ORGANIZATION_CURRENCY_EXPAND] } },
      query.limit ?? DEFAULT_PAGE_SIZE,
      query.next_cursor,
    );
    // One row, read whole (see ORGANIZATION_ENTITY_SET): `updated_after` is applied here rather than in `$filter`,
    // so an environment without `modifiedon` on organization still answers.
    const rows = updatedAfter ? page.rows.filter((row) => !row.modifiedon || Date.parse(row.modifiedon) > updatedAfter.getTime()) : page.rows;
    return listEnvelopeOf(rows.map((row) => toDirectoryOrganization(row, { includeRemoteData: query.include_remote_data })), nextCursor);
  }

  async get(context: CallContext, request: DirectoryRecordRequestDto): Promise<DirectoryOrganizationDto> {
    const client = await this.dataverse.clientFor(context, request.integrated_account_id);
    try {
      const row = await client.retrieve<OrganizationRow>(ORGANIZATION_ENTITY_SET, request.id, { expand: [ORGANIZATION_CURRENCY_EXPAND] });
      return toDirectoryOrganization(row, { includeRemoteData: request.include_remote_data });
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) throw DomainError.notFound(`Organization ${request.id}`);
      throw error;
    }
  }
}
