import { holdsLoneSurrogate } from './json-parser';

describe('holdsLoneSurrogate', () => {
  it('finds a lone surrogate escape in any string of a body, key or value, however deep', () => {
    for (const text of ['"\\ud800"', '"a\\udc00b"', '{"participants":[{"email":"\\ud800"}]}', '{"\\udbff":1}', '[[["x\\ud83d"]]]']) {
      expect(holdsLoneSurrogate(JSON.parse(text))).toBe(true);
    }
  });

  it('accepts well-formed text, surrogate pairs (emoji) included, and values that are not strings', () => {
    for (const text of ['"Zoë 😀"', '"\\ud83d\\ude00"', '{"a":[1,true,null,{"b":"\\u00e9"}]}', '42']) {
      expect(holdsLoneSurrogate(JSON.parse(text))).toBe(false);
    }
  });
});
