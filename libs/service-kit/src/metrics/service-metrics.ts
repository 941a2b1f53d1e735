import { createServer, Server } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Histogram, register } from 'prom-client';
import { ConfigReader } from '../config/config-reader';

/**
 * Prometheus metrics of a service (prom-client's default registry). Services have no HTTP API, so each one serves
 * `GET /metrics` on its own small listener when `METRICS_PORT` is set, behind the same `METRICS_TOKEN` bearer as the
 * gateway's: Prometheus scrapes every replica directly, and no metric depends on the bus being healthy.
 */
export const natsMessageDuration = new Histogram({
  name: 'nats_message_duration_seconds',
  help: 'Time a service took to handle a NATS request, by subject and outcome (ok or the error code).',
  labelNames: ['subject', 'outcome'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

export const cacheLookups = new Counter({
  name: 'cache_lookups_total',
  help: 'Lookups of in-process caches, by cache and result (hit or miss).',
  labelNames: ['cache', 'result'] as const,
});

export interface MetricsListenerConfig {
  port: number;
  host: string;
  token?: string;
}

export function readMetricsListenerConfig(reader: ConfigReader): MetricsListenerConfig | undefined {
  const port = reader.integer('METRICS_PORT', 0, { min: 0, max: 65_535 });
  const host = reader.string('METRICS_HOST', '0.0.0.0');
  const token = reader.optionalString('METRICS_TOKEN');
  if (port === 0) return undefined;
  if (!token || token.length < 16) reader.problem('METRICS_TOKEN (16+ characters) is required with METRICS_PORT');
  return { port, host, token };
}

/** Serves the default registry at `GET /metrics` to `Authorization: Bearer <METRICS_TOKEN>`; 401 otherwise. */
export async function startMetricsListener(config: MetricsListenerConfig): Promise<Server> {
  collectDefaultMetrics();
  const expected = digest(`Bearer ${config.token ?? ''}`);
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    if (!config.token || !timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    register.metrics().then(
      (body) => response.writeHead(200, { 'content-type': register.contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  server.unref();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.port, config.host, resolve));
  return server;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
