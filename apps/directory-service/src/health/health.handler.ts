import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DirectoryPatterns, PingResultDto } from '@dua/unified-models';
import { INSTANCE_ID } from '@dua/service-kit';

@Controller()
export class HealthHandler {
  @MessagePattern(DirectoryPatterns.ping)
  ping(): PingResultDto {
    return { service: 'directory', instance_id: INSTANCE_ID, checks: {} };
  }
}
