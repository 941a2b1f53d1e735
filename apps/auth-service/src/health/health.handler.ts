import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { AuthPatterns, DependencyStatus, PingResultDto } from '@dua/unified-models';
import { INSTANCE_ID } from '@dua/service-kit';

const POSTGRES_CHECK_TIMEOUT_MS = 1000;

@Controller()
export class HealthHandler {
  constructor(private readonly dataSource: DataSource) {}

  @MessagePattern(AuthPatterns.ping)
  async ping(): Promise<PingResultDto> {
    return { service: 'auth', instance_id: INSTANCE_ID, checks: { postgres: await this.postgresStatus() } };
  }

  private async postgresStatus(): Promise<DependencyStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<DependencyStatus>((resolve) => {
      timer = setTimeout(() => resolve('down'), POSTGRES_CHECK_TIMEOUT_MS);
    });
    const query = this.dataSource.query('SELECT 1').then(
      (): DependencyStatus => 'up',
      (): DependencyStatus => 'down',
    );
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
