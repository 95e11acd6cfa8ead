import { describe, expect, it } from 'vitest';
import { findJsonFault, parseJson } from './json-text.ts';

describe('parseJson', () => {
  it('parses valid JSON, ignoring a byte-order mark', () => {
    expect(parseJson('\uFEFF{"a": [1, 2.5e3, "x\\n", true, null]}')).toEqual({ ok: true, value: { a: [1, 2500, 'x\n', true, null] } });
  });

  const cases: [string, string, number, number, string][] = [
    ['trailing comma', '{\n  "a": 1,\n}', 3, 1, 'expected a double-quoted key'],
    ['missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3, "expected ',' or '}'"],
    ['misspelt literal', '{"a": tru}', 1, 7, 'unexpected "t"'],
    ['unclosed array', '[1, 2', 1, 6, 'unexpected end of file'],
    ['line break in a string', '{"a": "x\ny"}', 1, 9, 'control character'],
    ['text after the value', '{}\n{}', 2, 1, 'after the end'],
    ['single quotes', "{'a': 1}", 1, 2, 'double-quoted key'],
    ['empty file', '', 1, 1, 'unexpected end of file'],
  ];
  it.each(cases)('locates a %s', (_name, text, line, column, fragment) => {
    const r = parseJson(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.line, r.column]).toEqual([line, column]);
    expect(r.reason).toContain(fragment);
  });

  it('agrees with JSON.parse on what is valid', () => {
    for (const s of ['0', '-0.5', '"\\u00e9"', '[]', '{"a":{"b":[{}]}}', ' 1 ']) expect(findJsonFault(s)).toBeNull();
    for (const s of ['01', '-', '1.', '"\\x"', '[1,]', '{"a" 1}']) {
      expect(() => JSON.parse(s)).toThrow();
      expect(findJsonFault(s)).not.toBeNull();
    }
  });
});
