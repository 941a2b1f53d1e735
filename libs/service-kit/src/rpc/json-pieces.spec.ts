import { listJsonPieces } from './json-pieces';

const contacts = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    id: `contact-${i}`,
    first_name: i % 7 === 0 ? null : `Zoë "${i}"\n☃`,
    skipped: undefined,
    emails: [{ email: `c${i}@example.com`, type: 'work' }],
    created_at: new Date(Date.UTC(2026, 0, 1 + (i % 28))),
    custom_fields: {},
  }));

describe('listJsonPieces', () => {
  it.each([
    ['a page with a cursor', { result: contacts(1000), next_cursor: 'abc', result_count: 1000 }],
    ['the last page, with a total', { result: contacts(451), next_cursor: null, result_count: 451, total_count: 100_451 }],
    ['a list that is not first in its envelope', { next_cursor: null, result: contacts(250), result_count: 250 }],
    ['items JSON writes as null', { result: [...contacts(120), undefined, () => 1, Symbol('s')], result_count: 123 }],
  ])('adds up to exactly JSON.stringify of %s', (_name, envelope) => {
    const expected = JSON.stringify(envelope);
    const pieces = listJsonPieces(envelope, 100, 100);
    expect(pieces).toBeDefined();
    expect([...(pieces ?? [])].join('')).toBe(expected);
  });

  it('comes a batch of records at a time, made as it is pulled, dropping the records it made', () => {
    const envelope = { result: contacts(250), next_cursor: null, result_count: 250 };
    const pieces = listJsonPieces(envelope, 100, 100);
    if (!pieces) throw new Error('expected pieces');
    expect(envelope.result[0]).toBeDefined();
    const first = pieces.next();
    expect(first.done).toBe(false);
    expect(first.value).toMatch(/^\{"result":\[\{"id":"contact-0"/);
    expect(envelope.result.slice(0, 100).every((record) => record === undefined)).toBe(true);
    expect(envelope.result[100]).toBeDefined();
    expect([...pieces]).toHaveLength(2);
    expect(envelope.result.every((record) => record === undefined)).toBe(true);
  });

  it('leaves anything but a long list envelope to be serialized whole', () => {
    expect(listJsonPieces({ result: contacts(100), next_cursor: null }, 10, 100)).toBeUndefined();
    expect(listJsonPieces({ result: contacts(200), next_cursor: null })).toBeUndefined();
    expect(listJsonPieces({ result: contacts(201), next_cursor: null })).toBeDefined();
    expect(listJsonPieces(contacts(500), 100)).toBeUndefined();
    expect(listJsonPieces({ result: { id: 'one' } }, 100)).toBeUndefined();
    expect(listJsonPieces({ items: contacts(500) }, 100)).toBeUndefined();
    expect(listJsonPieces(null, 100)).toBeUndefined();
    expect(listJsonPieces('text', 100)).toBeUndefined();
    expect(listJsonPieces(new (class Envelope { result = contacts(500); })(), 100)).toBeUndefined();
    expect(listJsonPieces({ result: contacts(500), toJSON: () => 'custom' }, 100)).toBeUndefined();
    expect(() => listJsonPieces({ result: [] }, 0)).toThrow(RangeError);
  });
});
