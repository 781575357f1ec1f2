/**
 * Suggestions for a reference that does not exist: the valid citations a
 * person most likely meant.
 */
import type { KnowledgeBase } from './model.js';

/** Up to `limit` existing citations close to `citation`, formatted "820.30 Design controls". */
export function nearestCitations(kb: KnowledgeBase, citation: string, limit = 3): string[] {
  const section = /^820\.\d+/.exec(citation)?.[0];
  const all = new Map<string, string>();
  // Titles people recognise: current QMSR provisions first, then the old QSR, then reserved numbers.
  const ordered = [
    ...[...kb.qmsr.provisions.values()].filter((p) => p.status !== 'reserved'),
    ...kb.qsr.provisions.values(),
    ...[...kb.qmsr.provisions.values()].filter((p) => p.status === 'reserved'),
  ];
  for (const p of ordered) if (!all.has(p.citation)) all.set(p.citation, p.title);
  if (section && all.has(section)) {
    // The section exists: offer the paragraphs of the deepest ancestor that exists.
    let ancestor = citation;
    while (!all.has(ancestor) && ancestor.includes('(')) ancestor = ancestor.slice(0, ancestor.lastIndexOf('('));
    const children = [...all.keys()].filter((c) => c.startsWith(ancestor + '(') && !c.slice(ancestor.length + 1).includes('('));
    const last = citation.slice(ancestor.length);
    return children
      .map((c) => ({ c, d: editDistance(c.slice(ancestor.length), last) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, limit)
      .map(({ c }) => `${c} ${all.get(c)}`);
  }
  const sections = [...all.keys()].filter((c) => !c.includes('('));
  const wanted = section ?? citation;
  const wantedNumber = Number(wanted.replace(/^820\./, ''));
  return sections
    .map((c) => ({
      c,
      d: editDistance(c, wanted) * 10 + (Number.isFinite(wantedNumber) ? Math.abs(Number(c.slice(4)) - wantedNumber) : 0),
    }))
    .sort((a, b) => a.d - b.d)
    .slice(0, limit)
    .map(({ c }) => `${c} ${all.get(c)}`);
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
