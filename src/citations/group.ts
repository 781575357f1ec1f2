/**
 * Reads the numbers after a prefix: one section with its paragraphs, then any
 * list items (", 820.22", ", .184", ", (g)") and ranges ("-(j)", "—820.30",
 * "-75"), one reference per item. Part-only references are read by parts.ts.
 */
import type { Candidate, Env, GroupResult, Policy } from './candidate.js';
import { badContextAfter } from './guards.js';
import { MAX_TITLE_21_PART } from './known.js';
import { readNumber, readParagraphs, readRangeMark, readSeparator, readWikiSegments, skipWs, type NumberToken } from './lexer.js';
import { continueChain, formatCitation } from './normalise.js';
import { readParts } from './parts.js';
import type { CitationForm } from './types.js';

/** A footnote number glued to the last item of a list: "820.80 and 820.160.1 For example". */
const FOOTNOTE_MARK = /^\.\d{1,3}\s/;

/** One section item: "820.30(g)" or the "(i)" of "820.30(f), (g), and (i)". */
interface Item {
  part: number;
  section: string;
  sectionNumber: number;
  paragraphs: string[];
  start: number;
  end: number;
}

/** A part number as written: 1 to 1499, no leading zero. */
export function validPart(digits: string): boolean {
  return digits.length <= 4 && digits[0] !== '0' && Number(digits) >= 1 && Number(digits) <= MAX_TITLE_21_PART;
}

/** May `part`.`digits` be a section under this policy? After a previous item (`previousPart`), another part must be 100 or up unless it repeats the previous part. */
function acceptSection(env: Env, pol: Policy, part: number, digits: string, previousPart?: number): boolean {
  if (digits.length === 0 || digits[0] === '0') return false;
  if (part === 820) {
    if (digits.length > 3) return false;
    return env.single || !pol.knownOnly || env.known.has(`820.${digits}`);
  }
  if (digits.length > 4) return false;
  if (env.single || part === previousPart) return true;
  const rule = previousPart !== undefined && pol.otherParts === 'any' ? 'big' : pol.otherParts;
  switch (rule) {
    case 'any':
      return true;
    case 'big':
      return part >= 100;
    case 'big-or-long-section':
      return part >= 100 || digits.length >= 2;
    case 'none':
      return false;
  }
}

/** The section item for number `num` read at `start`, with its paragraphs; undefined when the policy refuses it. */
function sectionItem(env: Env, pol: Policy, start: number, num: NumberToken, previousPart?: number): Item | undefined {
  if (num.section === undefined || !validPart(num.part)) return undefined;
  const part = Number(num.part);
  if (pol.needs === 'bare' && !env.single && part !== 820) return undefined;
  if (!acceptSection(env, pol, part, num.section, previousPart)) return undefined;
  const section = `${part}.${num.section}`;
  const paras = pol.wiki ? readWikiSegments(env.text, num.end) : pol.paragraphs ? readParagraphs(env.text, num.end) : { paragraphs: [], end: num.end };
  return { part, section, sectionNumber: Number(num.section), paragraphs: paras.paragraphs, start, end: paras.end };
}

function toCandidate(env: Env, pol: Policy, item: Item, form: CitationForm, start = item.start): Candidate {
  return {
    ref: {
      part: item.part,
      section: item.section,
      paragraphs: item.paragraphs,
      citation: formatCitation(item.section, item.paragraphs),
      start,
      end: item.end,
      raw: env.text.slice(start, item.end),
      form,
      explicit: pol.explicit,
    },
    needs: pol.needs,
    drop: pol.drop,
  };
}

/** Paragraph-only continuation "(g)" / "(2)" at `pos`, relative to `prev`. */
function paragraphItem(env: Env, prev: Item, pos: number): Item | undefined {
  if (env.text[pos] !== '(' || prev.paragraphs.length === 0) return undefined;
  const p = readParagraphs(env.text, pos);
  const chain = continueChain(prev.paragraphs, p.paragraphs);
  if (!chain) return undefined;
  return { ...prev, paragraphs: chain, start: pos, end: p.end };
}

/** The far end of a range starting at `prev.end`: "-(j)", " through (j)", "—§ 820.30", "–820.75", "-75". */
function rangeEnd(env: Env, pol: Policy, prev: Item): Item | undefined {
  const text = env.text;
  const mark = readRangeMark(text, prev.end);
  if (!mark) return undefined;
  let pos = mark.end;
  if (text[pos] === '(') return paragraphItem(env, prev, pos);
  const start = pos;
  if (text[pos] === '§') pos = skipWs(text, text[pos + 1] === '§' ? pos + 2 : pos + 1);
  const num = readNumber(text, pos);
  if (!num) return undefined;
  if (num.section !== undefined) {
    if (Number(num.part) !== prev.part) return undefined;
    const to = sectionItem(env, pol, start, num, prev.part);
    if (!to || to.sectionNumber < prev.sectionNumber || formatCitation(to.section, to.paragraphs) === formatCitation(prev.section, prev.paragraphs)) return undefined;
    return to;
  }
  // "820.70-75": a short section range, written tight, from a section without paragraphs.
  if (!mark.tight || start !== pos || prev.paragraphs.length > 0) return undefined;
  if (!acceptSection(env, pol, prev.part, num.part, prev.part) || Number(num.part) <= prev.sectionNumber) return undefined;
  return sectionItem(env, pol, start, { part: String(prev.part), section: num.part, end: num.end }, prev.part);
}

/** A list item after a separator at `pos`: "820.22", ".184", "(g)". */
function listItem(env: Env, pol: Policy, prev: Item, pos: number): Item | undefined {
  const text = env.text;
  const c = text[pos];
  if (c === '(') return paragraphItem(env, prev, pos);
  if (c === '.') {
    const num = readNumber(text, pos + 1);
    if (!num || num.section !== undefined) return undefined;
    return sectionItem(env, pol, pos, { part: String(prev.part), section: num.part, end: num.end }, prev.part);
  }
  if (c === undefined || c < '0' || c > '9') return undefined;
  const num = readNumber(text, pos);
  return num ? sectionItem(env, pol, pos, num, prev.part) : undefined;
}

/**
 * Reads the reference group whose number starts at `pos`; `start` is where
 * its prefix began (the first reference covers the prefix).
 */
export function readNumbered(env: Env, pol: Policy, start: number, pos: number): GroupResult | undefined {
  const num = readNumber(env.text, pos);
  if (!num || num.part.length > 4) return undefined;
  if (num.section === undefined || pol.pluralParts) return readParts(env, pol, start, pos, num);
  const head = sectionItem(env, pol, pos, num);
  if (!head) return undefined;
  const refs: Candidate[] = [toCandidate(env, pol, head, pol.form, start)];
  if (pol.wiki) return { refs, end: head.end };

  let prev = head;
  for (;;) {
    const to = rangeEnd(env, pol, prev);
    if (to) {
      const from = refs[refs.length - 1]!.ref;
      from.form = 'range';
      const toRef = toCandidate(env, pol, to, 'range');
      from.range = { to: toRef.ref.citation };
      refs.push(toRef);
      prev = to;
      continue;
    }
    const after = readSeparator(env.text, prev.end);
    const item = after >= 0 ? listItem(env, pol, prev, after) : undefined;
    if (!item) break;
    refs.push(toCandidate(env, pol, item, 'list'));
    prev = item;
  }

  if (pol.strict && !env.single && badContextAfter(env.text, prev.end) && !(refs.length > 1 && FOOTNOTE_MARK.test(env.text.slice(prev.end, prev.end + 6)))) {
    const dropped = refs.pop()!;
    if (dropped.ref.form === 'range' && refs.length > 0) {
      const from = refs[refs.length - 1]!.ref;
      delete from.range;
      from.form = refs.length === 1 ? pol.form : 'list';
    }
    if (refs.length === 0) return undefined;
  }
  return { refs, end: refs[refs.length - 1]!.ref.end };
}
