import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../src/readers/index.js';
import { tempFolder } from './support.js';

const tmp = tempFolder('xlsx');
const KIT = '/work/shared/corpus/joshtvill+quality-compliance-starter-kit';

describe('xlsx reader', () => {
  it('reads the corpus workbook with one §820.x citation per cell, located by sheet and cell', async () => {
    const doc = await readDocument(`${KIT}/reference/compliance_clause_breakdown_table_v1_20250621.xlsx`);
    expect(doc.format).toBe('xlsx');
    const cells = doc.blocks.filter((b) => b.kind === 'cell' && /^§820\.\d+$/.test(b.text));
    expect(cells.length).toBeGreaterThan(5);
    for (const c of cells) {
      expect(c.location.sheet).toBe('Framework_Breakdown_Table');
      expect(c.location.cell).toMatch(/^B\d+$/);
    }
    expect(cells.find((c) => c.location.cell === 'B36')?.text).toBe('§820.20');
    // A HYPERLINK formula: its cached result is the cell text, its URL a link block at the same cell.
    expect(doc.blocks.filter((b) => b.location.cell === 'A36').map((b) => [b.kind, b.text])).toEqual([
      ['cell', '21 CFR 820'],
      ['link', 'https://www.ecfr.gov/current/title-21/chapter-I/subchapter-H/part-820'],
    ]);
  });

  it('reads every corpus workbook quickly, including one whose data validations cover a million rows', async () => {
    for (const f of ['templates/audit_log_v1_20250621.xlsx', 'trackers/change_tracker_v1_20250623.xlsx', 'trackers/project_tracker_gantt_v1_20250623.xlsx']) {
      const started = performance.now();
      const doc = await readDocument(`${KIT}/${f}`);
      expect(doc.blocks.length, f).toBeGreaterThan(10);
      expect(performance.now() - started, f).toBeLessThan(2000);
      for (const b of doc.blocks) expect(b.location.cell).toMatch(/^[A-Z]{1,3}[1-9]\d*$/);
    }
  });

  it('joins rich text and shared strings, takes cached formula results, and skips empty cells', async () => {
    const wb = new ExcelJS.Workbook();
    wb.created = wb.modified = new Date('2025-01-01T00:00:00Z');
    const a = wb.addWorksheet('Gap Assessment');
    a.getCell('A1').value = 'Requirement';
    a.getCell('C4').value = { richText: [{ text: '21 CFR ' }, { font: { bold: true }, text: '820.30' }, { text: '(g)' }] };
    a.getCell('D5').value = { formula: 'CONCATENATE("21 CFR ","820.184")', result: '21 CFR 820.184' };
    a.getCell('E6').value = 820.3;
    a.getCell('F7').value = '   ';
    const b = wb.addWorksheet('Second');
    b.getCell('B2').value = 'Requirement';
    const path = tmp.write('made.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const doc = await readDocument(path);
    expect(doc.blocks.map((x) => [x.location.sheet, x.location.cell, x.text])).toEqual([
      ['Gap Assessment', 'A1', 'Requirement'],
      ['Gap Assessment', 'C4', '21 CFR 820.30(g)'],
      ['Gap Assessment', 'D5', '21 CFR 820.184'],
      ['Gap Assessment', 'E6', '820.3'],
      ['Second', 'B2', 'Requirement'],
    ]);
    expect(doc.blocks.every((x) => x.kind === 'cell')).toBe(true);
  });
});
