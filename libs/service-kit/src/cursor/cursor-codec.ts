import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError, ErrorCode } from '@dua/unified-models';

/**
 * Opaque list cursors: a position inside a result set, signed with HMAC-SHA256 and bound to the query it came from
 * (the scope, e.g. environment and integrated account, plus every filter). A cursor that was tampered with, or that
 * is presented with another scope or other filters, is refused with `INVALID_CURSOR`.
 */
export class CursorCodec {
  constructor(private readonly signingKey: string) {
    if (signingKey.length < 32) throw new Error('The cursor signing key must be at least 32 characters');
  }

  encode<Position>(position: Position, binding: unknown): string {
    const body = Buffer.from(JSON.stringify({ b: bindingHash(binding), p: position })).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  decode<Position>(cursor: string, binding: unknown): Position {
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined || !this.verify(body, signature)) throw invalidCursor('it was not issued by this API');
    let parsed: { b?: unknown; p?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor('it is malformed');
    }
    if (parsed.b !== bindingHash(binding)) throw invalidCursor('it belongs to another account or other filters');
    return parsed.p as Position;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.signingKey).update(body).digest('base64url');
  }

  private verify(body: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

function bindingHash(binding: unknown): string {
  return createHash('sha256').update(stableStringify(binding)).digest('base64url').slice(0, 22);
}

/** JSON with sorted keys and without undefined members, so equal queries bind equally. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${stableStringify(member)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function invalidCursor(reason: string): DomainError {
  return new DomainError(ErrorCode.INVALID_CURSOR, `The cursor is invalid: ${reason}. Start again without next_cursor.`);
}
