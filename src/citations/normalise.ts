/**
 * Normal forms: paragraph tokens, paragraph levels and citation strings.
 *
 * CFR paragraph levels: (1) lower-case letters, doubled for 820.3(aa)–(dd);
 * (2) digits; (3) lower-case roman numerals; (4) upper-case letters (italic
 * digits in print). Everything is normalised to lower case.
 */

const ROMAN = /^(?=[ivxl])l?x{0,3}(?:ix|iv|v?i{0,3})$/;
const LETTER = /^([a-z])\1?$/;
const DIGITS = /^[1-9]\d?$/;

/** True when `token` (the text between parentheses or wiki dots) can be a CFR paragraph designator. */
export function isParagraphToken(token: string): boolean {
  if (DIGITS.test(token)) return true;
  if (/^[A-Z]$/.test(token)) return true;
  const lower = token.toLowerCase();
  if (token !== lower && token !== token.toUpperCase()) return false; // mixed case: "Ab"
  return LETTER.test(lower) || ROMAN.test(lower);
}

/** Lower-case form of a paragraph token. */
export function normaliseParagraph(token: string): string {
  return token.toLowerCase();
}

/**
 * Can `token` sit at paragraph `level` (1-based)? Used to decide which level a
 * continuation such as the "(2)" of "820.20(b)(1) and (2)" replaces.
 */
export function fitsLevel(token: string, level: number): boolean {
  const t = token.toLowerCase();
  switch (level) {
    case 1:
      return LETTER.test(t);
    case 2:
      return DIGITS.test(t);
    case 3:
      return ROMAN.test(t);
    default:
      return DIGITS.test(t) || /^[a-z]$/.test(t);
  }
}

/**
 * The chain for a paragraph-only continuation `tokens` after the chain `prev`:
 * keep the levels above the deepest one that `tokens[0]` fits, replace the rest.
 * `undefined` when it fits no level of `prev`.
 */
export function continueChain(prev: readonly string[], tokens: readonly string[]): string[] | undefined {
  const first = tokens[0];
  if (first === undefined) return undefined;
  for (let level = prev.length; level >= 1; level--) {
    if (fitsLevel(first, level)) return [...prev.slice(0, level - 1), ...tokens.map(normaliseParagraph)];
  }
  return undefined;
}

/** `'820.30'` + `['b','3','ii']` → `'820.30(b)(3)(ii)'`. */
export function formatCitation(section: string, paragraphs: readonly string[]): string {
  return section + paragraphs.map((p) => `(${p})`).join('');
}

/** `'Part 820'`, `'Subpart M'` (Part 820) or `'Part 807, Subpart E'`. */
export function formatPartCitation(part: number, subpart?: string): string {
  if (subpart === undefined) return `Part ${part}`;
  return part === 820 ? `Subpart ${subpart}` : `Part ${part}, Subpart ${subpart}`;
}

/** Lower-case words of a heading, for comparing subpart titles: "Design Controls for the" → ['design', 'controls', 'for', 'the']. */
export function titleWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}
