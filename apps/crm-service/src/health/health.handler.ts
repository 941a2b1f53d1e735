import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CrmPatterns, PingResultDto } from '@dua/unified-models';
import { INSTANCE_ID } from '@dua/service-kit';

@Controller()
export class HealthHandler {
  @MessagePattern(CrmPatterns.ping)
  ping(): PingResultDto {
    return { service: 'crm', instance_id: INSTANCE_ID, checks: {} };
  }
}
