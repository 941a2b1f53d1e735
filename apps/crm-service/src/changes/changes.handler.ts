import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmChangesPatterns, ReadChangesReply, ReadChangesRequest } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { ChangesService } from './changes.service';

/** For sync-service only: a page of Dataverse change tracking, mapped to unified records. */
@Controller()
export class ChangesHandler {
  constructor(private readonly changes: ChangesService) {}

  @MessagePattern(CrmChangesPatterns.read)
  read(@RpcCallContext() context: CallContext, @RpcPayload() request: ReadChangesRequest): Promise<ReadChangesReply> {
    return this.changes.read(context, request);
  }
}
