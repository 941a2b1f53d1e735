import { decodeSkiptoken, encodeSkiptoken } from './paging-cookie';

describe('paging cookie', () => {
  // From page-results.md (collection-page1-nextlink.json).
  const SAMPLE =
    '%3Ccookie%20pagenumber=%222%22%20pagingcookie=%22%253ccookie%2520page%253d%25221%2522%253e%253ccontactid%2520last%253d%2522%257bD5026A4D-D01C-ED11-B83E-000D3A572421%257d%2522%2520first%253d%2522%257b49B0BE2E-D01C-ED11-B83E-000D3A572421%257d%2522%2520%252f%253e%253c%252fcookie%253e%22%20istracking=%22False%22%20/%3E';

  it('encodes byte for byte like the documented nextLink', () => {
    const token = encodeSkiptoken({
      pageNumber: 2,
      keys: [{ name: 'contactid', last: '{D5026A4D-D01C-ED11-B83E-000D3A572421}', first: '{49B0BE2E-D01C-ED11-B83E-000D3A572421}' }],
    });
    expect(token).toBe(SAMPLE);
  });

  it('decodes the documented cookie after the query string decoding', () => {
    expect(decodeSkiptoken(decodeURIComponent(SAMPLE))).toEqual({
      pageNumber: 2,
      keys: [{ name: 'contactid', last: '{D5026A4D-D01C-ED11-B83E-000D3A572421}', first: '{49B0BE2E-D01C-ED11-B83E-000D3A572421}' }],
    });
  });

  it('round-trips sort values with quotes, ampersands and nulls', () => {
    const cookie = { pageNumber: 7, keys: [{ name: 'lastname', last: `O'Bryan & "Sons" <x>`, first: null }, { name: 'contactid', last: '{A}', first: '{B}' }] };
    expect(decodeSkiptoken(decodeURIComponent(encodeSkiptoken(cookie)))).toEqual(cookie);
  });

  it('rejects something that is not a cookie', () => {
    expect(decodeSkiptoken('12')).toBeUndefined();
  });
});
