import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AccessGrant, AuthPatterns, CallContext, CredentialsRequestDto } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { requireEnvironment } from '../environments/require-environment';
import { CredentialsService } from './credentials.service';

/** For crm-service and directory-service: access tokens travel in reply payloads only, never in subjects or logs. */
@Controller()
export class CredentialsHandler {
  constructor(private readonly credentials: CredentialsService) {}

  @MessagePattern(AuthPatterns.getCredentials)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CredentialsRequestDto): Promise<AccessGrant> {
    return this.credentials.get(requireEnvironment(context), request.integrated_account_id);
  }

  @MessagePattern(AuthPatterns.refreshCredentials)
  refresh(@RpcCallContext() context: CallContext, @RpcPayload() request: CredentialsRequestDto): Promise<AccessGrant> {
    return this.credentials.refresh(requireEnvironment(context), request.integrated_account_id, request.rejected_token_hash);
  }
}
