import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CallContext,
  DirectoryOrganizationDto,
  DirectoryPatterns,
  DirectoryRecordRequestDto,
  ListDirectoryOrganizationsQueryDto,
  ListEnvelope,
} from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { OrganizationsService } from './organizations.service';

@Controller()
export class OrganizationsHandler {
  constructor(private readonly organizations: OrganizationsService) {}

  @MessagePattern(DirectoryPatterns.listOrganizations)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListDirectoryOrganizationsQueryDto): Promise<ListEnvelope<DirectoryOrganizationDto>> {
    return this.organizations.list(context, query);
  }

  @MessagePattern(DirectoryPatterns.getOrganization)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: DirectoryRecordRequestDto): Promise<DirectoryOrganizationDto> {
    return this.organizations.get(context, request);
  }
}
