import type { OnApplicationShutdown } from '@nestjs/common';
import { markTracingStarted, stopTracing } from './tracing-state';

/** The OTLP endpoint traces go to, when one is configured (the SDK reads the same variables). */
export function otlpTracesEndpointOf(env: NodeJS.ProcessEnv): string | undefined {
  const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  return endpoint && env['OTEL_SDK_DISABLED'] !== 'true' ? endpoint : undefined;
}

/**
 * OpenTelemetry traces of one app, exported over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set. Otherwise the SDK is not even loaded, no span is made and no NATS
 * header is added. Call it before anything else in the app's entry point (`import './tracing'` first), so the
 * instrumented modules are patched before they are loaded. Standard `OTEL_*` variables tune it (`OTEL_TRACES_SAMPLER`,
 * `OTEL_BSP_SCHEDULE_DELAY`, `OTEL_EXPORTER_OTLP_HEADERS`…).
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!otlpTracesEndpointOf(env) || process.argv.includes('--check-config')) return false;
  // Loaded here, synchronously, and only when tracing is on: the SDK and its instrumentations cost nothing otherwise.
  const { startOtelSdk } = require('./otel-sdk') as typeof import('./otel-sdk');
  markTracingStarted(startOtelSdk(service));
  return true;
}

/** A Nest provider that exports the spans still batched when the app shuts down (after it has drained). */
export class FlushTracesOnShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return stopTracing();
  }
}
