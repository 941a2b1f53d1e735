import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, ChangesPageDto, ListChangesQueryDto, SyncPatterns } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { ChangesService } from './changes.service';

@Controller()
export class ChangesHandler {
  constructor(private readonly changes: ChangesService) {}

  @MessagePattern(SyncPatterns.listChanges)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListChangesQueryDto): Promise<ChangesPageDto> {
    return this.changes.list(context, query);
  }
}
