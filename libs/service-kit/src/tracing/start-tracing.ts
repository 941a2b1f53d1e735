import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { envDetector, hostDetector } from '@opentelemetry/resources';
import type { IncomingMessage } from 'node:http';
import { ScrubbingSpanExporter } from './span-scrubbing';
import { markTracingStarted } from './tracing-state';

/** The OTLP endpoint traces go to, when one is configured (the SDK reads the same variables). */
export function otlpTracesEndpointOf(env: NodeJS.ProcessEnv): string | undefined {
  const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  return endpoint && env['OTEL_SDK_DISABLED'] !== 'true' ? endpoint : undefined;
}

/**
 * OpenTelemetry traces of one app, exported over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set; otherwise nothing is started and tracing costs nothing. Call it before
 * anything else in the app's entry point (`import './tracing'` first), so the instrumented modules are patched before
 * they are loaded. Standard `OTEL_*` variables tune it (`OTEL_TRACES_SAMPLER`, `OTEL_BSP_SCHEDULE_DELAY`, headers…).
 *
 * Instrumented: HTTP in and out (the gateway's requests; msal-node's calls to Entra), undici (Dataverse calls),
 * pg (inside a traced request only); NATS hops carry W3C `traceparent` in message headers (nats-trace-context.ts).
 * Every exported span has its URL query strings removed (span-scrubbing.ts); no header is recorded.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!otlpTracesEndpointOf(env) || process.argv.includes('--check-config')) return false;
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
  markTracingStarted();
  return true;
}

/** Probes and scrapes are not traced: they would drown the requests. */
function isOperationalRequest(request: IncomingMessage): boolean {
  const url = request.url ?? '';
  return url.startsWith('/health/') || url.startsWith('/metrics');
}
