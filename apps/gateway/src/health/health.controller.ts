import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DependencyStatus, PING_PATTERNS, PingResultDto, SERVICES } from '@dua/unified-models';
import { Public } from '../auth/public.decorator';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { ServiceClient } from '../transport/service-client';

export interface Readiness {
  status: 'ready' | 'unavailable';
  checks: Record<string, DependencyStatus>;
}

@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly services: ServiceClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  /** 200 when NATS, Postgres and every service answer; 503 otherwise, naming what is down. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const checks: Record<string, DependencyStatus> = { nats: this.services.isConnected() ? 'up' : 'down' };
    const pings = await Promise.all(SERVICES.map((service) => this.ping(PING_PATTERNS[service])));
    SERVICES.forEach((service, index) => {
      const ping = pings[index];
      checks[service] = ping ? 'up' : 'down';
      // Postgres belongs to auth-service: the gateway never talks to it, so it reports what auth-service sees.
      if (service === 'auth') checks['postgres'] = ping?.checks['postgres'] ?? 'down';
    });
    const ready = Object.values(checks).every((status) => status === 'up');
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'unavailable', checks };
  }

  private async ping(pattern: string): Promise<PingResultDto | undefined> {
    try {
      return await this.services.send<PingResultDto>(pattern, {}, { request_id: 'readiness' }, this.config.readinessTimeoutMs);
    } catch {
      return undefined;
    }
  }
}
