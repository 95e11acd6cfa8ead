import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv.ts';

const fields = (text: string, d = ',') => parseCsv(text, d).map((r) => r.fields);

/** Writes records the RFC 4180 way, quoting only what needs it (and empty single-field records). */
function writeCsv(records: string[][], eol: string, d: string): string {
  const quote = (f: string) => (/["\r\n]/.test(f) || f.includes(d) ? `"${f.replace(/"/g, '""')}"` : f);
  return records.map((r) => (r.length === 1 && r[0] === '' ? '""' : r.map(quote).join(d))).join(eol);
}

describe('parseCsv', () => {
  it('splits plain fields and records on LF, CRLF and CR', () => {
    expect(fields('a,b,c\n1,2,3\r\n4,5,6\r7,8,9')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '5', '6'],
      ['7', '8', '9'],
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    expect(fields('"a,b","say ""hi""","two\r\nlines",""\n')).toEqual([['a,b', 'say "hi"', 'two\r\nlines', '']]);
  });

  it('keeps empty fields, leading and trailing', () => {
    expect(fields(',a,\n,,\n')).toEqual([
      ['', 'a', ''],
      ['', '', ''],
    ]);
  });

  it('drops a byte-order mark and a final line break, and skips blank lines', () => {
    expect(fields('\ufeff时间,经度\n\n1,2\n\r\n')).toEqual([
      ['时间', '经度'],
      ['1', '2'],
    ]);
  });

  it('numbers each record by the line it starts on', () => {
    const recs = parseCsv('h1,h2\r\n"multi\nline\r\nvalue",x\n\nlast,"q\rq"\nend,');
    expect(recs.map((r) => r.line)).toEqual([1, 2, 6, 8]);
    expect(recs[1].fields[0]).toBe('multi\nline\r\nvalue');
  });

  it('supports other delimiters, with the comma then plain text', () => {
    expect(fields('a;b,c;"d;e"', ';')).toEqual([['a', 'b,c', 'd;e']]);
    expect(fields('a\tb c\t"d\te"', '\t')).toEqual([['a', 'b c', 'd\te']]);
  });

  it('keeps a quote inside an unquoted field as a character', () => {
    expect(fields('5"3,x')).toEqual([['5"3', 'x']]);
  });

  it('rejects an unterminated quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\n1,"open\n2,3')).toThrow(/^line 2: a quoted field is never closed/);
    expect(() => parseCsv('a\n"x"y,2')).toThrow(/^line 2: unexpected "y" after a closing quote/);
  });

  it('rejects a delimiter it cannot use', () => {
    expect(() => parseCsv('a', '"')).toThrow(RangeError);
    expect(() => parseCsv('a', ',,')).toThrow(RangeError);
  });

  it('reads back whatever an RFC 4180 writer writes', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', ';', '"', '\n', '\r', '中', '\t'), maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom(',', ';', '\t'),
        fc.boolean(),
        (records, eol, d, trailing) => {
          const text = writeCsv(records, eol, d) + (trailing ? eol : '');
          expect(fields(text, d)).toEqual(records);
        },
      ),
      { numRuns: 500 },
    );
  });
});
