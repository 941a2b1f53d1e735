export * from './start-tracing';
export * from './nats-trace-context';
export * from './span-scrubbing';
export { isTracingStarted, stopTracing } from './tracing-state';
