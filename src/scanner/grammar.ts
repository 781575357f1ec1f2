/**
 * Small English grammar helpers so a replaced term reads right in its
 * sentence: plurals ("DHRs" → "production records"), the indefinite article
 * ("a DMR" → "an MDF") and a capital at the start of a sentence.
 */

/** Plural of a word or phrase (the last word changes): record → records, activity → activities, MDF → MDFs. */
export function pluralise(phrase: string): string {
  const m = /^(.*?)(\p{L}+)([^\p{L}]*)$/u.exec(phrase);
  if (!m) return phrase;
  const [, head, word, tail] = m as unknown as [string, string, string, string];
  if (/^\p{Lu}{2,}$/u.test(word)) return `${head}${word}s${tail}`;
  if (/[^aeiou]y$/i.test(word)) return `${head}${word.slice(0, -1)}ies${tail}`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${head}${word}es${tail}`;
  return `${head}${word}s${tail}`;
}

/** Letters whose spoken name starts with a vowel sound (an MDF, an HCT/P, a UDI). */
const VOWEL_SOUND_LETTERS = new Set('AEFHILMNORSX');

/** "a" or "an" before `phrase`. */
export function indefiniteArticle(phrase: string): 'a' | 'an' {
  const word = /\p{L}[\p{L}/-]*/u.exec(phrase)?.[0] ?? '';
  if (/^\p{Lu}{2,}/u.test(word)) return VOWEL_SOUND_LETTERS.has(word[0]!) ? 'an' : 'a';
  if (/^(uni|use|usu|uti|eu|one)/i.test(word)) return 'a';
  if (/^(hour|honest|honou?r)/i.test(word)) return 'an';
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** True when `before` (the text ahead of a match) ends a sentence or is empty (white space, quotes and brackets aside). */
export function atSentenceStart(before: string): boolean {
  // Read backwards: only the end of the text matters, however long it is.
  let i = before.length;
  while (i > 0 && /[\s"'“‘([]/.test(before[i - 1]!)) i--;
  return i === 0 || /[.!?:]/.test(before[i - 1]!);
}

/** Capitalise the first letter. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
