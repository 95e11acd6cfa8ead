// A small RFC 4180 CSV reader: fields split by a one-character delimiter; records end at CRLF, LF
// or a lone CR; a field in double quotes may hold delimiters, line breaks and doubled quotes
// (`""` is one `"`). A leading byte-order mark is dropped. Each record keeps the line where it
// starts, so errors can name the line a user sees in an editor even when quoted fields span lines.
//
// Lenient where real exports break the RFC but the meaning is plain: a quote inside an unquoted
// field is kept as a character, and records may have different numbers of fields (the caller
// decides). Strict where the meaning is lost: an unterminated quoted field, or text after a
// closing quote, throws CsvSyntaxError naming the line.

export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts */
  line: number;
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/**
 * Splits CSV text into records. Blank lines (no characters at all) are skipped; a line holding
 * only delimiters is a record of empty fields.
 */
export function parseCsv(text: string, delimiter = ','): CsvRecord[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new RangeError(`Unexpected CSV delimiter: ${JSON.stringify(delimiter)}.`);
  }
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  while (i < n) {
    const start = line;
    // A blank line: no record.
    if (text[i] === '\n' || text[i] === '\r') {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text[i] === '"') {
        const quoteLine = line;
        let buf = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed (missing ")');
          buf += text.slice(j, q);
          if (text[q + 1] === '"') {
            buf += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        line += countLineBreaks(text, i, j);
        i = j;
        if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvSyntaxError(line, `unexpected ${JSON.stringify(text[i])} after a closing quote; a quote inside a quoted field is written ""`);
        }
        value = buf;
      } else {
        let j = i;
        while (j < n && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j++;
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break; // end of line or of text
    }
    if (i < n) {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    }
    records.push({ fields, line: start });
  }
  return records;
}

/** Line breaks (CRLF, LF or CR, each counted once) in text[from, to). */
function countLineBreaks(text: string, from: number, to: number): number {
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '\n') k++;
    else if (c === '\r' && text[i + 1] !== '\n') k++;
  }
  return k;
}
