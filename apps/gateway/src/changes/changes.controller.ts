import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CallContext, ChangesPageDto, ErrorCode, ListChangesQueryDto, SyncPatterns } from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { ApiProblems } from '../problems/api-problems.decorator';
import { ServiceClient } from '../transport/service-client';

@ApiTags('Changes')
@ApiBearerAuth()
@ApiProblems(ErrorCode.UNAUTHENTICATED, ErrorCode.VALIDATION_FAILED, ErrorCode.INVALID_CURSOR, ErrorCode.NOT_FOUND, ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.TIMEOUT)
@Controller('unified/crm/changes')
export class ChangesController {
  constructor(private readonly services: ServiceClient) {}

  /**
   * The account's changes since `cursor`, oldest first, deletes included, from Dataverse change tracking. Without a
   * cursor the feed starts from now; `next_cursor` is always present and the same cursor returns the same events.
   */
  @Get()
  @ApiOperation({ operationId: 'listChanges', summary: 'Read the change feed of an integrated account' })
  @ApiOkResponse({ type: ChangesPageDto })
  list(@CallerContext() caller: CallContext, @Query() query: ListChangesQueryDto): Promise<ChangesPageDto> {
    return this.services.send(SyncPatterns.listChanges, query, caller);
  }
}
