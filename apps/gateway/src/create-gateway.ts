import { Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { VALIDATION_OPTIONS } from '@dua/service-kit';
import { AppModule } from './app.module';
import { GatewayConfig } from './config/gateway.config';
import { requestIdOf } from './http/request-id';
import { HttpMetrics } from './metrics/http-metrics';
import { createOpenApiDocument } from './openapi/openapi-document';
import { sendProblem } from './problems/problem-details.filter';

export interface CreateGatewayOptions {
  /** Build the routes only: no NATS connection, no Swagger UI (OpenAPI generation and contract tests). */
  preview?: boolean;
}

/** The configured gateway application, not yet listening. */
export async function createGateway(config: GatewayConfig, options: CreateGatewayOptions = {}): Promise<NestFastifyApplication> {
  const metrics = new HttpMetrics();
  const adapter = new FastifyAdapter({
    genReqId: requestIdOf,
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, metrics), adapter, {
    preview: options.preview,
    abortOnError: false,
    bufferLogs: false,
    logger: options.preview ? ['error'] : undefined,
  });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  // Errors raised by Fastify before a route runs (unparsable JSON, body too large, wrong content type).
  const logger = new Logger('Problem');
  fastify.setErrorHandler((error, request, reply) => sendProblem(reply, error, request.id, logger));

  app.useGlobalPipes(new ValidationPipe(VALIDATION_OPTIONS));
  app.enableShutdownHooks();

  if (!options.preview) {
    SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  }
  return app;
}
