import { ConfigReader } from './config-reader';

export interface NatsConfig {
  url: string;
}

export function readNatsConfig(reader: ConfigReader): NatsConfig {
  return { url: reader.url('NATS_URL', 'nats://127.0.0.1:4222', ['nats:', 'tls:']) };
}
