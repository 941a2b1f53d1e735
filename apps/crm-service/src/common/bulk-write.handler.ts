import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { BulkWriteRequestDto, CallContext, CrmCreateOutcome, CrmPatterns } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { BulkWriter } from './bulk-writer';

@Controller()
export class BulkWriteHandler {
  constructor(private readonly bulk: BulkWriter) {}

  @MessagePattern(CrmPatterns.bulkWrite)
  write(@RpcCallContext() context: CallContext, @RpcPayload() request: BulkWriteRequestDto): Promise<CrmCreateOutcome> {
    return this.bulk.write(context, request);
  }
}
