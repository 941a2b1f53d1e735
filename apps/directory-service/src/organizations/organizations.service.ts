import { Inject, Injectable } from '@nestjs/common';
import { DataverseFailureKind, isDataverseError } from '@dua/dataverse-client';
import { AccountDataverse, cursorBinding, decodeNextLink, pageAtCursor } from '@dua/account-access';
import { CursorCodec } from '@dua/service-kit';
import {
  CallContext,
  DEFAULT_PAGE_SIZE,
  DirectoryOrganizationDto,
  DirectoryRecordRequestDto,
  DomainError,
  ListDirectoryOrganizationsQueryDto,
  ListEnvelope,
  listEnvelopeOf,
} from '@dua/unified-models';
import { ORGANIZATION_CURRENCY_EXPAND, ORGANIZATION_ENTITY_SET, OrganizationRow } from '../dataverse/directory.tables';
import { toDirectoryOrganization } from './organization.mapper';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly dataverse: AccountDataverse,
    @Inject(CursorCodec) private readonly cursors: CursorCodec,
  ) {}

  async list(context: CallContext, query: ListDirectoryOrganizationsQueryDto): Promise<ListEnvelope<DirectoryOrganizationDto>> {
    const updatedAfter = query.updated_after ? new Date(query.updated_after) : undefined;
    const binding = cursorBinding(context, 'directory.organizations', query);
    const position = decodeNextLink(this.cursors, query.next_cursor, binding);
    const client = await this.dataverse.clientFor(context, query.integrated_account_id);
    const source = { entitySet: ORGANIZATION_ENTITY_SET, query: { expand: [ORGANIZATION_CURRENCY_EXPAND] } };
    const { page, nextCursor } = await pageAtCursor<OrganizationRow>(client, this.cursors, position, source, query.limit ?? DEFAULT_PAGE_SIZE, binding);
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
      if (isDataverseError(error, DataverseFailureKind.NOT_FOUND)) throw DomainError.notFound(`Organization ${request.id}`);
      throw error;
    }
  }
}
