import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { MsgHdrs } from 'nats';
import { sendWithTraceContext, traceContextOf } from './nats-trace-context';
import { scrubAttributes } from './span-scrubbing';
import { otlpTracesEndpointOf, startTracing } from './start-tracing';
import { isTracingStarted, markTracingStarted } from './tracing-state';

const callContext = { request_id: 'req-1', environment_id: 'env-1' } as never;

describe('tracing', () => {
  it('stays off without an OTLP endpoint: no SDK, no span, no NATS header', async () => {
    expect(otlpTracesEndpointOf({})).toBeUndefined();
    expect(otlpTracesEndpointOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(otlpTracesEndpointOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe('http://collector:4318/v1/traces');
    expect(startTracing('test-service', {})).toBe(false);
    expect(isTracingStarted()).toBe(false);

    const send = jest.fn(async (headers?: MsgHdrs) => headers);
    await expect(sendWithTraceContext('crm.contacts.list', callContext, send)).resolves.toBeUndefined();
    expect(send).toHaveBeenCalledWith();
  });

  it('loads the SDK only when an endpoint is configured', () => {
    const stopSdk = jest.fn(async () => undefined);
    const startOtelSdk = jest.fn(() => stopSdk);
    let sdkLoaded = false;
    jest.isolateModules(() => {
      jest.doMock('./otel-sdk', () => ((sdkLoaded = true), { startOtelSdk }));
      const isolated = jest.requireActual<typeof import('./start-tracing')>('./start-tracing');
      const state = jest.requireActual<typeof import('./tracing-state')>('./tracing-state');
      expect(isolated.startTracing('crm-service', {})).toBe(false);
      expect(sdkLoaded).toBe(false);
      expect(isolated.startTracing('crm-service', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
      // At the app's shutdown, the SDK is stopped (its batched spans exported), once.
      void new isolated.FlushTracesOnShutdown().onApplicationShutdown();
      void state.stopTracing();
      expect(stopSdk).toHaveBeenCalledTimes(1);
      expect(sdkLoaded).toBe(true);
      expect(startOtelSdk).toHaveBeenCalledWith('crm-service');
      expect(state.isTracingStarted()).toBe(true);
    });
    expect(isTracingStarted()).toBe(false);
  });

  it('removes query strings from URL attributes and drops url.query', () => {
    expect(
      scrubAttributes({
        'url.full': 'http://127.0.0.1:7070/api/data/v9.2/contacts?$filter=emailaddress1%20eq%20%27a@b.c%27',
        'url.query': 'code=abc&state=xyz',
        'url.path': '/connect/callback',
        'http.target': '/connect/callback?code=abc#fragment',
        'http.response.status_code': 200,
        'db.statement': 'SELECT 1 WHERE a = $1',
      }),
    ).toEqual({
      'url.full': 'http://127.0.0.1:7070/api/data/v9.2/contacts',
      'url.path': '/connect/callback',
      'http.target': '/connect/callback',
      'http.response.status_code': 200,
      'db.statement': 'SELECT 1 WHERE a = $1',
    });
  });

  describe('with a tracer provider', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

    beforeAll(() => {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      propagation.setGlobalPropagator(new W3CTraceContextPropagator());
      trace.setGlobalTracerProvider(provider);
      markTracingStarted();
    });

    afterAll(async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    });

    it("sends a request in a client span whose context travels in the message's headers", async () => {
      let sent: MsgHdrs | undefined;
      const parent = trace.getTracer('test').startSpan('gateway request');
      await context.with(trace.setSpan(context.active(), parent), () =>
        sendWithTraceContext('crm.contacts.list', callContext, async (headers) => {
          sent = headers;
        }),
      );
      parent.end();

      const [client] = exporter.getFinishedSpans().filter((span) => span.name === 'send crm.contacts.list');
      expect(client).toBeDefined();
      expect(client!.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(client!.attributes).toMatchObject({ 'messaging.system': 'nats', 'messaging.destination.name': 'crm.contacts.list', request_id: 'req-1' });
      expect(sent?.get('traceparent')).toBe(`00-${client!.spanContext().traceId}-${client!.spanContext().spanId}-01`);
      expect(trace.getSpanContext(traceContextOf(sent))).toMatchObject({ traceId: client!.spanContext().traceId, spanId: client!.spanContext().spanId, isRemote: true });
    });

    it('marks a failed request with its error code only', async () => {
      const failure = Object.assign(new Error('token eyJhbGciOi leaked?'), { code: 'RATE_LIMITED' });
      await expect(sendWithTraceContext('auth.credentials.get', callContext, () => Promise.reject(failure))).rejects.toBe(failure);
      const span = exporter.getFinishedSpans().find((candidate) => candidate.name === 'send auth.credentials.get');
      expect(span?.attributes['error.type']).toBe('RATE_LIMITED');
      expect(JSON.stringify(span?.attributes)).not.toContain('eyJ');
      expect(span?.events).toEqual([]);
    });
  });
});
