import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ApiKeyIdentityDto, AuthPatterns, VerifyApiKeyDto } from '@dua/unified-models';
import { RpcPayload } from '@dua/service-kit';
import { ApiKeysService } from './api-keys.service';

@Controller()
export class ApiKeysHandler {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @MessagePattern(AuthPatterns.verifyApiKey)
  verify(@RpcPayload() request: VerifyApiKeyDto): Promise<ApiKeyIdentityDto> {
    return this.apiKeys.verify(request.key_hash);
  }
}
