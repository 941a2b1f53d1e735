import { holdsLoneSurrogate } from './json-parser';

describe('holdsLoneSurrogate', () => {
  it('finds a lone surrogate escape in any string of a body, key or value, however deep', () => {
    for (const text of ['"\\ud800"', '"a\\udc00b"', '{"participants":[{"email":"\\ud800"}]}', '{"\\udbff":1}', '[[["x\\ud83d"]]]', '"\\uDFFF"']) {
      expect(holdsLoneSurrogate(text, JSON.parse(text))).toBe(true);
    }
  });

  it('accepts well-formed text, surrogate pairs (emoji) included, and values that are not strings', () => {
    // The last: an escaped backslash, then the letters "ud800", not an escape.
    for (const text of ['"Zoë 😀"', '"\\ud83d\\ude00"', '{"a":[1,true,null,{"b":"\\u00e9"}]}', '42', '"\\\\ud800"']) {
      expect(holdsLoneSurrogate(text, JSON.parse(text))).toBe(false);
    }
  });
});
