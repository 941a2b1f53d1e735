import { DomainError, ErrorCode } from '@dua/unified-models';
import { CursorCodec } from './cursor-codec';

const codec = new CursorCodec('k'.repeat(32));
const binding = { environment: 'env-1', filters: { status: 'active' } };

function codeOf(action: () => unknown): ErrorCode | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof DomainError ? error.code : undefined;
  }
  return undefined;
}

describe('CursorCodec', () => {
  it('round-trips a position for the same binding, whatever the key order', () => {
    const cursor = codec.encode({ after: '2026-01-01', id: 'a' }, binding);
    expect(codec.decode(cursor, { filters: { status: 'active' }, environment: 'env-1' })).toEqual({ after: '2026-01-01', id: 'a' });
  });

  it('refuses a cursor presented with other filters or another scope', () => {
    const cursor = codec.encode({ id: 'a' }, binding);
    expect(codeOf(() => codec.decode(cursor, { ...binding, filters: { status: 'needs_reauth' } }))).toBe(ErrorCode.INVALID_CURSOR);
    expect(codeOf(() => codec.decode(cursor, { ...binding, environment: 'env-2' }))).toBe(ErrorCode.INVALID_CURSOR);
  });

  it('refuses a tampered body, a forged signature and garbage', () => {
    const cursor = codec.encode({ id: 'a' }, binding);
    const [body, signature] = cursor.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ b: 'x', p: { id: 'b' } })).toString('base64url');
    expect(codeOf(() => codec.decode(`${forgedBody}.${signature}`, binding))).toBe(ErrorCode.INVALID_CURSOR);
    expect(codeOf(() => codec.decode(`${body}.${signature.slice(1)}A`, binding))).toBe(ErrorCode.INVALID_CURSOR);
    expect(codeOf(() => new CursorCodec('z'.repeat(32)).decode(cursor, binding))).toBe(ErrorCode.INVALID_CURSOR);
    expect(codeOf(() => codec.decode('not-a-cursor', binding))).toBe(ErrorCode.INVALID_CURSOR);
  });
});
