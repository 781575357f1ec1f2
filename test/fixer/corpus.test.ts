/**
 * Round trip on a real SOP template from the corpus (written by Word and
 * python-docx, with custom XML, numbering, 345 KB of styles and tables). The
 * template has nothing to fix, so a copy gets one outdated citation and one
 * obsolete term typed into a table cell; everything outside that paragraph
 * must come back byte for byte.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixPaths, type FixResult } from '../../src/fixer/fix-files.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { readDocument } from '../../src/readers/index.js';
import { defaultConfig } from '../../src/scanner/config.js';
import { prepareScan, scanDocument } from '../../src/scanner/engine.js';
import { acceptAll, convertToPdf, hasSoffice, listFiles, parts, text } from './helpers/package.js';

const CORPUS = '/work/shared/corpus/joshtvill+quality-compliance-starter-kit/templates/sop_template_v1_20250621.docx';
const PLACEHOLDER = '<w:t>[Brief description of what this SOP covers]</w:t>';
const INJECTED = '<w:t>Design outputs are validated per 21 CFR 820.30(g); the Device History Record is kept.</w:t>';

const available = existsSync(CORPUS);
let dir: string;
let copy: string;
let result: FixResult;

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'qmsr-fix-corpus-'));
  mkdirSync(join(dir, 'as-is'));
  mkdirSync(join(dir, 'edited'));
  writeFileSync(join(dir, 'as-is', 'sop_template.docx'), readFileSync(CORPUS));
  // The edited copy: the same package with one table cell's text replaced.
  const zip = await JSZip.loadAsync(readFileSync(CORPUS));
  const xml = await zip.file('word/document.xml')!.async('string');
  expect(xml.split(PLACEHOLDER)).toHaveLength(2);
  zip.file('word/document.xml', xml.replace(PLACEHOLDER, INJECTED));
  copy = join(dir, 'edited', 'sop_template.docx');
  writeFileSync(copy, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  result = await fixPaths([join(dir, 'edited')], { out: join(dir, 'out-edited'), date: '2026-02-02T00:00:00Z' });
});

describe.skipIf(!available)('qmsr fix on the corpus SOP template', () => {
  it('has nothing to change in the template as it is, and writes no copy of it', async () => {
    const before = readFileSync(CORPUS);
    const asIs = await fixPaths([join(dir, 'as-is')], { out: join(dir, 'out-as-is') });
    expect(asIs.files).toEqual([expect.objectContaining({ path: 'sop_template.docx', status: 'unchanged', findings: 0, outputs: [] })]);
    expect(asIs.changes).toEqual([]);
    expect(listFiles(join(dir, 'out-as-is'))).toEqual(['changes.csv', 'changes.json']);
    expect(readFileSync(CORPUS).equals(before)).toBe(true);
  });

  it('proposes the two changes in the edited copy as tracked changes', () => {
    expect(result.changes.map((c) => [c.old, c.action]).sort()).toEqual([
      ['21 CFR 820.30(g)', 'tracked-change'],
      ['Device History Record', 'tracked-change'],
    ]);
  });

  it('keeps every part outside the edited paragraph byte-identical', async () => {
    const before = await parts(readFileSync(copy));
    const after = await parts(readFileSync(join(dir, 'out-edited', 'sop_template.docx')));
    const edited = new Set(['word/document.xml', 'word/comments.xml', 'word/_rels/document.xml.rels', '[Content_Types].xml', 'word/settings.xml']);
    for (const [name, data] of before) if (!edited.has(name)) expect(after.get(name)?.equals(data), name).toBe(true);
    expect([...after.keys()].filter((n) => !before.has(n))).toEqual(['word/comments.xml']);

    // document.xml: identical up to the edited paragraph and after it.
    const b = text(before, 'word/document.xml');
    const a = text(after, 'word/document.xml');
    const at = b.indexOf(INJECTED);
    const start = b.lastIndexOf('<w:p ', at);
    const end = b.indexOf('</w:p>', at) + '</w:p>'.length;
    expect(a.slice(0, start)).toBe(b.slice(0, start));
    const tail = b.slice(end);
    expect(a.endsWith(tail)).toBe(true);
    const paragraph = a.slice(start, a.length - tail.length);
    expect(paragraph).toMatch(/^<w:p w14:paraId="5A4046DF"[^>]*>/);
    expect(paragraph).toContain('<w:delText>21 CFR 820.30(g)</w:delText>');

    // The other package parts: text inserted, nothing else changed.
    expect(text(after, 'word/settings.xml').replace('<w:trackRevisions/>', '')).toBe(text(before, 'word/settings.xml'));
    expect(text(after, 'word/_rels/document.xml.rels').replace(/<Relationship Id="rId\d+" Type="[^"]*\/comments" Target="comments.xml"\/>/, '')).toBe(
      text(before, 'word/_rels/document.xml.rels'),
    );
    expect(text(after, '[Content_Types].xml').replace('<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>', '')).toBe(
      text(before, '[Content_Types].xml'),
    );
  });

  it('reads back, and after "Accept All" has nothing left to fix', async () => {
    const accepted = join(dir, 'accepted.docx');
    writeFileSync(accepted, await acceptAll(readFileSync(join(dir, 'out-edited', 'sop_template.docx'))));
    const doc = await readDocument(accepted);
    const findings = scanDocument(prepareScan(getKnowledgeBase(), defaultConfig), doc, 'accepted.docx');
    expect(findings.filter((f) => f.fixable)).toEqual([]);
    const now = (old: string): string => result.changes.find((c) => c.old === old)!.new!;
    expect(doc.blocks.map((b) => b.text)).toContain(`Design outputs are validated per ${now('21 CFR 820.30(g)')}; the ${now('Device History Record')} is kept.`);
  });

  it('opens in LibreOffice', (ctx) => {
    if (!hasSoffice()) ctx.skip(true, 'LibreOffice (soffice) is not installed');
    const converted = convertToPdf(join(dir, 'out-edited', 'sop_template.docx'));
    expect(converted.ok, converted.output).toBe(true);
    expect(converted.size).toBeGreaterThan(1000);
  });
});
