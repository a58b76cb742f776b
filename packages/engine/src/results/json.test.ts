import { describe, expect, it } from 'vitest';
import { parseJsonText } from './json.js';

describe('parseJsonText: one line with the position for text that is not JSON, never the text echoed back', () => {
  it.each([
    ['{"metrics": {"a": NaN}}', "not JSON: unexpected 'N' at line 1, column 19 (position 18); NaN and Infinity are not JSON numbers"],
    ['{\n  "a": -Infinity\n}', "not JSON: unexpected 'I' at line 2, column 9 (position 10); NaN and Infinity are not JSON numbers"],
    ['\u0000\u0001PK\u0003\u0004\n\n', 'not JSON: unexpected U+0000 at line 1, column 1 (position 0); is it a binary file?'],
    ['{"a": "\ufffd\u0007"}', 'not JSON: unexpected U+0007 at line 1, column 9 (position 8); is it a binary file?'],
    ['{"a": 1', 'not JSON: the text ends too early, at line 1, column 8 (position 7)'],
    ['{"a": 1} {"b": 2}', "not JSON: unexpected '{' at line 1, column 10 (position 9)"],
    ['', 'not JSON: the text ends too early, at line 1, column 1 (position 0)'],
  ])('%j', (text, error) => {
    expect(parseJsonText(text)).toEqual({ error });
  });

  it('skips a UTF-8 byte-order mark', () => {
    expect(parseJsonText('\ufeff{"a": [1, "x"]}')).toEqual({ value: { a: [1, 'x'] } });
  });
});
