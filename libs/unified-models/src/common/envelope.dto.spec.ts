import fc from 'fast-check';
import { listEnvelopeJson, listEnvelopeOf } from './envelope.dto';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const utf8 = (json: string) => new TextEncoder().encode(json);

describe('a list envelope written from its records’ JSON', () => {
  it('is the bytes JSON.stringify writes for the same envelope', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 20 }),
        fc.option(fc.string({ unit: 'binary' }), { nil: null }),
        fc.option(fc.nat(), { nil: undefined }),
        (records, nextCursor, totalCount) => {
          const written = listEnvelopeJson(records.map((record) => utf8(JSON.stringify(record))), nextCursor, totalCount);
          expect(text(written.bytes)).toBe(JSON.stringify(listEnvelopeOf(records, nextCursor, totalCount)));
        },
      ),
    );
  });

  it('counts the records and says when there is no next page', () => {
    expect(text(listEnvelopeJson([utf8('{"id":"a"}'), utf8('{"id":"é"}')], null).bytes)).toBe('{"result":[{"id":"a"},{"id":"é"}],"next_cursor":null,"result_count":2}');
    expect(text(listEnvelopeJson([], 'next', 0).bytes)).toBe('{"result":[],"next_cursor":"next","result_count":0,"total_count":0}');
  });
});
