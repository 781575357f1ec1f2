/**
 * The example SOP set in examples/sops/ (written for this project; see its
 * README.md): the committed files are what scripts/build-examples.ts builds, each
 * document shows the trap it was written for, the already-updated SOP gives no
 * finding, and the whole scan is kept as a golden file
 * (test/golden/corpus/examples-scan.json; UPDATE_GOLDEN=1 rewrites it).
 *
 * Every finding in the golden file was read against the document by hand when
 * the set was written; the README lists what each file is expected to give.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExamples, examplesDir } from '../../scripts/build-examples.js';
import { expectGolden } from '../support/golden.js';
import { runCli } from '../support/run-cli.js';
import type { Finding } from '../../src/scanner/types.js';
import { key } from './support.js';

interface CliScan {
  summary: { files: number; scanned: number; failed: number; findings: number };
  files: { path: string; status: string; findings?: number; sha256?: string }[];
  findings: Finding[];
}

let stdout = '';
let scan: CliScan;
const of = (file: string): Finding[] => scan.findings.filter((f) => f.file === file);
const keysOf = (file: string): string[] => of(file).map(key);

beforeAll(async () => {
  const run = await runCli(['scan', examplesDir, '--format', 'json', '--jobs', '1', '--no-cache', '--quiet']);
  expect(run.code).toBe(1); // findings
  stdout = run.stdout;
  scan = JSON.parse(stdout) as CliScan;
});

describe('examples/sops', () => {
  it('holds exactly what scripts/build-examples.ts builds (rebuild and commit after changing it)', async () => {
    for (const [name, bytes] of await buildExamples()) {
      expect(readFileSync(join(examplesDir, name)).equals(bytes), name).toBe(true);
    }
  });

  it('reads all nine documents, and the README (Markdown) gives nothing because of the suppression comment on its first line', () => {
    expect(scan.files.map((f) => [f.path, f.status])).toEqual([
      ['QM-001 Quality Manual.docx', 'ok'],
      ['README.md', 'ok'],
      ['SOP-001 Document Control.docx', 'ok'],
      ['SOP-002 Design Controls.docx', 'ok'],
      ['SOP-003 CAPA.pdf', 'ok'],
      ['SOP-004 Complaint Handling.md', 'ok'],
      ['SOP-005 Management Review.docx', 'ok'],
      ['SOP-006 Labeling.pdf', 'ok'],
      ['SOP-007 Purchasing.md', 'ok'],
      ['SOP-008 Customer Feedback (QMSR).docx', 'ok'],
    ]);
    expect(of('README.md')).toEqual([]);
  });

  it('SOP-008, already updated for the QMSR, gives no finding although it cites 820.10, 820.35(a), 820.45, Parts 803 and 806', () => {
    const file = scan.files.find((f) => f.path === 'SOP-008 Customer Feedback (QMSR).docx');
    expect(file?.findings).toBe(0);
    expect(of('SOP-008 Customer Feedback (QMSR).docx')).toEqual([]);
  });

  it('SOP-002: a citation split over runs, the page header, a footnote, a table and a paragraph list', () => {
    const keys = keysOf('SOP-002 Design Controls.docx');
    const split = of('SOP-002 Design Controls.docx').find((f) => f.location.paragraph === 8);
    expect(split?.match).toBe('21 CFR 820.30(g)'); // runs: "… by 21 CFR " + bold "820.30" + "(g). …"
    expect(keys).toContain('outdated-citation|820.30|word/header1.xml#1');
    expect(keys).toContain('outdated-citation|820.30(e)|word/footnotes.xml#3');
    expect(keys).toContain('stale-statement|change.independent-design-reviewer|word/footnotes.xml#3');
    // 820.30(f), (g) and (h): three findings from one paragraph list without markers.
    expect(keys.filter((k) => k.endsWith('|word/document.xml#9'))).toEqual([
      'outdated-citation|820.30(f)|word/document.xml#9',
      'outdated-citation|820.30(g)|word/document.xml#9',
      'outdated-citation|820.30(h)|word/document.xml#9',
    ]);
    const table = of('SOP-002 Design Controls.docx').filter((f) => f.kind === 'citation' && f.location.table?.column === 2);
    expect(table.map((f) => f.citation)).toEqual(['820.30(b)', '820.30(c)', '820.30(d)', '820.30(e)', '820.30(f)', '820.30(h)', '820.30(i)', '820.30(j)']);
  });

  it('SOP-003: the citation broken across a PDF line is one finding', () => {
    const broken = of('SOP-003 CAPA.pdf').filter((f) => f.citation === '820.100(a)(1)');
    expect(broken).toHaveLength(1);
    expect(broken[0]!.match).toMatch(/^21 CFR\s+820\.100\(a\)\(1\)$/);
    expect(broken[0]!.location.page).toBe(1);
  });

  it('SOP-005: the old claim that management review reports are exempt from FDA inspection', () => {
    const keys = keysOf('SOP-005 Management Review.docx');
    expect(keys).toContain('stale-statement|change.inspection-of-reports|word/document.xml#11');
    expect(keys).toContain('outdated-citation|820.180(c)|word/document.xml#11');
    expect(keys).toContain('stale-statement|change.inspection-of-reports|word/document.xml#12'); // certifies in writing …
    expect(keys).toContain('outdated-citation|820.180(c)|word/comments.xml#1'); // the reviewer's comment is read too
  });

  it('SOP-004: the suppressed change-history line stays quiet, the rest is reported', () => {
    const lines = of('SOP-004 Complaint Handling.md').map((f) => f.location.line);
    const source = readFileSync(join(examplesDir, 'SOP-004 Complaint Handling.md'), 'utf8').split('\n');
    const revA = source.findIndex((l) => l.startsWith('- Rev A')) + 1;
    expect(source[revA - 1]).toContain('21 CFR 820.198');
    expect(lines).not.toContain(revA);
    expect(keysOf('SOP-004 Complaint Handling.md').filter((k) => k.startsWith('outdated-citation|820.198|'))).toHaveLength(4);
  });

  it('QM-001: the record types the QMSR dropped, each "Full name (ABBR)" one finding', () => {
    const terms = of('QM-001 Quality Manual.docx')
      .filter((f) => f.kind === 'term')
      .map((f) => f.match);
    for (const t of ['Device master record (DMR)', 'Device history record (DHR)', 'Design history file (DHF)', 'Management with executive responsibility', 'Quality System Inspection Technique']) {
      expect(terms).toContain(t);
    }
  });

  it('matches the golden scan', () => {
    // File hashes are left out: the builder test above already pins the bytes.
    const stable = { ...scan, files: scan.files.map(({ sha256: _h, ...f }) => f) };
    expect(stdout.length).toBeGreaterThan(0);
    expectGolden('corpus/examples-scan.json', `${JSON.stringify(stable, null, 2)}\n`);
  });
});
