import { derivedUuid, requestHashOf } from './idempotent-requests';

const UUID_V4_LAYOUT = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('idempotent request identities', () => {
  it('derives the same record id from the same key and request, and another from any other part', () => {
    const parts = ['idempotent create', 'env-1', 'account-1', 'key-1', requestHashOf('create contacts', { last_name: 'Ada' })];
    const id = derivedUuid(...parts);
    expect(id).toMatch(UUID_V4_LAYOUT);
    expect(derivedUuid(...parts)).toBe(id);
    for (const [position, other] of [[1, 'env-2'], [2, 'account-2'], [3, 'key-2'], [4, requestHashOf('create contacts', { last_name: 'Bob' })]] as const) {
      const changed = [...parts];
      changed[position] = other;
      expect(derivedUuid(...changed)).not.toBe(id);
    }
    // Parts are separated: moving a character from one part to the next is another id.
    expect(derivedUuid('ab', 'c')).not.toBe(derivedUuid('a', 'bc'));
  });

  it('hashes a request body in canonical form: key order does not make another request, a value does', () => {
    expect(requestHashOf('create contacts', { a: 1, b: { c: [1, 2], d: null } })).toBe(requestHashOf('create contacts', { b: { d: null, c: [1, 2] }, a: 1 }));
    expect(requestHashOf('create contacts', { a: 1 })).not.toBe(requestHashOf('create leads', { a: 1 }));
    expect(requestHashOf('create contacts', { b: { c: [1, 2] } })).not.toBe(requestHashOf('create contacts', { b: { c: [2, 1] } }));
  });
});
