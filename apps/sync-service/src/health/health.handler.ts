import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DependencyStatus, PingResultDto, SyncPatterns } from '@dua/unified-models';
import { INSTANCE_ID } from '@dua/service-kit';

@Controller()
export class HealthHandler {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @MessagePattern(SyncPatterns.ping)
  async ping(): Promise<PingResultDto> {
    const postgres = await this.db.query('SELECT 1').then((): DependencyStatus => 'up', (): DependencyStatus => 'down');
    return { service: 'sync', instance_id: INSTANCE_ID, checks: { postgres } };
  }
}
