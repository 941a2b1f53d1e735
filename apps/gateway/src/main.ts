import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { exitIfConfigCheck, exitOnConfigError, shutdownOnSignal } from '@dua/service-kit';
import { GatewayConfig, readGatewayConfig } from './config/gateway.config';
import { createGateway } from './create-gateway';

async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = readGatewayConfig();
  } catch (error) {
    exitOnConfigError(error);
  }
  exitIfConfigCheck('gateway');
  const app = await createGateway(config);
  await app.listen(config.port, config.host);
  // Stops listening (new connections are refused), lets in-flight requests finish (a request arriving meanwhile on
  // a kept-alive connection gets 503 and `Connection: close`), then drains the NATS connection (ServiceClient).
  shutdownOnSignal('gateway', config.shutdownGraceMs, () => stopGateway(app));
  new Logger('Bootstrap').log(`Gateway listening on http://${config.host}:${config.port}`);
}

/**
 * `app.close()` waits until every connection has ended, and a client's kept-alive connection stays open after its
 * last response (for the keep-alive timeout): so connections are closed as soon as they are idle, each once its
 * in-flight request has been answered.
 */
async function stopGateway(app: NestFastifyApplication): Promise<void> {
  const server = app.getHttpServer() as Server;
  const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
  try {
    await app.close();
  } finally {
    clearInterval(closeIdle);
  }
}

void main();
