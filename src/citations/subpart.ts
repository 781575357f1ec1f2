/**
 * References that start with the word "Subpart": "Subpart C", "subpart A of
 * part 820", "Subparts C-O", "Subpart C—Design Controls", "subpart E of part 807".
 *
 * A bare lower-case "subpart G" in running text is how the CFR points within
 * its own part ("records prescribed in subpart G" in part 812), so it is Part
 * 820's only when the text around it is about Part 820 (find.ts).
 */
import type { Env, GroupResult, Needs } from './candidate.js';
import { policy } from './candidate.js';
import { PART_820_SUBPART_TITLES } from './known.js';
import { skipWs } from './lexer.js';
import { letterCandidates, readLetter, readLetters } from './letters.js';
import { titleWords } from './normalise.js';

/** "of part 807", "of 21 CFR part 1271"; a full stop may end the sentence ("of part 807."), not a section number ("of part 807.87"). */
const OF_PART = /[\s\u200b]+of[\s\u200b]+(?:(?:title[\s\u200b]+)?(\d{1,3})[\s\u200b]*(?:C\.[ ]?F\.[ ]?R\.?|CFR)[\s\u200b]*)?parts?[\s\u200b]*(\d{1,5})(?!\d|\.\d)/iy;
const OF_QSR = /[\s\u200b]+of[\s\u200b]+(?:the[\s\u200b]+)?(?:QSR|QS[ ]?Reg(?:ulation)?|Quality[\s\u200b]+System[\s\u200b]+Regulation)(?![a-z])/iy;
/** "subpart E of this part/chapter/guidance": whatever the document is about; ambiguous. */
const OF_THIS = /[\s\u200b]+of[\s\u200b]+this[\s\u200b]+[a-z]+/iy;
/** A heading after the letter: "—Design Controls", " - Design \nControls", ": Records". */
const TITLE = /[ \t\u00a0]*(?:[—–-]{1,2}|:)[ \t\u00a0]*([^\n\r]{1,80}(?:\r?\n[^\n\r]{1,40})?)/y;
/** Subparts whose Part 820 title is too generic to identify Part 820 ("General Provisions"). */
const GENERIC_TITLES = new Set(['A']);

/** Does the heading after "Subpart C—" match a Part 820 title of that letter (at least its first two words, or all of a shorter title)? */
function titleMatches(letter: string, heading: string): boolean {
  const words = titleWords(heading);
  return (PART_820_SUBPART_TITLES[letter] ?? []).some((title) => {
    const expected = titleWords(title);
    const n = Math.min(words.length, expected.length);
    return n >= Math.min(2, expected.length) && words.slice(0, n).join(' ') === expected.slice(0, n).join(' ');
  });
}

/** Reads the group for a "Subpart"/"Subparts" word at `start`, `wordEnd` being just past the word. */
export function readSubpart(env: Env, start: number, wordEnd: number, plural: boolean): GroupResult | undefined {
  const text = env.text;
  const first = readLetter(env, skipWs(text, wordEnd));
  if (!first) return undefined;
  const { letters, range } = readLetters(env, first, plural);
  const last = letters[letters.length - 1]!;

  OF_PART.lastIndex = last.end;
  const of = OF_PART.exec(text);
  if (of) {
    const part = Number(of[2]);
    const title21 = of[1] === undefined || of[1] === '21';
    if (part !== 820) env.otherSubpart = true;
    const trusted = title21 && of[2]![0] !== '0' && part >= 1 && part <= 1499;
    return { refs: letterCandidates(env, policy({ form: 'subpart' }), part, start, letters, range, OF_PART.lastIndex, trusted), end: OF_PART.lastIndex };
  }
  OF_QSR.lastIndex = last.end;
  if (OF_QSR.test(text)) return { refs: letterCandidates(env, policy({ form: 'subpart' }), 820, start, letters, range, last.end), end: last.end };
  OF_THIS.lastIndex = last.end;
  if (!env.single && OF_THIS.test(text)) {
    env.otherSubpart = true;
    return { refs: [], end: OF_THIS.lastIndex };
  }

  // A bare subpart: Part 820 only when the text is about Part 820 (decided in find.ts).
  const refs = letterCandidates(env, policy({ form: 'subpart', explicit: false }), 820, start, letters, range, last.end);
  TITLE.lastIndex = last.end;
  const title = letters.length === 1 ? TITLE.exec(text) : null;
  // A typed heading ("Subpart A—General Provisions") is read whole when the title is Part 820's; another part's title is left unread.
  if (env.single) return { refs, end: title && titleMatches(last.letter, title[1]!) ? TITLE.lastIndex : last.end };
  if (letters.some((l) => l.letter > 'O')) return { refs: [], end: last.end };
  let needs: Needs = 'subpart-untitled';
  if (title && !titleMatches(last.letter, title[1]!)) needs = 'subpart-foreign-title';
  else if (title && !GENERIC_TITLES.has(last.letter)) needs = 'subpart-titled';
  else if (!title && text[start] === 's') needs = 'subpart-cross-reference';
  return { refs: refs.map((c) => ({ ...c, needs })), end: last.end };
}
