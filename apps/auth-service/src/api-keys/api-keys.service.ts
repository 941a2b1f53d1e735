import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ApiKeyIdentityDto, DomainError, ErrorCode } from '@dua/unified-models';
import { generateApiKey, hashApiKey } from '@dua/service-kit';
import { ApiKeyEntity } from './api-key.entity';

export interface IssuedApiKey {
  apiKeyId: string;
  /** Shown once to whoever asked for it; never stored. */
  apiKey: string;
}

@Injectable()
export class ApiKeysService {
  constructor(@InjectRepository(ApiKeyEntity) private readonly apiKeys: Repository<ApiKeyEntity>) {}

  async issue(environmentId: string): Promise<IssuedApiKey> {
    const apiKey = generateApiKey();
    return { apiKeyId: await this.store(environmentId, apiKey), apiKey };
  }

  /** Registers a key chosen by the operator (`DEMO_API_KEY`); returns the environment that already had it, if any. */
  async adopt(environmentId: () => Promise<string>, apiKey: string): Promise<ApiKeyIdentityDto> {
    const existing = await this.apiKeys.findOneBy({ keyHash: hashApiKey(apiKey), revokedAt: IsNull() });
    if (existing) return { environment_id: existing.environmentId, api_key_id: existing.id };
    const owner = await environmentId();
    return { environment_id: owner, api_key_id: await this.store(owner, apiKey) };
  }

  private async store(environmentId: string, apiKey: string): Promise<string> {
    const saved = await this.apiKeys.save(
      this.apiKeys.create({ environmentId, keyHash: hashApiKey(apiKey), keyPrefix: apiKey.slice(0, 8), revokedAt: null }),
    );
    return saved.id;
  }

  async verify(keyHash: string): Promise<ApiKeyIdentityDto> {
    const key = await this.apiKeys.findOneBy({ keyHash, revokedAt: IsNull() });
    if (!key) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The API key is unknown or revoked');
    return { environment_id: key.environmentId, api_key_id: key.id };
  }

  /** Returns false when there was no such active key. */
  async revoke(apiKeyId: string): Promise<boolean> {
    const result = await this.apiKeys.update({ id: apiKeyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }
}
