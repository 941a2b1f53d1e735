import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CallContext,
  DirectoryAccountQueryDto,
  DirectoryOrganizationDto,
  DirectoryPatterns,
  DirectoryUserDto,
  ErrorCode,
  IdParamDto,
  ListDirectoryOrganizationsQueryDto,
  ListDirectoryUsersQueryDto,
  ListEnvelopeDto,
  SingleEnvelopeDto,
} from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { JsonBody, singleEnvelope } from '../http/json-body';
import { ApiProblems } from '../problems/api-problems.decorator';
import { UNIFIED_READ_PROBLEMS } from '../problems/unified-read-problems';
import { ServiceClient } from '../transport/service-client';

/** The Unified User Directory API: the organization and users of an integrated account's Dynamics 365 org. */
@ApiTags('User directory')
@ApiBearerAuth()
@ApiProblems(...UNIFIED_READ_PROBLEMS)
@Controller('unified/user-directory')
export class UserDirectoryController {
  constructor(private readonly services: ServiceClient) {}

  @Get('organizations')
  @ApiOperation({ operationId: 'listDirectoryOrganizations', summary: 'List the organization of an integrated account' })
  @ApiOkResponse({ type: ListEnvelopeDto(DirectoryOrganizationDto, 'DirectoryOrganizationList') })
  @ApiProblems(ErrorCode.INVALID_CURSOR)
  @JsonBody()
  listOrganizations(@CallerContext() caller: CallContext, @Query() query: ListDirectoryOrganizationsQueryDto): Promise<Buffer> {
    return this.services.sendJson(DirectoryPatterns.listOrganizations, query, caller);
  }

  @Get('organizations/:id')
  @ApiOperation({ operationId: 'getDirectoryOrganization', summary: 'Get the organization of an integrated account' })
  @ApiOkResponse({ type: SingleEnvelopeDto(DirectoryOrganizationDto, 'DirectoryOrganizationResult') })
  @JsonBody()
  async getOrganization(
    @CallerContext() caller: CallContext,
    @Param() params: IdParamDto,
    @Query() query: DirectoryAccountQueryDto,
  ): Promise<Buffer> {
    return singleEnvelope(await this.services.sendJson(DirectoryPatterns.getOrganization, { ...query, id: params.id }, caller));
  }

  /** Every user, including disabled and application users (flagged by `status` and `is_application_user`). */
  @Get('users')
  @ApiOperation({ operationId: 'listDirectoryUsers', summary: 'List the users of an integrated account' })
  @ApiOkResponse({ type: ListEnvelopeDto(DirectoryUserDto, 'DirectoryUserList') })
  @ApiProblems(ErrorCode.INVALID_CURSOR)
  @JsonBody()
  listUsers(@CallerContext() caller: CallContext, @Query() query: ListDirectoryUsersQueryDto): Promise<Buffer> {
    return this.services.sendJson(DirectoryPatterns.listUsers, query, caller);
  }

  @Get('users/:id')
  @ApiOperation({ operationId: 'getDirectoryUser', summary: 'Get a user of an integrated account' })
  @ApiOkResponse({ type: SingleEnvelopeDto(DirectoryUserDto, 'DirectoryUserResult') })
  @JsonBody()
  async getUser(@CallerContext() caller: CallContext, @Param() params: IdParamDto, @Query() query: DirectoryAccountQueryDto): Promise<Buffer> {
    return singleEnvelope(await this.services.sendJson(DirectoryPatterns.getUser, { ...query, id: params.id }, caller));
  }
}
