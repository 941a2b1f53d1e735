import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { CallContextSigner } from '@dua/service-kit';
import { DomainError, ErrorCode, RpcRequest } from '@dua/unified-models';

/**
 * How long a context the gateway signed is honoured: the slowest request a service can be running for it (the
 * gateway's `RPC_TIMEOUT_MS`, 30 s by default) may still need a token refresh at its end.
 */
const CALL_CONTEXT_MAX_AGE_MS = 120_000;

/**
 * auth-service acts for an environment only when the gateway said so: a message whose context names an environment
 * must carry the gateway's fresh signature. Any other process on the bus (crm-service's identity included) cannot
 * ask for another environment's accounts or tokens; messages without an environment (the connect flow, API key
 * checks, pings) are not scoped to one.
 */
@Injectable()
export class CallContextGuard implements CanActivate {
  constructor(private readonly signer: CallContextSigner) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'rpc') return true;
    const callContext = context.switchToRpc().getData<RpcRequest>()?.context;
    if (!callContext?.environment_id) return true;
    if (!this.signer.verify(callContext, CALL_CONTEXT_MAX_AGE_MS)) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The call context was not signed by the gateway');
    }
    return true;
  }
}
