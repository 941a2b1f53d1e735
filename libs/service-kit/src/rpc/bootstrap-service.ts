import { DynamicModule, INestMicroservice, Logger, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { queueGroupOf, ServiceName } from '@dua/unified-models';
import { ConfigReader, exitIfConfigCheck, exitOnConfigError } from '../config/config-reader';
import { natsConnectionOptions, readNatsConfig } from '../config/nats.config';
import { useAppLogger, withAppLogging } from '../logging/app-logging';
import { MetricsListenerConfig, readMetricsListenerConfig, startMetricsListener } from '../metrics/service-metrics';
import { VALIDATION_OPTIONS } from '../validation/field-errors';
import { ErrorTranslator, RpcDomainExceptionFilter } from './rpc-domain-exception.filter';
import { RpcReplySerializer } from './rpc-wire';

/**
 * Starts a service as a Nest microservice on NATS, in its service's queue group, with the shared error filter
 * (and the service's error translators) and payload validation. Stops cleanly on SIGINT/SIGTERM.
 */
export async function bootstrapService(
  service: ServiceName,
  createModule: () => Type<unknown> | DynamicModule,
  options: { errorTranslators?: ErrorTranslator[] } = {},
): Promise<INestMicroservice> {
  let module: Type<unknown> | DynamicModule;
  let nats: ReturnType<typeof readNatsConfig>;
  let metrics: MetricsListenerConfig | undefined;
  try {
    const reader = new ConfigReader();
    nats = readNatsConfig(reader);
    metrics = readMetricsListenerConfig(reader);
    reader.done();
    module = createModule();
  } catch (error) {
    exitOnConfigError(error);
  }
  exitIfConfigCheck(queueGroupOf(service));

  const app = await NestFactory.createMicroservice<MicroserviceOptions>(withAppLogging(queueGroupOf(service), module), {
    transport: Transport.NATS,
    options: {
      ...natsConnectionOptions(nats, queueGroupOf(service)),
      queue: queueGroupOf(service),
      maxReconnectAttempts: -1,
      serializer: new RpcReplySerializer(),
    },
    bufferLogs: true,
  });
  useAppLogger(app);
  app.useGlobalFilters(new RpcDomainExceptionFilter(options.errorTranslators));
  app.useGlobalPipes(new ValidationPipe(VALIDATION_OPTIONS));
  app.enableShutdownHooks();
  await app.listen();
  if (metrics) await startMetricsListener(metrics);
  new Logger('Bootstrap').log(`${queueGroupOf(service)} listening on NATS`);
  return app;
}
