/**
 * Compiles obsolete terms from the knowledge base (and the user's custom terms)
 * into whole-word matchers: full terms case-insensitively with plurals and
 * hyphen/space variants, abbreviations case-sensitively.
 */
import type { Term } from '../kb/model.js';
import { allMatches } from '../util/regex.js';
import { foldCase, mayMatch } from './prefilter.js';
import { type Gate, WordIndex } from './word-index.js';

export interface TermMatch {
  term: Term;
  start: number;
  end: number;
  text: string;
  /** Matched an abbreviation (DHR) rather than the spelled-out term. */
  abbreviation: boolean;
  /** The match is "Full Term (ABBR)": one finding for the pair. */
  pair: boolean;
  /** The term is used in the plural (DHRs, device history records). */
  plural: boolean;
}

export interface CompiledTerm {
  term: Term;
  full?: Gated;
  abbreviation?: Gated;
  exceptions: Gated[];
}

/** A pattern with the words it cannot match without (see prefilter.ts). */
interface Gated {
  pattern: RegExp;
  gate: Gate;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Words separated by any run of spaces or a hyphen; a final plural s/es allowed. */
const phrase = (s: string): string =>
  s
    .trim()
    .split(/[\s-]+/)
    .map(escape)
    .join('[\\s\\u00a0-]+');

/** Build the matchers once per scan; their words go into `index`. */
export function compileTerms(terms: readonly Term[], index: WordIndex = new WordIndex()): CompiledTerm[] {
  const gated = (pattern: RegExp): Gated => ({ pattern, gate: index.gate(pattern) });
  return terms.map((term) => {
    const fulls = [term.term, ...term.variants].map(phrase);
    const abbrevs = term.abbreviations.map(escape);
    return {
      term,
      ...(fulls.length ? { full: gated(new RegExp(`(?<![\\p{L}\\p{N}_])(?:${fulls.join('|')})(?<plural>e?s)?(?![\\p{L}\\p{N}_])`, 'giu')) } : {}),
      ...(abbrevs.length ? { abbreviation: gated(new RegExp(`(?<![\\p{L}\\p{N}_])(?:${abbrevs.join('|')})(?<plural>s)?(?![\\p{L}\\p{N}_])`, 'gu')) } : {}),
      exceptions: term.exceptions.map((e) => gated(new RegExp(`${phrase(e)}(?:e?s)?`, 'giu'))),
    };
  });
}

/** Whether a gated pattern may match the text being searched (by default, searching the text for its words). */
export type Admits = (gate: Gate) => boolean;

/** The default `Admits`: search `text` for the gate's words. */
function searching(text: string): Admits {
  let folded: string | undefined;
  return ({ filter }) => filter === undefined || mayMatch(filter, text, filter.caseless ? (folded ??= foldCase(text)) : text);
}

/** Every obsolete-term occurrence in `text`, in order, without overlaps (longest match wins). */
export function findTerms(text: string, compiled: readonly CompiledTerm[], admits: Admits = searching(text)): TermMatch[] {
  const found: TermMatch[] = [];
  const matches = (g: Gated): RegExpExecArray[] => (admits(g.gate) ? allMatches(g.pattern, text) : []);
  for (const c of compiled) {
    const full = c.full && matches(c.full);
    const abbreviated = c.abbreviation && matches(c.abbreviation);
    if (!full?.length && !abbreviated?.length) continue;
    const excluded = c.exceptions.flatMap((g) => matches(g).map((m) => [m.index, m.index + m[0].length] as const));
    const inException = (s: number, e: number): boolean => excluded.some(([a, b]) => s >= a && e <= b);
    for (const [list, abbreviation] of [
      [full, false],
      [abbreviated, true],
    ] as const) {
      if (!list) continue;
      for (const m of list) {
        const start = m.index;
        const end = start + m[0].length;
        if (!inException(start, end)) found.push({ term: c.term, start, end, text: m[0], abbreviation, pair: false, plural: m.groups?.plural !== undefined });
      }
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TermMatch[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) continue;
    // "Device History Record (DHR)", "Quality system record (QSR)": one finding covering the term and its
    // abbreviation in brackets, even where the abbreviation on its own would mean another term.
    if (last && !last.abbreviation && !last.pair && (f.abbreviation || /^\p{Lu}{2,}s?$/u.test(f.text)) && /^\s*\(\s*$/.test(text.slice(last.end, f.start)) && /^\s*\)/.test(text.slice(f.end))) {
      const close = text.indexOf(')', f.end) + 1;
      out[out.length - 1] = { ...last, end: close, text: text.slice(last.start, close), pair: true };
      continue;
    }
    out.push(f);
  }
  return out;
}
