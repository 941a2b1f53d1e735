import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { SwaggerModule } from '@nestjs/swagger';
import { useAppLogger, VALIDATION_OPTIONS, withAppLogging } from '@dua/service-kit';
import { DomainError, ErrorCode } from '@dua/unified-models';
import { AppModule } from './app.module';
import { GatewayConfig } from './config/gateway.config';
import { requestIdOf } from './http/request-id';
import { useJsonParser } from './http/json-parser';
import { HttpMetrics } from './metrics/http-metrics';
import { createOpenApiDocument } from './openapi/openapi-document';
import { sendError } from './problems/problem-details.filter';

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
    // Kept on the raw request too, where the request logger (pino-http) reads it.
    genReqId: (raw: IncomingMessage) => (raw.id = requestIdOf(raw)),
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // A URL Fastify cannot route (a malformed escape, a path parameter over its length limit) is bad input.
    frameworkErrors: (error: { code: string }, request: FastifyRequest, reply: FastifyReply) => {
      void reply.header('x-request-id', request.id);
      sendError(request, reply, new DomainError(ErrorCode.VALIDATION_FAILED, frameworkErrorMessage(error.code)));
    },
  });
  const module = AppModule.register(config, metrics);
  const app = await NestFactory.create<NestFastifyApplication>(options.preview ? module : withAppLogging('gateway', module), adapter, {
    preview: options.preview,
    abortOnError: false,
    bufferLogs: !options.preview,
    logger: options.preview ? ['error'] : undefined,
  });
  if (!options.preview) useAppLogger(app);

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

  if (!options.preview) {
    await app.init(); // registers Nest's body parsers, so ours can replace the JSON one
    useJsonParser(fastify);
    SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
  }
  return app;
}

function frameworkErrorMessage(code: string): string {
  return code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long' : 'The URL is not valid (check its percent-escapes)';
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}
