import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  AuthPatterns,
  BeginIdempotentRequestDto,
  CallContext,
  CompleteIdempotentRequestDto,
  IdempotentRequestState,
  ReleaseIdempotentRequestDto,
} from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { requireEnvironment } from '../environments/require-environment';
import { IdempotencyService } from './idempotency.service';

/** Idempotency keys for crm-service's POSTs; the environment always comes from the call context, never the payload. */
@Controller()
export class IdempotencyHandler {
  constructor(private readonly idempotency: IdempotencyService) {}

  @MessagePattern(AuthPatterns.beginIdempotentRequest)
  begin(@RpcCallContext() context: CallContext, @RpcPayload() request: BeginIdempotentRequestDto): Promise<IdempotentRequestState> {
    return this.idempotency.begin(requireEnvironment(context), request);
  }

  @MessagePattern(AuthPatterns.completeIdempotentRequest)
  async complete(@RpcCallContext() context: CallContext, @RpcPayload() request: CompleteIdempotentRequestDto): Promise<{ ok: true }> {
    await this.idempotency.complete(requireEnvironment(context), request);
    return { ok: true };
  }

  @MessagePattern(AuthPatterns.releaseIdempotentRequest)
  async release(@RpcCallContext() context: CallContext, @RpcPayload() request: ReleaseIdempotentRequestDto): Promise<{ ok: true }> {
    await this.idempotency.release(requireEnvironment(context), request);
    return { ok: true };
  }
}
