import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AuthPatterns, ConnectBeginDto, ConnectCallbackDto, ConnectChooseEnvironmentDto, ConnectStep } from '@dua/unified-models';
import { RpcPayload } from '@dua/service-kit';
import { ConnectService } from './connect.service';

/** The hosted connect pages' steps. No API key here: the link token and the OAuth state are the credentials. */
@Controller()
export class ConnectHandler {
  constructor(private readonly connect: ConnectService) {}

  @MessagePattern(AuthPatterns.connectBegin)
  begin(@RpcPayload() request: ConnectBeginDto): Promise<ConnectStep> {
    return this.connect.begin(request.link_token);
  }

  @MessagePattern(AuthPatterns.connectCallback)
  callback(@RpcPayload() request: ConnectCallbackDto): Promise<ConnectStep> {
    return this.connect.callback(request.state, request.code, request.error, request.error_description);
  }

  @MessagePattern(AuthPatterns.connectChooseEnvironment)
  choose(@RpcPayload() request: ConnectChooseEnvironmentDto): Promise<ConnectStep> {
    return this.connect.chooseEnvironment(request.state, request.environment_url);
  }
}
