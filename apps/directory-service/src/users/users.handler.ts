import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, DirectoryPatterns, DirectoryRecordRequestDto, DirectoryUserDto, ListDirectoryUsersQueryDto, ListEnvelope } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { UsersService } from './users.service';

@Controller()
export class UsersHandler {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(DirectoryPatterns.listUsers)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListDirectoryUsersQueryDto): Promise<ListEnvelope<DirectoryUserDto>> {
    return this.users.list(context, query);
  }

  @MessagePattern(DirectoryPatterns.getUser)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: DirectoryRecordRequestDto): Promise<DirectoryUserDto> {
    return this.users.get(context, request);
  }
}
