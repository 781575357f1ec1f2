/**
 * Every match of a global pattern, like `String.prototype.matchAll` but
 * without cloning the pattern on each call (matchAll copies the RegExp, which
 * dominates the cost when a few dozen patterns run over thousands of short
 * paragraphs). The pattern's `lastIndex` is reset before and after.
 */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  if (!pattern.global) throw new TypeError(`allMatches needs a global pattern: /${pattern.source}/${pattern.flags}`);
  const out: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = pattern.exec(text)) !== null) {
    out.push(m);
    // An empty match would match again at the same place forever.
    if (m[0].length === 0) pattern.lastIndex = advance(text, pattern.lastIndex, pattern.unicode || pattern.flags.includes('v'));
  }
  pattern.lastIndex = 0;
  return out;
}

/** The index after `i`, stepping over a whole surrogate pair in unicode mode. */
function advance(text: string, i: number, unicode: boolean): number {
  if (!unicode || i + 1 >= text.length) return i + 1;
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? i + 2 : i + 1;
}
