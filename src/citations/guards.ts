/**
 * False-alarm guards for numbers that carry no regulatory marker: prices,
 * measurements, versions, part and room numbers, IP-like and grouped numbers.
 */

/** Words and symbols that, right before a number, make it a price, version, identifier or location. */
const NOT_A_CITATION_BEFORE = new RegExp(
  String.raw`(?:[$€£¥#]|(?<![A-Za-z])(?:` +
    [
      'usd', 'eur', 'gbp', 'chf', 'jpy', 'cad', 'aud', 'inr', 'price', 'cost', 'fee', 'total', 'subtotal', 'amount', 'sum',
      'version', 'ver', 'v', 'rev', 'revision', 'release', 'build',
      'room', 'rm', 'bldg', 'building', 'suite', 'ste', 'floor', 'lot', 'batch', 'serial', 's/n', 'sn', 'p/n', 'pn',
      'part\\s+no', 'number', 'item', 'qty', 'quantity', 'sku', 'model', 'catalog', 'catalogue', 'dwg', 'drawing',
      'tel', 'phone', 'fax', 'ip', 'page', 'pp', 'fig', 'figure', 'table',
      'no\\.', 'nr\\.', 'cat\\.', 'id:',
    ].join('|') +
    String.raw`))[\s.:#]*$`,
  'i',
);

/** What, right after a number, makes it something other than a citation. */
const NOT_A_CITATION_AFTER = new RegExp(
  String.raw`^(?:[A-Za-z0-9_]|[.,][0-9]|[-–‐‑/][0-9]|[ \u00a0]?(?:` +
    [
      'mm', 'cm', 'km', 'µm', 'um', 'nm', 'kg', 'mg', 'µg', 'mcg', 'lbs?', 'oz', 'ml', 'hz', 'khz', 'mhz', 'ghz', 'mv', 'kv', 'ma', 'kw',
      '°[cf]?', '%', '‰', 'psi', 'kpa', 'mpa', 'bar', 'usd', 'eur', 'gbp', 'chf', 'jpy', 'cad', 'aud', 'dollars?', 'euros?', 'pcs', 'units?',
    ].join('|') +
    String.raw`)(?![A-Za-z]))`,
  'i',
);

/** Digits followed by one space right before the number: a grouped number such as "12 820.30". */
const GROUPED_DIGITS_BEFORE = /\d[ \u00a0\u2009\u202f]$/;

/** True when the words just before `start` say the number is not a citation. */
export function badContextBefore(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  return NOT_A_CITATION_BEFORE.test(before) || GROUPED_DIGITS_BEFORE.test(before);
}

/** True when the characters at `end` say the number is not a citation (units, more digits, a letter glued on). */
export function badContextAfter(text: string, end: number): boolean {
  return NOT_A_CITATION_AFTER.test(text.slice(end, end + 12));
}
