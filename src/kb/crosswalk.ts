/**
 * The crosswalk as rows, one per old QSR section and paragraph in CFR order:
 * what `qmsr crosswalk` prints and what the scanner's replacements come from.
 */
import type { KnowledgeBase } from './model.js';

export interface CrosswalkRow {
  qsr: string;
  title: string;
  section: string;
  sectionTitle: string;
  subpart: string;
  relation: string;
  isoClauses: string[];
  /** ISO clause numbers with our short titles, e.g. "7.3.7 Design and development validation". */
  isoTitles: string[];
  qmsrProvisions: string[];
  rationale: string;
  notes: string[];
  confidence: 'confirmed' | 'unconfirmed';
  uncertainty?: string;
  sources: string[];
  kbRef: string;
}

/** Every old provision with its mapping. Throws if the data lacks an entry (the loader's integrity check prevents that). */
export function crosswalkRows(kb: KnowledgeBase): CrosswalkRow[] {
  return [...kb.qsr.provisions.values()].map((p) => {
    const e = kb.crosswalk.get(p.citation);
    if (!e) throw new Error(`crosswalk entry missing for ${p.citation}`);
    const section = kb.qsr.provisions.get(p.section)!;
    return {
      qsr: p.citation,
      title: p.title,
      section: p.section,
      sectionTitle: section.title,
      subpart: p.subpart,
      relation: e.relation,
      isoClauses: e.isoClauses,
      isoTitles: e.isoClauses.map((c) => `${c} ${kb.iso.get(c)?.title ?? ''}`.trim()),
      qmsrProvisions: e.qmsrProvisions,
      rationale: e.rationale,
      notes: e.notes,
      confidence: e.confidence,
      ...(e.uncertainty ? { uncertainty: e.uncertainty } : {}),
      sources: e.sources,
      kbRef: e.id,
    };
  });
}
