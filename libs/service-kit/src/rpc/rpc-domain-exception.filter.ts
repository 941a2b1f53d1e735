import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { DomainError, ErrorCode, RpcErrorPayload } from '@dua/unified-models';

/** Turns a library's own error (e.g. a Dataverse failure) into a `DomainError`; `undefined` when it is not one of its. */
export type ErrorTranslator = (error: unknown) => DomainError | undefined;

/**
 * Turns whatever a handler throws into the typed `{code, message, details}` that crosses NATS. A `DomainError`
 * passes as it is, a library error through the service's translators; anything else is a bug: logged here with its
 * stack, and sent as a bare `INTERNAL`.
 */
@Catch()
export class RpcDomainExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcError');

  constructor(private readonly translators: readonly ErrorTranslator[] = []) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<RpcErrorPayload> {
    if (exception instanceof DomainError) return throwError(() => exception.toPayload());
    for (const translate of this.translators) {
      const translated = translate(exception);
      if (translated) return throwError(() => translated.toPayload());
    }
    const pattern = host.switchToRpc().getContext()?.getSubject?.() ?? 'unknown pattern';
    this.logger.error(`Unhandled error in ${pattern}`, exception instanceof Error ? exception.stack : String(exception));
    return throwError(() => ({ code: ErrorCode.INTERNAL, message: 'Internal error' }) satisfies RpcErrorPayload);
  }
}
