/**
 * Properties that must hold for every citation found anywhere: the raw text
 * is the slice at its offsets, citations are in order and never overlap, the
 * normalised citation has the normal shape and reads back to itself, and a
 * citation with its own prefix is found again when read alone.
 */
import { describe, expect, it } from 'vitest';
import { findCitations, parseCitation, type CitationRef } from '../../src/citations/index.js';
import { PART_820, REGS, corpusTextFiles, guidance, readCorpus } from './corpus.js';

const NORMAL = /^(?:\d{1,4}\.\d{1,4}(?:\([a-z0-9]{1,4}\)){0,4}|Part \d{1,4}|Subpart [A-Z]|Part \d{1,4}, Subpart [A-Z])$/;

/** Every property of one text's citations; returns a list of violations (empty when all hold). */
function violations(text: string, refs: readonly CitationRef[]): string[] {
  const bad: string[] = [];
  let previousEnd = 0;
  for (const r of refs) {
    const where = `${r.citation} at ${r.start}`;
    if (text.slice(r.start, r.end) !== r.raw) bad.push(`${where}: raw is not the slice`);
    if (r.start >= r.end) bad.push(`${where}: empty`);
    if (r.start < previousEnd) bad.push(`${where}: overlaps or out of order`);
    if (r.raw !== r.raw.trim()) bad.push(`${where}: raw has outer whitespace`);
    if (!NORMAL.test(r.citation)) bad.push(`${where}: citation not normal`);
    if ((r.section === undefined) === /^\d/.test(r.citation)) bad.push(`${where}: section and citation disagree`);
    if (r.section !== undefined && !r.citation.startsWith(r.section)) bad.push(`${where}: citation does not start with section`);
    const back = parseCitation(r.citation);
    if (!back.ok || back.ref.citation !== r.citation) bad.push(`${where}: does not read back`);
    // Read alone, a part number after a line break at the very end looks like a page number ("21 CFR\n9"): skip those.
    const pageNumberLike = r.section === undefined && r.subpart === undefined && r.raw.includes('\n');
    if (r.form !== 'list' && r.form !== 'range' && !pageNumberLike) {
      const alone = findCitations(r.raw, { bare: 'always' })[0];
      if (alone?.citation !== r.citation) bad.push(`${where}: "${r.raw}" alone reads as ${alone?.citation}`);
    }
    previousEnd = r.end;
  }
  return bad;
}

const large = [
  PART_820,
  `${REGS}/part-820-qmsr.md`,
  `${REGS}/part-866.md`,
  `${REGS}/part-801.md`,
  guidance('224'),
  guidance('322'),
  guidance('502'),
  'innolitics+rdm@13485_checklist/rdm/checklists/21CFR820.txt',
  'innolitics+rdm@13485_checklist/rdm/init_files/organization_qms/quality_manual.md',
];

describe('offset properties', () => {
  it.each(large)('hold over %s', (file) => {
    const text = readCorpus(file);
    for (const bare of ['context', 'always', 'never'] as const) {
      const refs = findCitations(text, { bare });
      expect(refs.length).toBeGreaterThan(0);
      expect(violations(text, refs)).toEqual([]);
    }
  });

  it('hold over every text file of the corpus', () => {
    let total = 0;
    for (const file of corpusTextFiles()) {
      const text = readCorpus(file);
      const refs = findCitations(text, { bare: 'always' });
      total += refs.length;
      expect(violations(text, refs), file).toEqual([]);
    }
    expect(total).toBeGreaterThan(5000);
  });

  it('hold for text split into paragraphs, as the scanner reads it', () => {
    const text = readCorpus(guidance('224'));
    let offset = 0;
    for (const para of text.split(/(\n\s*\n)/)) {
      for (const r of findCitations(para)) expect(text.slice(offset + r.start, offset + r.end)).toBe(r.raw);
      offset += para.length;
    }
  });

  it('are the same with Windows line endings, shifted by the extra characters', () => {
    const lf = readCorpus(guidance('148'));
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = findCitations(lf).map((r) => r.citation);
    const b = findCitations(crlf);
    expect(b.map((r) => r.citation)).toEqual(a);
    expect(violations(crlf, b)).toEqual([]);
  });
});
