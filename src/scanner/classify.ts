/**
 * Decides what a Part 820 citation found in a document is today: still
 * current, outdated (with its crosswalk mapping), changed in meaning, or not
 * a real provision at all. Every answer comes from the knowledge base.
 */
import type { CitationRef } from '../citations/index.js';
import type { CrosswalkEntry, KnowledgeBase, Provision } from '../kb/model.js';

export type CitationVerdict =
  /** Still correct under the QMSR: not a finding. */
  | { kind: 'current'; provision?: Provision }
  /** An old QSR provision; `entry` is the crosswalk mapping (of the paragraph, or its nearest mapped ancestor). */
  | { kind: 'outdated'; provision: Provision; entry: CrosswalkEntry; exact: boolean }
  /** An old subpart (C to O, or B's old meaning). */
  | { kind: 'outdated-subpart'; letter: string; title: string; entries: CrosswalkEntry[] }
  /** Exists in both versions with a different meaning (820.1, 820.3 paragraphs). */
  | { kind: 'changed-meaning'; current: Provision; old: Provision; entry?: CrosswalkEntry }
  /** Not a provision in either version (820.15, 820.31, 820.35(e)). */
  | { kind: 'nonexistent'; reason: string; suggestion?: Provision }
  /** Not Part 820, or Part 820 as a whole: nothing to say. */
  | { kind: 'ignore' };

/** Verdicts already given, per knowledge base, by part and normalised citation (which settle the answer). */
const verdicts = new WeakMap<KnowledgeBase, Map<string, CitationVerdict>>();

/** Classify one citation found by the parser. The same verdict object is returned for the same citation: treat it as read-only. */
export function classifyCitation(kb: KnowledgeBase, ref: CitationRef): CitationVerdict {
  let known = verdicts.get(kb);
  if (!known) verdicts.set(kb, (known = new Map()));
  const key = `${ref.part} ${ref.citation}`;
  let verdict = known.get(key);
  if (!verdict) known.set(key, (verdict = classify(kb, ref)));
  return verdict;
}

function classify(kb: KnowledgeBase, ref: CitationRef): CitationVerdict {
  if (ref.part !== 820) return { kind: 'ignore' };
  if (ref.subpart) return classifySubpart(kb, ref.subpart);
  if (!ref.section) return { kind: 'ignore' };

  const citation = ref.citation;
  const now = kb.qmsr.provisions.get(citation);
  const old = kb.qsr.provisions.get(citation);
  const sectionNow = kb.qmsr.provisions.get(ref.section);
  const sectionOld = kb.qsr.provisions.get(ref.section);

  if (sectionNow?.status === 'not-adopted') {
    return { kind: 'nonexistent', reason: `§ ${ref.section} was in the 2022 proposed rule but is not in the final QMSR; ${sectionNow.summary}` };
  }
  if (sectionNow?.status === 'current') {
    if (now && old && old.title !== now.title && ref.paragraphs.length > 0) {
      return { kind: 'changed-meaning', current: now, old, ...withEntry(kb, citation) };
    }
    if (now) return { kind: 'current', provision: now };
    if (old) {
      // A paragraph of 820.1 or 820.3 that only the old rule had (e.g. 820.3(x) Rework).
      const mapped = nearestEntry(kb, citation);
      if (mapped) return { kind: 'outdated', provision: old, entry: mapped.entry, exact: mapped.exact };
    }
    return {
      kind: 'nonexistent',
      reason: `§ ${ref.section} has no paragraph ${citation.slice(ref.section.length)} in the QMSR`,
      suggestion: sectionNow,
    };
  }
  if (sectionOld) {
    const provision = old ?? deepestProvision(kb, citation) ?? sectionOld;
    const mapped = nearestEntry(kb, citation);
    if (mapped) return { kind: 'outdated', provision, entry: mapped.entry, exact: mapped.exact && old !== undefined };
  }
  return { kind: 'nonexistent', reason: `${citation} is not a provision of 21 CFR Part 820, old or new` };
}

function classifySubpart(kb: KnowledgeBase, letter: string): CitationVerdict {
  const now = kb.qmsr.subparts.find((s) => s.letter === letter);
  const old = kb.qsr.subparts.find((s) => s.letter === letter);
  if (!old && !now) return { kind: 'nonexistent', reason: `Part 820 has no Subpart ${letter}` };
  if (now?.status === 'current' || !old) return { kind: 'current' };
  const entries = old.sections.map((s) => kb.crosswalk.get(s)).filter((e): e is CrosswalkEntry => e !== undefined);
  return { kind: 'outdated-subpart', letter, title: old.title, entries };
}

function withEntry(kb: KnowledgeBase, citation: string): { entry?: CrosswalkEntry } {
  const e = kb.crosswalk.get(citation);
  return e ? { entry: e } : {};
}

/** The crosswalk entry of the citation, or of its nearest ancestor that has one. */
export function nearestEntry(kb: KnowledgeBase, citation: string): { entry: CrosswalkEntry; exact: boolean } | undefined {
  let c = citation;
  for (;;) {
    const e = kb.crosswalk.get(c);
    if (e) return { entry: e, exact: c === citation };
    const cut = c.lastIndexOf('(');
    if (cut < 0) return undefined;
    c = c.slice(0, cut);
  }
}

function deepestProvision(kb: KnowledgeBase, citation: string): Provision | undefined {
  let c = citation;
  while (c.includes('(')) {
    c = c.slice(0, c.lastIndexOf('('));
    const p = kb.qsr.provisions.get(c);
    if (p) return p;
  }
  return undefined;
}
