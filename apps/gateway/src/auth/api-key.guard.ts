import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyIdentityDto, AuthPatterns, DomainError, ErrorCode } from '@dua/unified-models';
import { hashApiKey } from '@dua/service-kit';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { ServiceClient } from '../transport/service-client';
import { ApiKeyCache } from './api-key-cache';
import { AuthenticatedRequest } from './caller';
import { IS_PUBLIC } from './public.decorator';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** `Authorization: Bearer <api_key>` on every route but the public ones. Only the key's hash leaves this process. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly cache: ApiKeyCache<ApiKeyIdentityDto>;

  constructor(
    private readonly reflector: Reflector,
    private readonly services: ServiceClient,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.cache = new ApiKeyCache(config.apiKeyCacheTtlMs);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const apiKey = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!apiKey) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Send your API key as "Authorization: Bearer <api_key>"');

    const keyHash = hashApiKey(apiKey);
    let identity = this.cache.get(keyHash);
    if (!identity) {
      identity = await this.services.send<ApiKeyIdentityDto>(AuthPatterns.verifyApiKey, { key_hash: keyHash }, { request_id: request.id });
      this.cache.set(keyHash, identity);
    }
    request.caller = { environmentId: identity.environment_id, apiKeyId: identity.api_key_id };
    return true;
  }
}
