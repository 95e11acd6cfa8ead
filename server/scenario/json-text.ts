// JSON parsing that says where a syntax error is, as line and column. Node 20's JSON.parse gives
// a character offset for some errors and none for others ("Unexpected token"), so on failure we
// rescan the text with a small strict scanner that stops at the first fault.

export type JsonResult = { ok: true; value: unknown } | { ok: false; line: number; column: number; reason: string };

class JsonFault {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Offset and reason of the first syntax error, or null if the text is valid JSON. */
export function findJsonFault(s: string): { at: number; reason: string } | null {
  let i = 0;
  const fail = (reason: string): never => {
    throw new JsonFault(i, i >= s.length ? 'unexpected end of file' : reason);
  };
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const expect = (c: string, what: string) => {
    ws();
    if (s[i] !== c) fail(`expected ${what}, found ${JSON.stringify(s[i])}`);
    i++;
  };
  const string = () => {
    i++; // opening quote
    while (i < s.length && s[i] !== '"') {
      if (s.charCodeAt(i) < 0x20) fail('line break or control character inside a string');
      if (s[i] === '\\') {
        i++;
        if (s[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) fail('bad \\u escape in a string');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(s[i] ?? 'x')) fail(`bad escape \\${s[i]} in a string`);
      }
      i++;
    }
    if (i >= s.length) fail('unterminated string');
    i++;
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{') {
      i++;
      ws();
      if (s[i] === '}') return void i++;
      for (;;) {
        ws();
        if (s[i] !== '"') fail(`expected a double-quoted key, found ${JSON.stringify(s[i])}`);
        string();
        expect(':', "':'");
        value();
        ws();
        if (s[i] === ',') { i++; continue; }
        if (s[i] === '}') return void i++;
        fail(`expected ',' or '}', found ${JSON.stringify(s[i])}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (s[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (s[i] === ',') { i++; continue; }
        if (s[i] === ']') return void i++;
        fail(`expected ',' or ']', found ${JSON.stringify(s[i])}`);
      }
    }
    if (c === '"') return string();
    NUMBER.lastIndex = i;
    if (NUMBER.test(s)) return void (i = NUMBER.lastIndex);
    for (const word of ['true', 'false', 'null']) if (s.startsWith(word, i)) return void (i += word.length);
    fail(`unexpected ${JSON.stringify(c)}`);
  };
  try {
    value();
    ws();
    if (i < s.length) fail(`unexpected ${JSON.stringify(s[i])} after the end of the JSON value`);
    return null;
  } catch (err) {
    if (err instanceof JsonFault) return { at: err.at, reason: err.reason };
    throw err;
  }
}

/** Parses JSON text (a leading byte-order mark is ignored); on error, the 1-based line and column. */
export function parseJson(text: string): JsonResult {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch (err) {
    const fault = findJsonFault(s) ?? { at: 0, reason: (err as Error).message };
    const before = s.slice(0, fault.at);
    const line = before.split('\n').length;
    const column = fault.at - (before.lastIndexOf('\n') + 1) + 1;
    return { ok: false, line, column, reason: fault.reason };
  }
}
