import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, tap } from 'rxjs';
import type { RpcRequest } from '@dua/unified-models';
import { AccountGrants } from './account-grants';

/**
 * A request for an integrated account that was revoked while it ran fails (`NOT_FOUND` or `NEEDS_REAUTH`) instead of
 * answering with what it read: once the revocation broadcast is acknowledged, nothing more leaves for that account.
 */
@Injectable()
export class RevocationInterceptor implements NestInterceptor {
  constructor(private readonly grants: AccountGrants) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const accountId = (context.switchToRpc().getData<RpcRequest<{ integrated_account_id?: unknown }>>()?.payload ?? {}).integrated_account_id;
    if (typeof accountId !== 'string') return next.handle();
    const since = this.grants.generation();
    const check = () => this.grants.assertNotRevokedSince(accountId, since);
    return next.handle().pipe(
      tap(check),
      catchError((error: unknown) => {
        check();
        throw error;
      }),
    );
  }
}
