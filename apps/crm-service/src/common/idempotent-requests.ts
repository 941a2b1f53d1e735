import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RpcClient } from '@dua/service-kit';
import { AuthPatterns, CallContext, IdempotentRequestState } from '@dua/unified-models';

/** Identifies a key: the environment comes with the call context. */
export interface IdempotencyScope {
  integrated_account_id: string;
  key: string;
}

/**
 * Idempotency keys of crm-service's POSTs, kept by auth-service in its Postgres (see README.md: one database owner,
 * and the records go with the integrated account and environment they belong to). Each call waits at most
 * `callTimeoutMs` (the timeout chain's `interServiceCallMs`), so a slow auth-service cannot outlast the request.
 */
@Injectable()
export class IdempotentRequests {
  constructor(
    private readonly rpc: RpcClient,
    private readonly callTimeoutMs: number,
  ) {}

  /** Claims the key; `recoverable`: `resourceId` is derived from the key and the request (see `derivedUuid`). */
  begin(context: CallContext, scope: IdempotencyScope, requestHash: string, resourceId: string, leaseMs: number, recoverable = false): Promise<IdempotentRequestState> {
    return this.rpc.send<IdempotentRequestState>(
      AuthPatterns.beginIdempotentRequest,
      { ...scope, request_hash: requestHash, resource_id: resourceId, lease_ms: leaseMs, ...(recoverable ? { recoverable } : {}) },
      context,
      this.callTimeoutMs,
    );
  }

  /** Stores the answer; `recoverable`: a retry would complete the request by itself (see CompleteIdempotentRequestDto). */
  async complete(context: CallContext, scope: IdempotencyScope, status: number, body: string, recoverable = false): Promise<void> {
    await this.rpc.send(AuthPatterns.completeIdempotentRequest, { ...scope, response_status: status, response_body: body, ...(recoverable ? { recoverable } : {}) }, context, this.callTimeoutMs);
  }

  async release(context: CallContext, scope: IdempotencyScope): Promise<void> {
    await this.rpc.send(AuthPatterns.releaseIdempotentRequest, scope, context, this.callTimeoutMs);
  }

  /**
   * Runs `operation` once per key (actions and batches): a retry with the same body answers the stored answer, a
   * failure releases the key for the next retry. `operation` gets the id bound to the key (random without a key), so
   * what it derives from it (a batch's record ids) is the same on every retry.
   */
  async once(context: CallContext, scope: IdempotencyScope | undefined, requestHash: string, leaseMs: number, status: number, operation: (seed: string) => Promise<string>): Promise<{ body: string; replayed: boolean }> {
    if (!scope) return { body: await operation(randomUUID()), replayed: false };
    const claim = await this.begin(context, scope, requestHash, randomUUID(), leaseMs);
    if (claim.state === 'completed') return { body: claim.response_body ?? '', replayed: true };
    let body: string;
    try {
      body = await operation(claim.resource_id);
    } catch (error) {
      await this.release(context, scope).catch(() => undefined);
      throw error;
    }
    await this.complete(context, scope, status, body);
    return { body, replayed: false };
  }
}

/** SHA-256 of the operation and its body in canonical form (keys sorted), so key order does not make another request. */
export function requestHashOf(operation: string, body: unknown): string {
  return createHash('sha256').update(`${operation}\n${canonicalJson(body)}`).digest('hex');
}

/**
 * A UUID (version 4 layout) derived from `parts`: the same parts, the same id. A create's record id derived from its
 * environment, account, key and request hash is the same on every retry, whatever became of the first claim.
 */
export function derivedUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\n')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, member]) => member !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
