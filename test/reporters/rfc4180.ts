/**
 * A strict RFC 4180 reader for tests: CRLF between records, fields quoted with
 * `"` when they hold commas, quotes or line breaks, quotes doubled inside.
 * Throws on anything else (a bare LF or CR outside quotes, a stray quote), so a
 * reporter that gets quoting wrong fails the test instead of parsing "somehow".
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const endField = (): void => {
    record.push(field);
    field = '';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '' && (i === 0 || ',\n'.includes(text[i - 1]!))) {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++]!;
      }
      if (i < text.length && text[i] !== ',' && !text.startsWith('\r\n', i)) throw new Error(`junk after quoted field at ${i}`);
      continue;
    }
    if (ch === ',') {
      endField();
      i++;
    } else if (text.startsWith('\r\n', i)) {
      endField();
      records.push(record);
      record = [];
      i += 2;
    } else if (ch === '\r' || ch === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else if (ch === '"') {
      throw new Error(`quote inside unquoted field at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('last record does not end with CRLF');
  return records;
}
