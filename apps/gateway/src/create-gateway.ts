import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { VALIDATION_OPTIONS } from '@dua/service-kit';
import { AppModule } from './app.module';
import { GatewayConfig } from './config/gateway.config';
import { requestIdOf } from './http/request-id';
import { HttpMetrics } from './metrics/http-metrics';
import { createOpenApiDocument } from './openapi/openapi-document';

/** Note writes (a base64 attachment) and bulk writes (up to 1000 records). */
const LARGE_BODY_ROUTES = /^\/unified\/crm\/(notes(\/:id)?|:resource\/batch)$/;

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
  // Routes are registered at init, after this hook: the ones that carry files or many records take a larger body.
  fastify.addHook('onRoute', (route) => {
    if (LARGE_BODY_ROUTES.test(route.url)) route.bodyLimit = config.largeBodyLimitBytes;
  });
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  // The API speaks JSON; only the hosted connect pages take HTML form posts.
  fastify.addHook('onRequest', async (request) => {
    if (!hasBody(request.headers) || request.url.startsWith('/connect')) return;
    if (!/^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i.test(request.headers['content-type'] ?? '')) {
      throw Object.assign(new Error('Send the request body as application/json'), { statusCode: 415 });
    }
  });
  // Errors Fastify raises before a route runs (unparsable JSON, body too large, wrong content type) reach the
  // global ProblemDetailsFilter through Nest's own Fastify error handler.

  app.useGlobalPipes(new ValidationPipe(VALIDATION_OPTIONS));
  app.enableShutdownHooks();

  if (!options.preview) {
    await app.init(); // registers Nest's body parsers, so ours can replace the JSON one
    acceptEmptyJsonBodies(fastify);
    SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  }
  return app;
}

/** Many clients send `Content-Type: application/json` on a DELETE or an action without a body: that is no body, not an error. */
function acceptEmptyJsonBodies(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('The request body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}
