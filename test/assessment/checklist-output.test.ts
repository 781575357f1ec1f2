/**
 * `qmsr checklist` end to end: JSON and Markdown goldens for the example
 * profiles, CSV for spreadsheets, the xlsx read back with exceljs, and exit 2
 * for a bad profile.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildChecklist, type Checklist } from '../../src/assessment/checklist.js';
import { getChecklistData } from '../../src/assessment/checklist-data.js';
import { checklistCsv, defuseFormula } from '../../src/assessment/checklist-csv.js';
import { STATUS_VALUES } from '../../src/assessment/checklist-table.js';
import { loadProfile } from '../../src/assessment/profile.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { expectGolden } from '../support/golden.js';
import { runCli } from '../support/run-cli.js';

const examples = ['iso-certified-class2', 'qsr-only-implant', 'contract-sterilizer'];
const profilePath = (name: string): string => join('examples', 'profiles', `${name}.json`);
const tmp = mkdtempSync(join(tmpdir(), 'qmsr-checklist-out-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('qmsr checklist: JSON and Markdown', () => {
  for (const name of examples) {
    it(`${name}: JSON follows the contract and matches the golden file`, async () => {
      const run = await runCli(['checklist', '--profile', profilePath(name), '--format', 'json']);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout) as Checklist;
      expect(out.profile.organization.length).toBeGreaterThan(0);
      for (const i of out.items) {
        expect(Object.keys(i)).toEqual(expect.arrayContaining(['id', 'requirement', 'title', 'fdaSpecific', 'applicable', 'reason', 'priority', 'replaces', 'guidance']));
        expect(i.requirement).toMatch(/^(ISO 13485:2016 \d|21 CFR 820\.|Former 21 CFR|FDA Compliance Program)/);
      }
      expectGolden(`checklist/${name}.json`, run.stdout);
    });

    it(`${name}: Markdown groups by inspection area, lists exclusions, and matches the golden file`, async () => {
      const run = await runCli(['checklist', '--profile', profilePath(name), '--format', 'md']);
      expect(run.code).toBe(0);
      const md = run.stdout;
      const json = JSON.parse((await runCli(['checklist', '--profile', profilePath(name), '--format', 'json'])).stdout) as Checklist;
      expect(md).toContain(`# QMSR gap-assessment checklist: ${json.profile.organization}`);
      const applicable = json.items.filter((i) => i.applicable);
      expect(md.split('\n').filter((l) => l.startsWith('#### ')).length).toBe(applicable.length);
      for (const i of json.items.filter((x) => !x.applicable)) expect(md).toContain(`| ${i.requirement} | ${i.title} |`);
      // Areas appear in the program's order; within an area, items keep checklist order.
      const areaHeadings = md.split('\n').filter((l) => l.startsWith('### ')).map((l) => l.slice(4).replace(/ \(other applicable FDA requirement\)$/, ''));
      const order = json.inspectionAreas.map((a) => a.name);
      expect(areaHeadings.map((h) => order.indexOf(h))).toEqual([...areaHeadings.map((h) => order.indexOf(h))].sort((a, b) => a - b));
      expectGolden(`checklist/${name}.md`, md);
    });
  }

  it('takes the format from the --output extension', async () => {
    const file = join(tmp, 'out.json');
    const run = await runCli(['checklist', '--profile', profilePath('qsr-only-implant'), '--output', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Wrote .*out\.json: \d+ of 93 items apply to Ridgeline Orthopedics/);
  });
});

describe('qmsr checklist: CSV', () => {
  it('writes one row per item after a byte-order mark and a header', async () => {
    const run = await runCli(['checklist', '--profile', profilePath('iso-certified-class2'), '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('\uFEFFID,Requirement,Title,FDA-specific,Applicable,Reason,Priority,Priority reason,Replaces (old QSR),')).toBe(true);
    expect(run.stdout).toMatch(/\r\nqmsr\.820\.35\(a\),21 CFR 820\.35\(a\),Complaint records hold FDA's required content,yes,yes,/);
    const records = run.stdout.split('\r\n').filter((l) => /^(iso|qmsr|change)\./.test(l));
    expect(records.length).toBe(93);
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(defuseFormula('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(defuseFormula('+1')).toBe("'+1");
    expect(defuseFormula('-2')).toBe("'-2");
    expect(defuseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(defuseFormula('21 CFR 820.35(a)')).toBe('21 CFR 820.35(a)');
    const kb = getKnowledgeBase();
    const c = buildChecklist(kb, getChecklistData(kb), loadProfile(profilePath('iso-certified-class2')));
    c.items[0] = { ...c.items[0]!, title: '=cmd|" /C calc"!A0' };
    expect(checklistCsv(c)).toContain(`,"'=cmd|"" /C calc""!A0",`);
  });
});

describe('qmsr checklist: xlsx', () => {
  it('writes a workbook that exceljs reads back: sheets, header, a known item, the status list', async () => {
    const file = join(tmp, 'northwind.xlsx');
    const run = await runCli(['checklist', '--profile', profilePath('iso-certified-class2'), '--format', 'xlsx', '--output', file]);
    expect(run.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Checklist', 'Profile']);

    const ws = wb.getWorksheet('Checklist')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      'ID', 'Requirement', 'Title', 'FDA-specific', 'Applicable', 'Reason', 'Priority', 'Priority reason', 'Replaces (old QSR)',
      'Inspection area', 'Guidance', 'Evidence hints', 'Status', 'Evidence', 'Owner', 'Due date', 'Notes',
    ]);
    expect(ws.rowCount).toBe(94);
    const col = (name: string): number => header.indexOf(name) + 1;

    let row: ExcelJS.Row | undefined;
    ws.eachRow((r) => {
      if (r.getCell(1).value === 'qmsr.820.35(a)') row = r;
    });
    expect(row).toBeDefined();
    expect(row!.getCell(col('Requirement')).value).toBe('21 CFR 820.35(a)');
    expect(row!.getCell(col('FDA-specific')).value).toBe('yes');
    expect(row!.getCell(col('Applicable')).value).toBe('yes');
    expect(row!.getCell(col('Priority')).value).toBe('high');
    expect(String(row!.getCell(col('Replaces (old QSR)')).value)).toContain('820.198(e)');
    expect(row!.getCell(col('Inspection area')).value).toBe('Measurement, Analysis and Improvement');
    expect(row!.getCell(col('Status')).value).toBeNull();

    const validation = row!.getCell(col('Status')).dataValidation;
    expect(validation.type).toBe('list');
    expect(validation.formulae).toEqual([`"${STATUS_VALUES.join(',')}"`]);
    expect(STATUS_VALUES).toEqual(['not-assessed', 'compliant', 'partial', 'gap', 'not-applicable']);

    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getColumn(col('Guidance')).width).toBeGreaterThan(40);
    expect(row!.getCell(col('Guidance')).alignment?.wrapText).toBe(true);

    const profile = wb.getWorksheet('Profile')!;
    const values: string[] = [];
    profile.eachRow((r) => values.push((r.values as unknown[]).slice(1).map(String).join(' | ')));
    expect(values).toContain('Organization | Northwind Medical | yes');
    expect(values).toContain('services devices | yes | yes');
    expect(values).toContain('designs or develops devices | yes | no (default)');
  });
});

describe('qmsr checklist: errors', () => {
  it('exits 2 with a message naming the file and field of a bad profile', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify({ organization: 'Acme', deviceClasses: ['2'] }));
    const run = await runCli(['checklist', '--profile', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`qmsr: invalid profile ${file}: field "deviceClasses[0]"`);
  });

  it('exits 2 for a missing profile file, a missing --profile and an unknown format', async () => {
    const missing = await runCli(['checklist', '--profile', join(tmp, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: no such file/);
    expect((await runCli(['checklist'])).code).toBe(2);
    const format = await runCli(['checklist', '--profile', profilePath('qsr-only-implant'), '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/unknown format "pdf"/);
  });
});
