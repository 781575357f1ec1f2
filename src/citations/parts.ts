/**
 * Part-level references: "21 CFR Part 820", "part 806", "21 CFR 210/211",
 * "Parts 803, 806, and 807", and subparts named after their part
 * ("21 CFR 820 Subpart M", "Part 820, Subpart E", "21 CFR 801 - Subpart C",
 * "21 CFR 801, Subparts A and E").
 */
import type { Candidate, Env, GroupResult, Policy } from './candidate.js';
import { MAX_TITLE_21_PART } from './known.js';
import { readNumber, readSeparator, skipWs, type NumberToken } from './lexer.js';
import { letterCandidates, readLetter, readLetters } from './letters.js';
import { formatPartCitation } from './normalise.js';
import type { CitationForm } from './types.js';

const SUBPART_AFTER_PART = /[\s\u200b]*[,\-–—]?[\s\u200b]*(subparts?)(?![a-z])/iy;
const SLASH = /[ \t]*\/[ \t]*/y;
const NOT_A_PART_AFTER = /^(?:[\s\u200b]*(?:C\.?[ ]?F\.?[ ]?R|CRF)(?![a-z])|\()/i;
const LINE_END = /^[ \t]*(?:\r?\n|$)/;

/** May a part number be reported? Small numbers ("Part 2" of a manual, ISO "part 1") only after "CFR". */
function trustedPart(env: Env, pol: Policy, digits: string): boolean {
  const part = Number(digits);
  if (digits[0] === '0') return false;
  if (part === 820) return true;
  if (part < 1 || part > MAX_TITLE_21_PART) return false;
  return env.single || pol.otherParts === 'any' || part >= 100;
}

function partCandidate(env: Env, pol: Policy, part: number, start: number, end: number, form: CitationForm, trusted: boolean): Candidate {
  return {
    ref: { part, paragraphs: [], citation: formatPartCitation(part), start, end, raw: env.text.slice(start, end), form, explicit: pol.explicit },
    needs: 'none',
    drop: pol.drop || !trusted,
  };
}

/** "Subpart M" / "Subparts A and E" right after a part number ending at `end`. */
function subpartsAfter(env: Env, pol: Policy, digits: string, start: number, end: number): GroupResult | undefined {
  const part = Number(digits);
  SUBPART_AFTER_PART.lastIndex = end;
  const word = SUBPART_AFTER_PART.exec(env.text);
  if (!word) return undefined;
  const first = readLetter(env, skipWs(env.text, SUBPART_AFTER_PART.lastIndex));
  if (!first) return undefined;
  const { letters, range } = readLetters(env, first, word[1]!.length === 8);
  if (part !== 820) env.otherSubpart = true;
  const last = letters[letters.length - 1]!.end;
  return { refs: letterCandidates(env, pol, part, start, letters, range, last, trustedPart(env, pol, digits)), end: last };
}

/**
 * Reads a part-only reference group at `pos` (number already read as `num`).
 * A number that is no Title 21 part is still read, so that its subpart is not
 * mistaken for one of Part 820, but nothing is reported for it.
 */
export function readParts(env: Env, pol: Policy, start: number, pos: number, num: NumberToken): GroupResult | undefined {
  if (!pol.partOnly) return undefined;
  const text = env.text;
  const part = Number(num.part);
  let end = pos + num.part.length;
  // "21 CFR 21 CFR 803.56" (a repeated title), "21 CFR 515(d)" (an Act section), not parts.
  if (num.section === undefined && NOT_A_PART_AFTER.test(text.slice(end, end + 12))) return undefined;

  const subparts = num.section === undefined ? subpartsAfter(env, pol, num.part, start, end) : undefined;
  if (subparts) return subparts;

  // "21 CFR\n9\n": a page number after a line break, alone on its line.
  const pageNumber = part !== 820 && /\n/.test(text.slice(start, pos)) && LINE_END.test(text.slice(end, end + 12));
  const refs = [partCandidate(env, pol, part, start, end, 'part', !pageNumber && trustedPart(env, pol, num.part))];
  if (num.section !== undefined) return { refs, end }; // "Parts 803, … and 820.22": the ".22" is a footnote mark
  for (;;) {
    let next: number;
    if (pol.pluralParts) {
      next = readSeparator(text, end);
    } else {
      SLASH.lastIndex = end;
      next = SLASH.exec(text) ? SLASH.lastIndex : -1;
    }
    if (next < 0) break;
    const n = readNumber(text, next);
    if (!n || n.part.length > 4 || n.part[0] === '0' || (!pol.pluralParts && n.section !== undefined)) break;
    if (n.section === undefined && NOT_A_PART_AFTER.test(text.slice(next + n.part.length, next + n.part.length + 12))) break;
    end = next + n.part.length;
    refs.push(partCandidate(env, pol, Number(n.part), next, end, 'list', trustedPart(env, pol, n.part)));
    if (n.section !== undefined) break;
  }
  return { refs, end };
}
