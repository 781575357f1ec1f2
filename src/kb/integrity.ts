/**
 * Cross-record checks that a schema alone cannot make: every reference points
 * at a record that exists, every old provision is in the crosswalk, ids are unique.
 */
import type { KbProblem } from './files.js';
import { findGuideRefs } from './guide-refs.js';
import type { KnowledgeBase } from './model.js';

const FILES = {
  qsr: 'regulations/qsr.yaml',
  qmsr: 'regulations/qmsr.yaml',
  iso: 'iso13485.yaml',
  crosswalk: 'crosswalk.yaml',
  terms: 'terms.yaml',
  changes: 'changes.yaml',
  parts: 'related-parts.yaml',
  inspection: 'inspection.yaml',
} as const;

/** Run every integrity check; returns all problems found (empty when sound). */
export function checkIntegrity(kb: KnowledgeBase): KbProblem[] {
  const problems: KbProblem[] = [];
  const report = (file: string, message: string): void => {
    problems.push({ file, message });
  };

  const sourceOk = (file: string, owner: string, ids: readonly string[]): void => {
    for (const id of ids) if (!kb.sources.has(id)) report(file, `${owner} names unknown source "${id}" (see sources.yaml)`);
  };
  const isoOk = (file: string, owner: string, clauses: readonly string[]): void => {
    for (const c of clauses) if (!kb.iso.has(c)) report(file, `${owner} names ISO 13485 clause ${c}, which is not in iso13485.yaml`);
  };
  const qsrOk = (file: string, owner: string, refs: readonly string[]): void => {
    for (const r of refs) if (!kb.qsr.provisions.has(r)) report(file, `${owner} names old provision ${r}, which is not in the QSR data`);
  };
  const qmsrOk = (file: string, owner: string, refs: readonly string[]): void => {
    for (const r of refs) {
      const p = kb.qmsr.provisions.get(r);
      if (!p) report(file, `${owner} names QMSR provision ${r}, which is not in the QMSR data`);
      else if (p.status !== 'current') report(file, `${owner} names QMSR provision ${r}, which is ${p.status}, not current`);
    }
  };

  // Unique ids across the whole knowledge base.
  const seen = new Map<string, string>();
  const claim = (id: string, file: string): void => {
    const prior = seen.get(id);
    if (prior) report(file, `id "${id}" is used twice (also in ${prior})`);
    else seen.set(id, file);
  };
  for (const p of kb.qsr.provisions.values()) claim(p.id, FILES.qsr);
  for (const p of kb.qmsr.provisions.values()) claim(p.id, FILES.qmsr);
  for (const c of kb.iso.values()) claim(c.id, FILES.iso);
  for (const e of kb.crosswalk.values()) claim(e.id, FILES.crosswalk);
  for (const n of kb.newRequirements) claim(n.id, FILES.crosswalk);
  for (const t of kb.terms) claim(t.id, FILES.terms);
  for (const c of kb.changes) claim(c.id, FILES.changes);
  for (const p of kb.relatedParts.values()) claim(p.id, FILES.parts);
  for (const a of kb.inspection.areas) claim(a.id, FILES.inspection);
  for (const g of kb.guide) claim(g.id, g.file);

  // Regulations.
  for (const p of kb.qsr.provisions.values()) {
    sourceOk(FILES.qsr, p.citation, p.sources);
    isoOk(FILES.qsr, p.citation, p.isoClauses);
  }
  if (kb.qsr.subparts.flatMap((s) => s.sections).length !== 31) {
    report(FILES.qsr, `the old QSR has 31 sections; the data has ${kb.qsr.subparts.flatMap((s) => s.sections).length}`);
  }
  for (const p of kb.qmsr.provisions.values()) {
    sourceOk(FILES.qmsr, p.citation, p.sources);
    isoOk(FILES.qmsr, p.citation, p.isoClauses);
    for (const d of p.definitions ?? []) {
      sourceOk(FILES.qmsr, `definition "${d.term}"`, d.sources);
      if (d.formerly) qsrOk(FILES.qmsr, `definition "${d.term}"`, [d.formerly]);
    }
  }

  // ISO parents exist.
  for (const c of kb.iso.values()) {
    if (c.parent && !kb.iso.has(c.parent)) report(FILES.iso, `clause ${c.number} has no parent clause ${c.parent}`);
  }

  // Crosswalk: both ends exist, and every old provision is covered.
  for (const e of kb.crosswalk.values()) {
    qsrOk(FILES.crosswalk, `crosswalk entry ${e.qsr}`, [e.qsr]);
    isoOk(FILES.crosswalk, `crosswalk entry ${e.qsr}`, e.isoClauses);
    qmsrOk(FILES.crosswalk, `crosswalk entry ${e.qsr}`, e.qmsrProvisions);
    sourceOk(FILES.crosswalk, `crosswalk entry ${e.qsr}`, e.sources);
  }
  for (const p of kb.qsr.provisions.values()) {
    if (!kb.crosswalk.has(p.citation)) report(FILES.crosswalk, `old provision ${p.citation} has no crosswalk entry`);
  }
  for (const n of kb.newRequirements) {
    isoOk(FILES.crosswalk, n.id, n.isoClauses);
    qmsrOk(FILES.crosswalk, n.id, n.qmsrProvisions);
    sourceOk(FILES.crosswalk, n.id, n.sources);
  }

  // Terms, changes, related parts, inspection areas.
  for (const t of kb.terms) {
    qsrOk(FILES.terms, t.id, t.qsrRefs);
    qmsrOk(FILES.terms, t.id, t.qmsrRefs);
    isoOk(FILES.terms, t.id, t.isoClauses);
    sourceOk(FILES.terms, t.id, t.sources);
    if (t.qsrRefs.length + t.qmsrRefs.length + t.isoClauses.length === 0) {
      report(FILES.terms, `${t.id} points to no record (give qsrRefs, qmsrRefs or isoClauses)`);
    }
    for (const pattern of [t.term, ...t.variants, ...t.abbreviations]) {
      if (pattern.trim() !== pattern || pattern.length === 0) report(FILES.terms, `${t.id} has a blank or padded spelling "${pattern}"`);
    }
  }
  for (const c of kb.changes) {
    qsrOk(FILES.changes, c.id, c.qsrRefs);
    qmsrOk(FILES.changes, c.id, c.qmsrRefs);
    isoOk(FILES.changes, c.id, c.isoClauses);
    sourceOk(FILES.changes, c.id, c.sources);
    for (const re of c.staleStatements) {
      try {
        new RegExp(re, 'iu');
      } catch (err) {
        report(FILES.changes, `${c.id} has an invalid staleStatements pattern ${re}: ${(err as Error).message}`);
      }
    }
  }
  for (const p of kb.relatedParts.values()) {
    qmsrOk(FILES.parts, p.id, p.linkedBy);
    isoOk(FILES.parts, p.id, p.isoClauses);
    sourceOk(FILES.parts, p.id, p.sources);
  }
  sourceOk(FILES.inspection, 'program', kb.inspection.sources);
  for (const a of kb.inspection.areas) {
    isoOk(FILES.inspection, a.id, a.isoClauses);
    qmsrOk(FILES.inspection, a.id, a.qmsrRefs);
    sourceOk(FILES.inspection, a.id, a.sources);
    for (const part of a.relatedParts) {
      if (!kb.relatedParts.has(part)) report(FILES.inspection, `${a.id} names Part ${part}, which is not in related-parts.yaml`);
    }
  }

  // Guide pages: every reference resolves.
  for (const g of kb.guide) {
    for (const ref of findGuideRefs(g.body)) {
      if (ref.kind === 'qmsr' && !kb.qmsr.provisions.has(ref.citation)) report(g.file, `cites [${ref.raw}], which is not a QMSR provision`);
      if (ref.kind === 'qsr' && !kb.qsr.provisions.has(ref.citation)) report(g.file, `cites [${ref.raw}], which is not an old QSR provision`);
      if (ref.kind === 'iso' && !kb.iso.has(ref.clause)) report(g.file, `cites [${ref.raw}], which is not an ISO 13485 clause in the data`);
      if (ref.kind === 'part' && !kb.relatedParts.has(ref.part)) report(g.file, `cites [${ref.raw}], which is not in related-parts.yaml`);
    }
    for (const s of g.sections) {
      if (!kb.qmsr.provisions.has(s)) report(g.file, `front matter names section ${s}, which is not in the QMSR data`);
    }
  }
  return problems;
}
