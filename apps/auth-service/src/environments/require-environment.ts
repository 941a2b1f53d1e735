import { CallContext, DomainError, ErrorCode } from '@dua/unified-models';

/** Every environment-scoped operation needs the caller's environment, resolved by the gateway from its API key. */
export function requireEnvironment(context: CallContext): string {
  if (!context.environment_id) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The request carries no environment');
  return context.environment_id;
}
