import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiKeysService, IssuedApiKey } from '../api-keys/api-keys.service';
import { EnvironmentEntity } from './environment.entity';

export interface CreatedEnvironment extends IssuedApiKey {
  environmentId: string;
}

@Injectable()
export class EnvironmentsService {
  constructor(
    @InjectRepository(EnvironmentEntity) private readonly environments: Repository<EnvironmentEntity>,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** A new environment with its first API key. */
  async create(name: string): Promise<CreatedEnvironment> {
    const environment = await this.environments.save(this.environments.create({ name }));
    return { environmentId: environment.id, ...(await this.apiKeys.issue(environment.id)) };
  }

  /** The environment owning `apiKey`, created with that name and key when no environment has it yet. Idempotent. */
  async ensureWithApiKey(name: string, apiKey: string): Promise<CreatedEnvironment> {
    const identity = await this.apiKeys.adopt(async () => (await this.environments.save(this.environments.create({ name }))).id, apiKey);
    return { environmentId: identity.environment_id, apiKeyId: identity.api_key_id, apiKey };
  }

  exists(environmentId: string): Promise<boolean> {
    return this.environments.existsBy({ id: environmentId });
  }
}
