/** Where JSON.parse stopped: V8's messages name a position for some errors only, so the text is scanned again. */
function syntaxErrorAt(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const whitespace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) fail();
    i++;
  };
  const string = () => {
    expect('"');
    for (;;) {
      const char = text[i];
      if (char === undefined || char < ' ') fail();
      i++;
      if (char === '"') return;
      if (char === '\\') {
        if (text[i] === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
            i++;
          }
        } else if ('"\\/bfnrt'.includes(text[i] ?? '_')) i++;
        else fail();
      }
    }
  };
  const digits = () => {
    const start = i;
    while (/[0-9]/.test(text[i] ?? '')) i++;
    if (i === start) fail();
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    whitespace();
    const char = text[i];
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      i++;
      whitespace();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (close === '}') {
          whitespace();
          string();
          whitespace();
          expect(':');
        }
        value();
        whitespace();
        if (text[i] !== ',') {
          expect(close);
          return;
        }
        i++;
      }
    }
    if (char === '"') string();
    else if (char === '-' || /[0-9]/.test(char ?? '')) number();
    else {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i)) ?? fail();
      i += word.length;
    }
  };
  try {
    value();
    whitespace();
    return i < text.length ? i : undefined;
  } catch (position) {
    // A RangeError is nesting too deep to scan: no position then.
    return typeof position === 'number' ? position : undefined;
  }
}

function describeAt(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const char = text[position];
  const where = `at line ${line}, column ${column} (position ${position})`;
  if (char === undefined) return `the text ends too early, ${where}`;
  const code = char.charCodeAt(0);
  if (code < 0x20 || code === 0xfffd || code === 0x7f) {
    return `unexpected U+${code.toString(16).toUpperCase().padStart(4, '0')} ${where}; is it a binary file?`;
  }
  const hint = /^(NaN|-?Infinity)/.test(text.slice(position - (text[position - 1] === '-' ? 1 : 0))) ? '; NaN and Infinity are not JSON numbers' : '';
  return `unexpected '${char}' ${where}${hint}`;
}

/**
 * Parses JSON text as a results reader should: a leading UTF-8 byte-order mark is skipped, and a syntax
 * error (binary input, NaN, a cut-off file) is one line, `not JSON: unexpected 'N' at line 3, column 12
 * (position 57)`, never the input echoed back.
 */
export function parseJsonText(text: string): { value: unknown; error?: undefined } | { value?: undefined; error: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body) as unknown };
  } catch {
    const position = syntaxErrorAt(body);
    return { error: `not JSON: ${position === undefined ? 'nested too deeply to read' : describeAt(body, position)}` };
  }
}
