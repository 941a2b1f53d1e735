import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces } from '@nestjs/swagger';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorCode } from '@dua/unified-models';
import { Public } from '../auth/public.decorator';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { ApiProblems } from '../problems/api-problems.decorator';
import { HttpMetrics } from './http-metrics';

/** The gateway's metrics are the operator's: they take `METRICS_TOKEN`, never a tenant's API key. */
@ApiBearerAuth()
@Public()
@Controller('metrics')
export class MetricsController {
  private readonly tokenHash?: Buffer;

  constructor(
    private readonly metrics: HttpMetrics,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.tokenHash = config.metricsToken === undefined ? undefined : sha256(config.metricsToken);
  }

  /** Prometheus text exposition of the gateway's metrics. Send `Authorization: Bearer <METRICS_TOKEN>`. */
  @Get()
  @ApiOperation({ operationId: 'getMetrics', summary: 'Prometheus metrics' })
  @ApiProduces('text/plain')
  @ApiProblems(ErrorCode.UNAUTHENTICATED)
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!this.tokenHash || !token || !timingSafeEqual(sha256(token), this.tokenHash)) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"');
    }
    return this.metrics.registry.metrics();
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
