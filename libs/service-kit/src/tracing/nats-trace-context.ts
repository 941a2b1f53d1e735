import { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { Attributes, context, propagation, Span, SpanKind, SpanStatusCode, TextMapGetter, TextMapSetter, trace } from '@opentelemetry/api';
import { headers as natsHeaders, MsgHdrs } from 'nats';
import { Observable } from 'rxjs';
import type { CallContext, RpcRequest } from '@dua/unified-models';
import { isTracingStarted } from './tracing-state';

/**
 * NATS has no OpenTelemetry instrumentation: a request carries its trace context as W3C `traceparent` (and
 * `tracestate`) message headers. The sender wraps each request in a client span and injects it; the service extracts
 * it and handles the message in a server span that is its child. With tracing off, neither adds anything.
 */
const tracer = trace.getTracer('@dua/service-kit/nats');

const headerSetter: TextMapSetter<MsgHdrs> = { set: (carrier, key, value) => carrier.set(key, value) };
const headerGetter: TextMapGetter<MsgHdrs | undefined> = {
  get: (carrier, key) => carrier?.get(key) || undefined,
  keys: (carrier) => carrier?.keys() ?? [],
};

/** What every NATS span says: the bus, the pattern (its subject) and the request it serves. */
export function natsSpanAttributes(pattern: string, operation: 'send' | 'process', requestId: string | undefined): Attributes {
  return {
    'messaging.system': 'nats',
    'messaging.operation.type': operation,
    'messaging.destination.name': pattern,
    ...(requestId ? { request_id: requestId } : {}),
  };
}

/**
 * Sends a request (`send` with the headers to put on the message) inside a client span whose context travels in
 * those headers. The span of the caller (the gateway's HTTP request, a service's own message) gets the request id too.
 */
export async function sendWithTraceContext<T>(pattern: string, callContext: CallContext, send: (headers?: MsgHdrs) => Promise<T>): Promise<T> {
  if (!isTracingStarted()) return send();
  const requestId = callContext.request_id;
  trace.getActiveSpan()?.setAttribute('request_id', requestId);
  return tracer.startActiveSpan(`send ${pattern}`, { kind: SpanKind.CLIENT, attributes: natsSpanAttributes(pattern, 'send', requestId) }, async (span) => {
    const headers = natsHeaders();
    propagation.inject(context.active(), headers, headerSetter);
    try {
      return await send(headers);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The trace context a message arrived with (the root context when it carries none). */
export function traceContextOf(headers: MsgHdrs | undefined) {
  return propagation.extract(context.active(), headers, headerGetter);
}

/**
 * Handles each NATS message in a server span, child of the sender's span when the message carries its context; the
 * handler's own calls (Dataverse, Postgres, other services) become its children.
 */
export class MessageTracing implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!isTracingStarted() || execution.getType() !== 'rpc') return next.handle();
    const rpc = execution.switchToRpc();
    const subject = rpc.getContext<NatsContext>().getSubject();
    const requestId = rpc.getData<Partial<RpcRequest> | undefined>()?.context?.request_id;
    const parent = traceContextOf(rpc.getContext<NatsContext>().getHeaders() as MsgHdrs | undefined);
    const span = tracer.startSpan(`process ${subject}`, { kind: SpanKind.SERVER, attributes: natsSpanAttributes(subject, 'process', requestId) }, parent);
    return new Observable((subscriber) =>
      context.with(trace.setSpan(parent, span), () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            recordFailure(span, error);
            span.end();
            subscriber.error(error);
          },
          complete: () => {
            span.end();
            subscriber.complete();
          },
        }),
      ),
    );
  }
}

/** A failed call: its error code (a `DomainError`'s, e.g. `RATE_LIMITED`) and nothing of its message. */
function recordFailure(span: Span, error: unknown): void {
  const code = (error as { code?: unknown } | undefined)?.code;
  span.setAttribute('error.type', typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown');
  span.setStatus({ code: SpanStatusCode.ERROR });
}
