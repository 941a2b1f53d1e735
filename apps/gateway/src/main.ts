import 'reflect-metadata';
import { Logger } from '@nestjs/common';
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
  shutdownOnSignal('gateway', config.shutdownGraceMs, () => app.close());
  new Logger('Bootstrap').log(`Gateway listening on http://${config.host}:${config.port}`);
}

void main();
