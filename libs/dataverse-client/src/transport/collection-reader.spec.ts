import fc from 'fast-check';
import { CollectionReader } from './collection-reader';

/** Feeds `body` in pieces cut at `cuts` (byte offsets) and returns what the reader handed over. */
function readInPieces(body: Buffer, cuts: number[]): { rows: unknown[]; rest: Record<string, unknown> } {
  const reader = new CollectionReader();
  const rows: unknown[] = [];
  const offsets = [...new Set([0, ...cuts.map((cut) => cut % (body.length + 1)), body.length])].sort((a, b) => a - b);
  for (let index = 1; index < offsets.length; index++) rows.push(...reader.push(body.subarray(offsets[index - 1], offsets[index])));
  return { rows, rest: reader.end() };
}

const tricky = fc.oneof(
  fc.string(),
  fc.constantFrom('"', '\\', '\\"', '{', '}', '[', ']', '"value":[', '},{', 'Zoë', '日本語', '😀', '\u2028'),
  fc.string({ unit: 'binary' }),
);
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, tricky, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(tricky, tie('value'), { maxKeys: 4 }),
})).value;
const row = fc.dictionary(tricky, jsonValue, { maxKeys: 6 });

describe('CollectionReader', () => {
  it('hands over exactly the rows JSON.parse finds, and the members around them, however the body is cut', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 12 }),
        fc.record({ '@odata.context': tricky, '@odata.count': fc.option(fc.nat()) }),
        fc.option(fc.webUrl()),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (rows, before, nextLink, cuts, indented) => {
          const collection = { ...before, value: rows, ...(nextLink ? { '@odata.nextLink': nextLink } : {}) };
          const body = Buffer.from(JSON.stringify(collection, null, indented ? 2 : undefined));
          const read = readInPieces(body, cuts);
          expect(read.rows).toEqual(JSON.parse(JSON.stringify(rows)));
          expect(read.rest).toEqual(JSON.parse(JSON.stringify({ ...collection, value: [] })));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads a page one byte at a time', () => {
    const body = Buffer.from(JSON.stringify({ '@odata.context': 'x', value: [{ a: '}"{' }, { b: [1, { c: '\\' }] }], '@odata.nextLink': 'https://org/next' }));
    const reader = new CollectionReader();
    const rows: unknown[] = [];
    for (let index = 0; index < body.length; index++) rows.push(...reader.push(body.subarray(index, index + 1)));
    expect(rows).toEqual([{ a: '}"{' }, { b: [1, { c: '\\' }] }]);
    expect(reader.end()).toEqual({ '@odata.context': 'x', value: [], '@odata.nextLink': 'https://org/next' });
  });

  it('parses a row longer than its chunks a bounded number of times, however many "},{" its strings hold', () => {
    const longRow = { notes: '{"a":1},{"b":2}'.repeat(15_000) };
    const body = Buffer.from(JSON.stringify({ value: [{ a: 1 }, longRow, { c: 3 }], '@odata.nextLink': 'n' }));
    const cuts = Array.from({ length: Math.ceil(body.length / 1024) }, (_, index) => index * 1024);
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(readInPieces(body, cuts).rows).toEqual([{ a: 1 }, longRow, { c: 3 }]);
      const charactersParsed = parse.mock.calls.reduce((total, [text]) => total + String(text).length, 0);
      expect(charactersParsed).toBeLessThan(4 * body.length);
    } finally {
      parse.mockRestore();
    }
  });

  it('reads a body that starts with a UTF-8 byte order mark, as a whole-body decode would', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ value: [{ a: 'Zoë' }], '@odata.nextLink': 'n' }))]);
    expect(readInPieces(body, [9])).toEqual({ rows: [{ a: 'Zoë' }], rest: { value: [], '@odata.nextLink': 'n' } });
  });

  it('parses a body without a value array whole at the end', () => {
    const body = Buffer.from(JSON.stringify({ error: { code: '0x80040217', message: 'Not found' }, values: [1] }));
    expect(readInPieces(body, [7, 30])).toEqual({ rows: [], rest: { error: { code: '0x80040217', message: 'Not found' }, values: [1] } });
  });

  it('does not mistake a value array deeper in the body, or a member named like it, for the rows', () => {
    const body = Buffer.from(JSON.stringify({ meta: { value: [{ a: 1 }] }, '"value"': 'x', value: [{ b: 2 }] }));
    expect(readInPieces(body, [5, 21])).toEqual({ rows: [{ b: 2 }], rest: { meta: { value: [{ a: 1 }] }, '"value"': 'x', value: [] } });
  });

  it.each([
    ['a body cut off inside the rows', '{"value":[{"a":1},{"b":'],
    ['a body cut off after the rows', '{"value":[{"a":1}],"@odata.nextLink":"htt'],
    ['a row that is not an object', '{"value":[{"a":1},2]}'],
    ['a row that is not an object, among rows cut at a separator', '{"value":[{"a":1},2,{"b":1},{"c":1}]}'],
    ['an array among rows cut at a separator', '{"value":[[{"a":1},{"b":1}],{"c":1}]}'],
    ['a closing bracket too many', '{"value":[{"a":1}]}}'],
    ['a row that is not JSON', '{"value":[{"a":tru}]}'],
  ])('fails on %s, whole or in pieces', (_case, text) => {
    const body = Buffer.from(text);
    const startOfRows = body.indexOf('[') + 1;
    for (const cuts of [[], [startOfRows]]) expect(() => readInPieces(body, cuts)).toThrow(SyntaxError);
  });
});
