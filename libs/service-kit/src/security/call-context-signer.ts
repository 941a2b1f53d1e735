import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CallContext } from '@dua/unified-models';

/**
 * Signs and checks the caller's environment as it travels on the bus. The gateway (the only app that resolves API
 * keys) signs every context it sends; services forward it unchanged; auth-service checks it before it acts for an
 * environment. A context is valid for `maxAgeMs` after signing: long enough for the slowest request a service may be
 * running for it, short enough that a captured one is soon worthless.
 */
export class CallContextSigner {
  constructor(private readonly key: string) {
    if (key.length < 32) throw new Error('The call context signing key must be at least 32 characters');
  }

  sign(context: CallContext, now = Date.now()): CallContext {
    if (!context.environment_id) return context;
    const issuedAt = now;
    return {
      request_id: context.request_id,
      environment_id: context.environment_id,
      issued_at: issuedAt,
      signature: this.mac(context.request_id, context.environment_id, issuedAt),
    };
  }

  /** Whether the context's environment was set by the gateway no longer than `maxAgeMs` ago. */
  verify(context: CallContext, maxAgeMs: number, now = Date.now()): boolean {
    const { environment_id: environmentId, issued_at: issuedAt, signature } = context;
    if (!environmentId || typeof issuedAt !== 'number' || typeof signature !== 'string') return false;
    if (issuedAt > now + 5_000 || now - issuedAt > maxAgeMs) return false;
    const expected = Buffer.from(this.mac(String(context.request_id), environmentId, issuedAt));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(requestId: string, environmentId: string, issuedAt: number): string {
    return createHmac('sha256', this.key).update(`${requestId}\n${environmentId}\n${issuedAt}`).digest('base64url');
  }
}
