import './tracing';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitIfConfigCheck, exitOnConfigError } from '@dua/service-kit';
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
  new Logger('Bootstrap').log(`Gateway listening on http://${config.host}:${config.port}`);
}

void main();
