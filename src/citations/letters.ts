/**
 * Subpart letters after the word "Subpart(s)": "M", "C-O", "A and B", "C, D, and E".
 */
import type { Candidate, Env, Policy } from './candidate.js';
import { readRangeMark, readSeparator } from './lexer.js';
import { formatPartCitation } from './normalise.js';

/** One subpart letter and where it is. */
export interface Letter {
  letter: string;
  start: number;
  end: number;
}

/** A single letter standing alone at `pos`; upper case only when scanning documents ("subpart a" is prose). */
export function readLetter(env: Env, pos: number): Letter | undefined {
  const c = env.text[pos];
  const next = env.text[pos + 1];
  if (c === undefined || !/[A-Za-z]/.test(c) || (next !== undefined && /[A-Za-z0-9]/.test(next))) return undefined;
  if (!env.single && c !== c.toUpperCase()) return undefined;
  return { letter: c.toUpperCase(), start: pos, end: pos + 1 };
}

/** The letters of a (possibly plural) subpart reference starting with `first`; `range` when written "C-O". */
export function readLetters(env: Env, first: Letter, plural: boolean): { letters: Letter[]; range: boolean } {
  if (!plural) return { letters: [first], range: false };
  const mark = readRangeMark(env.text, first.end);
  const to = mark ? readLetter(env, mark.end) : undefined;
  if (to && to.letter > first.letter) return { letters: [first, to], range: true };
  const letters = [first];
  for (;;) {
    const after = readSeparator(env.text, letters[letters.length - 1]!.end);
    const next = after >= 0 ? readLetter(env, after) : undefined;
    if (!next) break;
    letters.push(next);
  }
  return { letters, range: false };
}

/**
 * One candidate per letter of part `part`: the first starts at `start` (its prefix),
 * the last ends at `lastEnd` (which may include "of part 820").
 */
export function letterCandidates(env: Env, pol: Policy, part: number, start: number, letters: readonly Letter[], range: boolean, lastEnd: number, trusted = true): Candidate[] {
  const refs = letters.map((l, i): Candidate => {
    const from = i === 0 ? start : l.start;
    const to = i === letters.length - 1 ? lastEnd : l.end;
    return {
      ref: {
        part,
        paragraphs: [],
        subpart: l.letter,
        citation: formatPartCitation(part, l.letter),
        start: from,
        end: to,
        raw: env.text.slice(from, to),
        form: range ? 'range' : i === 0 ? 'subpart' : 'list',
        explicit: pol.explicit,
      },
      needs: 'none',
      drop: pol.drop || !trusted,
    };
  });
  if (range && refs.length === 2) refs[0]!.ref.range = { to: refs[1]!.ref.citation };
  return refs;
}
