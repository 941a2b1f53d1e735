import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { envDetector, hostDetector } from '@opentelemetry/resources';
import type { IncomingMessage } from 'node:http';
import { ScrubbingSpanExporter } from './span-scrubbing';

/**
 * The OpenTelemetry Node SDK for one app (loaded by start-tracing.ts only when tracing is on): spans batched
 * (`OTEL_BSP_*` apply) to the OTLP/HTTP exporter, which reads `OTEL_EXPORTER_OTLP_*` itself.
 *
 * Instrumented: HTTP in and out (the gateway's requests; msal-node's calls to Entra), undici (Dataverse calls),
 * pg (inside a traced request only); NATS hops carry W3C `traceparent` in message headers (nats-trace-context.ts).
 * Every exported span has its URL query strings removed (span-scrubbing.ts); no header is recorded.
 */
export function startOtelSdk(service: string): () => Promise<void> {
  const sdk = new NodeSDK({
    serviceName: service,
    resourceDetectors: [envDetector, hostDetector],
    // Batched (OTEL_BSP_* apply); traces only: logs stay on stdout, metrics on /metrics.
    traceExporter: new ScrubbingSpanExporter(new OTLPTraceExporter()),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: isOperationalRequest }),
      new UndiciInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return () => sdk.shutdown();
}

/** Probes and scrapes are not traced: they would drown the requests. */
function isOperationalRequest(request: IncomingMessage): boolean {
  const url = request.url ?? '';
  return url.startsWith('/health/') || url.startsWith('/metrics');
}
