import { CallHandler, DynamicModule, ExecutionContext, INestApplicationContext, Module, NestInterceptor, Type } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { NatsContext } from '@nestjs/microservices';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger, LoggerModule, PinoLogger } from 'nestjs-pino';
import pino, { LoggerOptions } from 'pino';
import type { Options } from 'pino-http';
import { Observable, tap } from 'rxjs';
import type { RpcRequest } from '@dua/unified-models';
import { natsMessageDuration } from '../metrics/service-metrics';
import { FlushTracesOnShutdown } from '../tracing/start-tracing';

/**
 * Structured JSON logs, one shared setup for every app (pino through nestjs-pino): each line carries `service`, and
 * inside a request its `request_id` and, when the request names one, its `integrated_account_id`. The gateway gets
 * them from pino-http (the id Fastify gave the request); services from the call context of each NATS message, so one
 * request's lines are found across apps by its `x-request-id`.
 *
 * Secrets stay out: requests are logged as method and path only (no headers, no query string: link tokens and OAuth
 * codes travel there), and fields that hold credentials are censored wherever a log call passes them.
 */
const SECRET_FIELDS = ['access_token', 'refresh_token', 'id_token', 'client_secret', 'password', 'authorization', 'api_key', 'link_token', 'code_verifier'];
const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]);

/**
 * Wraps an app's root module with the logger (and, for NATS messages, the interceptor that binds each handler's lines
 * to its request, and the flush of batched spans at shutdown); `useAppLogger` then routes Nest's own logging through it.
 */
export function withAppLogging(service: string, module: Type<unknown> | DynamicModule): DynamicModule {
  const root = pino(loggerOptions(service), asyncStdout());
  return {
    module: AppLoggingModule,
    imports: [module, LoggerModule.forRoot({ pinoHttp: { ...httpLoggingOptions(), logger: root } })],
    providers: [
      { provide: APP_INTERCEPTOR, useFactory: (logger: PinoLogger) => new MessageLogContext(logger), inject: [PinoLogger] },
      // Traces (when on) are this app's other output: the spans still batched are exported at shutdown.
      FlushTracesOnShutdown,
    ],
  };
}

/** Nest's `Logger` calls (and the framework's own) become pino lines. */
export function useAppLogger(app: INestApplicationContext): void {
  app.useLogger(app.get(Logger));
}

@Module({})
class AppLoggingModule {}

/**
 * Standard output, written asynchronously: while one write is in flight the next lines are buffered and leave
 * together, so a busy app makes one write per batch instead of one per line (a request's log line cost more in
 * syscalls than in formatting). When idle every line still leaves at once. What is buffered is flushed
 * synchronously on exit (pino's exit hook), `process.exit` included; only a SIGKILL can lose the last lines.
 */
function asyncStdout(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

export function loggerOptions(service: string): LoggerOptions {
  return {
    level: process.env['LOG_LEVEL'] ?? 'info',
    base: { service },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
}

/** How the gateway's requests are logged (pino-http): one line when each completes, its id on every line. */
function httpLoggingOptions(): Options {
  return {
    customAttributeKeys: { reqId: 'request_id' },
    // Fastify minted the id (or accepted the caller's x-request-id) and stored it on the raw request.
    genReqId: (request: IncomingMessage) => request.id ?? 'unknown',
    quietReqLogger: true,
    customProps: (request: IncomingMessage) => integratedAccountOfUrl(request.url),
    serializers: {
      req: (request: { method?: string; url?: string }) => ({ method: request.method, path: pathOf(request.url) }),
      res: (response: ServerResponse) => ({ status_code: response.statusCode }),
    },
    autoLogging: { ignore: (request: IncomingMessage) => (request.url ?? '').startsWith('/health/') },
  };
}

/** The integrated account a gateway URL names, in its query or its path. */
export function integratedAccountOfUrl(url: string | undefined): { integrated_account_id?: string } {
  if (!url) return {};
  const [path, query] = url.split('?', 2);
  const fromQuery = new URLSearchParams(query ?? '').get('integrated_account_id');
  const fromPath = /^\/integrated-accounts\/([^/]+)/.exec(path ?? '')?.[1];
  const id = fromQuery ?? (fromPath ? safeDecode(fromPath) : undefined);
  return id && /^[\w-]{1,64}$/.test(id) ? { integrated_account_id: id } : {};
}

function pathOf(url: string | undefined): string | undefined {
  return url?.split('?', 1)[0];
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The bindings of a NATS message's log lines, from its call context and payload. */
export function messageBindings(request: Partial<RpcRequest> | undefined): Record<string, string> {
  const bindings: Record<string, string> = { request_id: request?.context?.request_id ?? 'unknown' };
  const environment = request?.context?.environment_id;
  if (typeof environment === 'string') bindings['environment_id'] = environment;
  const account = (request?.payload as { integrated_account_id?: unknown } | undefined)?.integrated_account_id;
  if (typeof account === 'string') bindings['integrated_account_id'] = account;
  return bindings;
}

/**
 * Runs each NATS message's handler with a logger bound to its request, logs the outcome in one line and records its
 * duration (`nats_message_duration_seconds`). The duration ends when the handler does; the line and the histogram
 * wait until the reply has left (see `afterReply`), so the caller does not wait for them.
 */
class MessageLogContext implements NestInterceptor {
  constructor(private readonly pinoLogger: PinoLogger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const bindings = messageBindings(rpc.getData<Partial<RpcRequest>>());
    const subject = rpc.getContext<NatsContext>().getSubject();
    const started = performance.now();
    const record = (outcome: string, log: (durationMs: number) => void) => {
      const seconds = (performance.now() - started) / 1000;
      afterReply(() => {
        natsMessageDuration.observe({ subject, outcome }, seconds);
        log(Math.round(seconds * 10_000) / 10);
      });
    };
    // Every line logged while the handler runs (Nest's Logger included) carries the message's bindings.
    return new Observable((subscriber) =>
      this.pinoLogger.runInContext(
        () => {
          const logger = this.pinoLogger.logger;
          return next
            .handle()
            .pipe(
              tap({
                complete: () => record('ok', (duration_ms) => logger.info({ subject, duration_ms, outcome: 'ok' }, 'message handled')),
                error: (error: { code?: unknown }) => {
                  const code = typeof error?.code === 'string' ? error.code : 'INTERNAL';
                  record(code, (duration_ms) => logger.warn({ subject, duration_ms, outcome: 'error', code }, 'message failed'));
                },
              }),
            )
            .subscribe(subscriber);
        },
        { bindings },
      ),
    );
  }
}

/**
 * Runs `work` once the handler's reply has been sent. Nest serializes and publishes a reply on the tick after the
 * handler completes, and the NATS client writes it out in a microtask; an immediate runs after both.
 */
function afterReply(work: () => void): void {
  setImmediate(work);
}
