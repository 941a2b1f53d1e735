import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AuthPatterns, CallContext, CreateLinkTokenDto, LinkTokenDto } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { requireEnvironment } from '../environments/require-environment';
import { LinkTokensService } from './link-tokens.service';

@Controller()
export class LinkTokensHandler {
  constructor(private readonly linkTokens: LinkTokensService) {}

  @MessagePattern(AuthPatterns.createLinkToken)
  create(@RpcCallContext() context: CallContext, @RpcPayload() request: CreateLinkTokenDto): Promise<LinkTokenDto> {
    return this.linkTokens.create(requireEnvironment(context), request);
  }
}
