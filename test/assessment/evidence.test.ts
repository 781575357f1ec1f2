/**
 * The evidence proposer on real files (Word, PDF and Markdown SOPs scanned
 * and read by the real scanner and readers) and its matching rules.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChecklist } from '../../src/assessment/checklist.js';
import { getChecklistData } from '../../src/assessment/checklist-data.js';
import type { ProposalDocument, ProposalResult } from '../../src/assessment/evidence.js';
import {
  currentCitationScore,
  hintPattern,
  isoClauseScore,
  isoReferences,
  MAX_DOCUMENTS,
  oldCitationScore,
  proposeEvidenceFor,
  revisionNeed,
} from '../../src/assessment/evidence.js';
import { loadProfile } from '../../src/assessment/profile.js';
import type { TextDocument } from '../../src/doc-model/types.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import type { Finding } from '../../src/scanner/types.js';
import { PROFILE, scanWithText } from '../reports/fixture.js';
import { writeSops } from '../reports/sops.js';

const kb = getKnowledgeBase();
const items = buildChecklist(kb, getChecklistData(kb), loadProfile(PROFILE)).items.filter((i) => i.applicable);

describe('evidence proposer on real documents', () => {
  let dir: string;
  let docs: ProposalDocument[];
  let result: ProposalResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qmsr-evidence-'));
    await writeSops(dir);
    const { scan, documents } = await scanWithText(dir);
    docs = scan.files.map((f) => ({
      path: f.path,
      sha256: f.sha256!,
      format: f.format,
      document: documents.get(f.path)!,
      findings: scan.findings.filter((x) => x.file === f.path),
    }));
    result = proposeEvidenceFor(kb, items, docs);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const find = (item: string, doc: string) => result.proposals.find((p) => p.itemId === item && p.documentPath.includes(doc));

  it('maps an old citation through the crosswalk to the item that now carries it, at the citing paragraph', () => {
    const p = find('iso.7.3.7', 'SOP-010')!;
    expect(p).toBeDefined();
    expect(p.basis).toContain('cites old 21 CFR 820.30(g), now ISO 13485:2016 7.3.7');
    expect(p.excerpt).toContain('Design validation per 21 CFR 820.30(g)');
    expect(p.location.paragraph).toBeGreaterThan(0);
    expect(p.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    // The heading "3. Design validation" is one of the other places.
    expect(p.basis).toContain('heading "3. Design validation" matches "design validation"');
    expect(p.location.more?.length).toBeGreaterThan(0);
  });

  it('maps a current QMSR citation to its FDA item, and an ISO clause reference to its clause', () => {
    expect(find('qmsr.820.35(a)', 'SOP-012')?.basis).toContain('cites 21 CFR 820.35(a)');
    expect(find('qmsr.820.10(b)(3)', 'SOP-012')?.basis).toContain('cites 21 CFR 820.10(b)(3)');
    expect(find('iso.8.2.2', 'SOP-012')?.basis).toContain('refers to ISO 13485:2016 8.2.2');
    expect(find('iso.8.5.2', 'SOP-011')?.basis).toMatch(/refers to ISO 13485:2016 8\.5\.2|cites old 21 CFR 820\.100/);
  });

  it('uses obsolete-term findings and the PDF text', () => {
    const dhf = find('iso.7.3.10', 'SOP-010')!;
    expect(dhf.basis).toMatch(/QSR term "Design History File"|heading "4\. Design history file"/);
    expect(find('iso.8.5.2', 'SOP-011')?.location.page).toBe(1);
  });

  it('does not propose a document for an item it does not address', () => {
    expect(find('iso.6.4.1', '')).toBeUndefined();
    expect(result.uncovered).toContain('iso.6.4.1');
    expect(find('qmsr.820.35(a)', 'SOP-010')).toBeUndefined();
    expect(result.proposals.every((p) => p.score >= 4)).toBe(true);
    for (const item of items) expect(result.proposals.filter((p) => p.itemId === item.id).length).toBeLessThanOrEqual(MAX_DOCUMENTS);
  });

  it('flags the documents with outdated citations or obsolete terms for revision, not the current one', () => {
    expect(result.needsRevision.map((n) => n.path)).toEqual(['SOP-010 Design Controls.docx', 'SOP-011 CAPA.pdf']);
    expect(result.needsRevision[0]!.summary).toMatch(/outdated citations?/);
  });

  it('is deterministic', () => {
    expect(proposeEvidenceFor(kb, items, docs)).toEqual(result);
  });

  it('works from findings alone when the text is not available', () => {
    const bare = docs.map(({ document: _d, ...rest }) => rest);
    const r = proposeEvidenceFor(kb, items, bare);
    const p = r.proposals.find((x) => x.itemId === 'iso.7.3.7' && x.documentPath.includes('SOP-010'))!;
    expect(p.basis).toContain('cites old 21 CFR 820.30(g)');
    expect(p.basis).not.toContain('heading');
    // Without text, the current-citation and wording signals are gone.
    expect(r.proposals.find((x) => x.itemId === 'qmsr.820.35(a)')).toBeUndefined();
  });
});

describe('evidence matching rules', () => {
  it('matches hints as whole words, case-insensitively, across spaces and hyphens', () => {
    const re = hintPattern('risk-based approach');
    expect(re.test('A Risk Based  Approach is used')).toBe(true);
    expect(re.test('risk-based approaches')).toBe(false);
    expect(hintPattern('KPI').test('monthly KPIs')).toBe(false);
    expect(hintPattern('KPI').test('each kpi is')).toBe(true);
    expect(hintPattern('C++ (x)').test('uses C++ (x) here')).toBe(true);
  });

  it('scores old citations by the provisions the item replaces', () => {
    expect(oldCitationScore('820.30(g)', ['820.30(g)'])).toBe(5);
    expect(oldCitationScore('820.30(g)(1)', ['820.30(g)'])).toBe(5);
    expect(oldCitationScore('820.30', ['820.30(g)'])).toBe(3);
    expect(oldCitationScore('820.3', ['820.30(g)'])).toBe(0);
    expect(currentCitationScore('820.35(a)', ['820.35(a)'])).toBe(6);
    expect(currentCitationScore('820.35', ['820.35(a)'])).toBe(3);
    expect(currentCitationScore('820.35(b)', ['820.35(a)'])).toBe(0);
    expect(isoClauseScore('7.3.7', '7.3.7')).toBe(5);
    expect(isoClauseScore('7.3', '7.3.7')).toBe(2);
    expect(isoClauseScore('7.3.1', '7.3.7')).toBe(0);
  });

  it('reads ISO 13485 clause references as people write them', () => {
    expect(isoReferences('per ISO 13485:2016 clause 7.3.7 and ISO 13485 §8.2.2').map((r) => r.clause)).toEqual(['7.3.7', '8.2.2']);
    expect(isoReferences('ISO 13485:2016 clauses 8.5.2, 8.5.3 and 8.4').map((r) => r.clause)).toEqual(['8.5.2', '8.5.3', '8.4']);
    expect(isoReferences('ISO 9001:2015 clause 7.3 and section 7.3.7 of our manual')).toEqual([]);
  });

  it('headings weigh more than body text', () => {
    const item = items.find((i) => i.id === 'iso.5.6.1')!;
    const doc = (kind: 'heading' | 'paragraph'): ProposalDocument => ({
      path: `${kind}.md`,
      sha256: 'a'.repeat(64),
      format: 'md',
      findings: [],
      document: { path: `${kind}.md`, format: 'md', warnings: [], blocks: [{ kind, text: 'Management review', location: { line: 1 } }] } as TextDocument,
    });
    const r = proposeEvidenceFor(kb, [item], [doc('heading'), doc('paragraph')]);
    expect(r.proposals.map((p) => p.documentPath)).toEqual(['heading.md']);
  });

  it('counts only the revision rules', () => {
    const f = (ruleId: string) => ({ ruleId }) as Finding;
    expect(revisionNeed({ path: 'a', sha256: 'b', findings: [f('changed-citation')] })).toBeUndefined();
    expect(revisionNeed({ path: 'a', sha256: 'b', findings: [f('outdated-citation'), f('outdated-citation'), f('obsolete-term')] })?.summary).toBe(
      '1 obsolete term, 2 outdated citations',
    );
  });
});
