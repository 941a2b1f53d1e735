import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, CrmPatterns, ProxyRequestDto, ProxyResult } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { ProxyService } from './proxy.service';

@Controller()
export class ProxyHandler {
  constructor(private readonly proxy: ProxyService) {}

  @MessagePattern(CrmPatterns.proxy)
  forward(@RpcCallContext() context: CallContext, @RpcPayload() request: ProxyRequestDto): Promise<ProxyResult> {
    return this.proxy.forward(context, request);
  }
}
