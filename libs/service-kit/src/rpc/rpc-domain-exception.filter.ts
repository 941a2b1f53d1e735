import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { DomainError, ErrorCode, RpcErrorPayload } from '@dua/unified-models';

/**
 * Turns whatever a handler throws into the typed `{code, message, details}` that crosses NATS. A `DomainError`
 * passes as it is; anything else is a bug: logged here with its stack, and sent as a bare `INTERNAL`.
 */
@Catch()
export class RpcDomainExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcError');

  catch(exception: unknown, host: ArgumentsHost): Observable<RpcErrorPayload> {
    if (exception instanceof DomainError) return throwError(() => exception.toPayload());
    const pattern = host.switchToRpc().getContext()?.getSubject?.() ?? 'unknown pattern';
    this.logger.error(`Unhandled error in ${pattern}`, exception instanceof Error ? exception.stack : String(exception));
    return throwError(() => ({ code: ErrorCode.INTERNAL, message: 'Internal error' }) satisfies RpcErrorPayload);
  }
}
