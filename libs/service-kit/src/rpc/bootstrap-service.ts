import { DynamicModule, INestMicroservice, Logger, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { queueGroupOf, ServiceName } from '@dua/unified-models';
import { ConfigReader, exitIfConfigCheck, exitOnConfigError } from '../config/config-reader';
import { natsConnectionOptions, readNatsConfig } from '../config/nats.config';
import { useAppLogger, withAppLogging } from '../logging/app-logging';
import { MetricsListenerConfig, readMetricsListenerConfig, startMetricsListener } from '../metrics/service-metrics';
import { MessageTracing } from '../tracing/nats-trace-context';
import { VALIDATION_OPTIONS } from '../validation/field-errors';
import { ErrorTranslator, RpcDomainExceptionFilter } from './rpc-domain-exception.filter';
import { DrainingNatsServer } from './draining-nats-server';
import { RpcReplySerializer } from './rpc-wire';
import { readShutdownGraceMs, shutdownOnSignal } from './shutdown-on-signal';

/**
 * Starts a service as a Nest microservice on NATS, in its service's queue group, with the shared error filter
 * (and the service's error translators) and payload validation. On SIGINT/SIGTERM it drains (see
 * `DrainingNatsServer`: leaves the queue group, answers what it holds within `SHUTDOWN_GRACE_MS`), then closes the
 * rest (background loops, clients, pools) and exits 0.
 */
export async function bootstrapService(
  service: ServiceName,
  createModule: () => Type<unknown> | DynamicModule,
  options: { errorTranslators?: ErrorTranslator[] } = {},
): Promise<INestMicroservice> {
  let module: Type<unknown> | DynamicModule;
  let nats: ReturnType<typeof readNatsConfig>;
  let metrics: MetricsListenerConfig | undefined;
  let graceMs: number;
  try {
    const reader = new ConfigReader();
    nats = readNatsConfig(reader);
    metrics = readMetricsListenerConfig(reader);
    graceMs = readShutdownGraceMs(reader);
    reader.done();
    module = createModule();
  } catch (error) {
    exitOnConfigError(error);
  }
  exitIfConfigCheck(queueGroupOf(service));

  const server = new DrainingNatsServer(
    {
      ...natsConnectionOptions(nats, queueGroupOf(service)),
      queue: queueGroupOf(service),
      maxReconnectAttempts: -1,
      serializer: new RpcReplySerializer(),
    },
    graceMs,
  );
  const app = await NestFactory.createMicroservice(withAppLogging(queueGroupOf(service), module), { strategy: server, bufferLogs: true });
  useAppLogger(app);
  app.useGlobalInterceptors(new MessageTracing());
  app.useGlobalFilters(new RpcDomainExceptionFilter(options.errorTranslators));
  app.useGlobalPipes(new ValidationPipe(VALIDATION_OPTIONS));
  await app.listen();
  // The transport closes first (NestMicroservice.close), then the providers' shutdown hooks run.
  shutdownOnSignal(queueGroupOf(service), graceMs, () => app.close());
  if (metrics) await startMetricsListener(metrics);
  new Logger('Bootstrap').log(`${queueGroupOf(service)} listening on NATS`);
  return app;
}
