import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt } from '@dua/dataverse-client';
import { AccountDataverse } from '@dua/account-access';
import { CursorCodec } from '@dua/service-kit';
import {
  CallContext,
  DEFAULT_PAGE_SIZE,
  DirectoryRecordRequestDto,
  DirectoryUserDto,
  DirectoryUserStatus,
  DomainError,
  ErrorCode,
  ListDirectoryUsersQueryDto,
  ListEnvelope,
  listEnvelopeOf,
} from '@dua/unified-models';
import { DIRECTORY_USER_TABLE, DirectoryUserRow, USER_BUSINESS_UNIT_EXPAND } from '../dataverse/directory.tables';
import { pageThroughCursor } from '../paging/dataverse-page-cursor';
import { toDirectoryUser } from './user.mapper';

@Injectable()
export class UsersService {
  constructor(
    private readonly dataverse: AccountDataverse,
    @Inject(CursorCodec) private readonly cursors: CursorCodec,
  ) {}

  async list(context: CallContext, query: ListDirectoryUsersQueryDto): Promise<ListEnvelope<DirectoryUserDto>> {
    const updatedAfter = query.updated_after ? new Date(query.updated_after) : undefined;
    const binding = {
      resource: 'directory.users',
      environmentId: context.environment_id,
      integratedAccountId: query.integrated_account_id,
      email: query.email,
      status: query.status,
      updatedAfter: updatedAfter?.toISOString(),
    };
    // Refuse a foreign cursor before spending a request on credentials.
    if (query.next_cursor) this.cursors.decode(query.next_cursor, binding);
    const client = await this.dataverse.clientFor(context, query.integrated_account_id);
    const filter = and(
      query.email !== undefined ? eq('internalemailaddress', query.email) : undefined,
      query.status !== undefined ? eq('isdisabled', query.status === DirectoryUserStatus.DISABLED) : undefined,
      updatedAfter ? gt('modifiedon', updatedAfter) : undefined,
    );
    const { page, nextCursor } = await pageThroughCursor<DirectoryUserRow>(
      client,
      this.cursors,
      binding,
      { entitySet: DIRECTORY_USER_TABLE.entitySet, query: { select: DIRECTORY_USER_TABLE.select, filter, expand: [USER_BUSINESS_UNIT_EXPAND] } },
      query.limit ?? DEFAULT_PAGE_SIZE,
      query.next_cursor,
    );
    return listEnvelopeOf(page.rows.map((row) => toDirectoryUser(row, { includeRemoteData: query.include_remote_data })), nextCursor);
  }

  async get(context: CallContext, request: DirectoryRecordRequestDto): Promise<DirectoryUserDto> {
    const client = await this.dataverse.clientFor(context, request.integrated_account_id);
    try {
      const row = await client.retrieve<DirectoryUserRow>(DIRECTORY_USER_TABLE.entitySet, request.id, {
        select: DIRECTORY_USER_TABLE.select,
        expand: [USER_BUSINESS_UNIT_EXPAND],
      });
      return toDirectoryUser(row, { includeRemoteData: request.include_remote_data });
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) throw DomainError.notFound(`User ${request.id}`);
      throw error;
    }
  }
}
