// The first import of main.ts: OpenTelemetry starts (when OTEL_EXPORTER_OTLP_ENDPOINT is set) before the modules it
// instruments are loaded.
import { startTracing } from '@dua/service-kit/tracing';

startTracing('crm-service');
