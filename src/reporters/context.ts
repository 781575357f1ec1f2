/**
 * Splitting a finding's context around its match, so reports can show the
 * match marked in the sentence it came from.
 */
import type { Finding } from '../scanner/types.js';

/** The context split around the match; `match` is empty when it cannot be placed. */
export interface ContextParts {
  before: string;
  match: string;
  after: string;
}

/**
 * Returns a splitter to call on findings in report order. The context does not
 * say where the match sits in it, so when the same text appears more than once
 * in one context, the n-th finding with that context and match marks the n-th
 * occurrence (findings are sorted by position, so they line up).
 */
export function contextSplitter(): (finding: Finding) => ContextParts {
  const seen = new Map<string, number>();
  return (finding) => {
    const context = finding.context;
    if (context === undefined || context === '') return { before: '', match: finding.match, after: '' };
    if (finding.match === '') return { before: context, match: '', after: '' };
    const key = `${finding.file}\u0000${context}\u0000${finding.match}`;
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    const at = nthIndexOf(context, finding.match, nth);
    if (at < 0) return { before: context, match: '', after: '' };
    return { before: context.slice(0, at), match: finding.match, after: context.slice(at + finding.match.length) };
  };
}

/** Index of the n-th (0-based) occurrence, or of the first when there are fewer; -1 when none. */
function nthIndexOf(text: string, search: string, n: number): number {
  let first = -1;
  let at = text.indexOf(search);
  for (let i = 0; at >= 0; i++) {
    if (first < 0) first = at;
    if (i === n) return at;
    at = text.indexOf(search, at + 1);
  }
  return first;
}
