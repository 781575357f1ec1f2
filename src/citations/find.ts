/**
 * findCitations: every Part 820 (and other Title 21) citation in a text, one
 * result per cited item, with exact offsets.
 */
import { ANCHOR, ANCHOR_NEEDS, readAnchor } from './anchors.js';
import type { Candidate, Env } from './candidate.js';
import { DEFAULT_KNOWN_SECTIONS } from './known.js';
import type { CitationRef, FindOptions } from './types.js';

/** Cheap test: text without any of these cannot hold a citation. */
const PRECHECK = /820|c\.?[ ]?f\.?[ ]?r|crf|§|qs|part|sec|fr=/i;

/** Words that say a text is about FDA regulation, so a bare "820.30" is a section. */
const REGULATION_SIGNAL = /(?<![a-z])(?:QSR|QS\s?Reg|C\.?\s?F\.?\s?R|FDA)(?![a-z])|part\s*820(?!\d)|quality\s+system\s+regulation/i;

/** Words that say a text is about Part 820 itself, so a bare "Subpart C" is its subpart. */
const PART_820_SIGNAL = /(?<![a-z])(?:QSR|QS\s?Reg)|part\s*820(?![\d.])|quality\s+system\s+regulation/i;

/** Between a Part 820 citation and a bare subpart that belongs to it: "21 CFR 820.30, Subpart C", "21 CFR 820.30 Subpart C". */
const SAME_REFERENCE_GAP = /^[\s,;:–—-]{0,4}$/;

/** A bare subpart written right after a Part 820 citation is part of that reference: it needs no further context. */
function attachSubpart(env: Env, previous: Candidate | undefined, refs: Candidate[]): void {
  const first = refs[0];
  if (!previous || !first || previous.drop || previous.needs !== 'none' || previous.ref.part !== 820 || !first.needs.startsWith('subpart')) return;
  if (!SAME_REFERENCE_GAP.test(env.text.slice(previous.ref.end, first.ref.start))) return;
  for (const c of refs) {
    c.needs = 'none';
    c.ref.explicit = true;
  }
}

/**
 * The anchor pattern this module searches with, its position reset on every use: a scan
 * runs to the end without starting another, and a copy per call (`new RegExp`) costs more
 * than searching a short paragraph.
 */
const anchor = new RegExp(ANCHOR);

/** All candidates in text order, before the context filter. */
export function scanCandidates(env: Env): Candidate[] {
  const out: Candidate[] = [];
  const re = anchor;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(env.text)) !== null) {
    const group = readAnchor(env, m);
    if (group) {
      attachSubpart(env, out[out.length - 1], group.refs);
      for (const c of group.refs) out.push(c);
      re.lastIndex = Math.max(group.end, m.index + 1);
    } else {
      re.lastIndex = m.index + Math.max(1, m[0].length);
    }
  }
  return out;
}

/**
 * Finds every citation in `text`: one `CitationRef` per section, paragraph,
 * subpart or part cited, lists and ranges expanded, in text order and never
 * overlapping. Pure and linear in the length of the text.
 */
export function findCitations(text: string, options: FindOptions = {}): CitationRef[] {
  // ANCHOR_NEEDS first: it rules out far more paragraphs ("department", "party", "section 4").
  if (!ANCHOR_NEEDS.test(text) || !PRECHECK.test(text)) return [];
  const env: Env = { text, known: options.knownSections ?? DEFAULT_KNOWN_SECTIONS, single: false, otherSubpart: false };
  const candidates = scanCandidates(env);
  const bare = options.bare ?? 'context';
  const otherParts = options.otherParts ?? true;

  let explicit820 = 0;
  let explicitOther = 0;
  for (const c of candidates) {
    if (c.drop || !c.ref.explicit) continue;
    if (c.ref.part === 820) explicit820++;
    else explicitOther++;
  }
  let regulation: boolean | undefined;
  let mentions820: boolean | undefined;
  const aboutRegulation = (): boolean => (regulation ??= explicit820 > 0 || REGULATION_SIGNAL.test(text));
  // A bare subpart is Part 820's when the text mentions Part 820 (or the caller vouches for it with 'always';
  // not for a lower-case cross-reference) and cites Part 820 at least as often as all other parts together.
  const textMentions820 = (): boolean => (mentions820 ??= explicit820 > 0 || PART_820_SIGNAL.test(text));
  const aboutPart820 = (vouched: boolean): boolean => (vouched || textMentions820()) && explicit820 >= explicitOther;

  const keep = (c: Candidate): boolean => {
    if (c.drop || (c.ref.part !== 820 && !otherParts)) return false;
    if (c.needs === 'none') return true;
    if (bare === 'never') return false;
    if (c.needs === 'bare') return bare === 'always' || aboutRegulation();
    if (c.needs === 'subpart-foreign-title') return false;
    if ((c.needs === 'subpart-untitled' || c.needs === 'subpart-cross-reference') && env.otherSubpart) return false;
    return aboutPart820(bare === 'always' && c.needs !== 'subpart-cross-reference');
  };
  return candidates.filter(keep).map((c) => c.ref);
}
