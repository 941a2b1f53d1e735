import { Inject, Injectable } from '@nestjs/common';
import { and, DataverseFailureKind, eq, gt, isDataverseError, SYSTEM_USER_TABLE } from '@dua/dataverse-client';
import { AccountDataverse, cursorBinding, decodeNextLink, pageAtCursor } from '@dua/account-access';
import { CursorCodec } from '@dua/service-kit';
import {
  CallContext,
  DEFAULT_PAGE_SIZE,
  DirectoryRecordRequestDto,
  DirectoryUserDto,
  DirectoryUserStatus,
  DomainError,
  ListDirectoryUsersQueryDto,
  ListEnvelope,
  listEnvelopeOf,
} from '@dua/unified-models';
import { DirectoryUserRow, USER_BUSINESS_UNIT_EXPAND } from '../dataverse/directory.tables';
import { toDirectoryUser } from './user.mapper';

@Injectable()
export class UsersService {
  constructor(
    private readonly dataverse: AccountDataverse,
    @Inject(CursorCodec) private readonly cursors: CursorCodec,
  ) {}

  async list(context: CallContext, query: ListDirectoryUsersQueryDto): Promise<ListEnvelope<DirectoryUserDto>> {
    const updatedAfter = query.updated_after ? new Date(query.updated_after) : undefined;
    const binding = cursorBinding(context, 'directory.users', query);
    const position = decodeNextLink(this.cursors, query.next_cursor, binding);
    const client = await this.dataverse.clientFor(context, query.integrated_account_id);
    const filter = and(
      query.email !== undefined ? eq('internalemailaddress', query.email) : undefined,
      query.status !== undefined ? eq('isdisabled', query.status === DirectoryUserStatus.DISABLED) : undefined,
      updatedAfter ? gt('modifiedon', updatedAfter) : undefined,
    );
    const source = { entitySet: SYSTEM_USER_TABLE.entitySet, query: { select: SYSTEM_USER_TABLE.select, filter, expand: [USER_BUSINESS_UNIT_EXPAND] } };
    const { page, nextCursor } = await pageAtCursor<DirectoryUserRow>(client, this.cursors, position, source, query.limit ?? DEFAULT_PAGE_SIZE, binding);
    return listEnvelopeOf(page.rows.map((row) => toDirectoryUser(row, { includeRemoteData: query.include_remote_data })), nextCursor);
  }

  async get(context: CallContext, request: DirectoryRecordRequestDto): Promise<DirectoryUserDto> {
    const client = await this.dataverse.clientFor(context, request.integrated_account_id);
    try {
      const row = await client.retrieve<DirectoryUserRow>(SYSTEM_USER_TABLE.entitySet, request.id, {
        select: SYSTEM_USER_TABLE.select,
        expand: [USER_BUSINESS_UNIT_EXPAND],
      });
      return toDirectoryUser(row, { includeRemoteData: request.include_remote_data });
    } catch (error) {
      if (isDataverseError(error, DataverseFailureKind.NOT_FOUND)) throw DomainError.notFound(`User ${request.id}`);
      throw error;
    }
  }
}
