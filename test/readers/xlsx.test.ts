import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../src/readers/index.js';
import { buildZip } from '../support/builders/zip-builder.js';
import { expectReadError, tempFolder } from './support.js';

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

const SML = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook written by hand: sheets (name, part, sheetData XML), optional shared strings and extra parts. */
async function handBuilt(
  sheets: { name: string; part?: string; data: string }[],
  options: { sst?: string; ns?: string; rel?: string; prefix?: string; absolute?: boolean; extra?: Record<string, string> } = {},
): Promise<string> {
  const { ns = SML, rel = REL, prefix = '' } = options;
  const p = prefix ? `${prefix}:` : '';
  const xmlns = prefix ? `xmlns:${prefix}="${ns}"` : `xmlns="${ns}"`;
  const target = (s: { part?: string }, i: number): string => `${options.absolute ? '/xl/' : ''}${s.part ?? `worksheets/sheet${i + 1}.xml`}`;
  const files: Record<string, string> = {
    '[Content_Types].xml': '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'xl/workbook.xml': `<${p}workbook ${xmlns} xmlns:r="${rel}"><${p}sheets>${sheets.map((s, i) => `<${p}sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</${p}sheets></${p}workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map((s, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="${target(s, i)}"/>`)
      .join('')}</Relationships>`,
  };
  sheets.forEach((s, i) => (files[`xl/${s.part ?? `worksheets/sheet${i + 1}.xml`}`] = `<${p}worksheet ${xmlns}><${p}sheetData>${s.data}</${p}sheetData></${p}worksheet>`));
  if (options.sst) files['xl/sharedStrings.xml'] = `<${p}sst ${xmlns}>${options.sst}</${p}sst>`;
  Object.assign(files, options.extra);
  return tmp.write(`hand-${Object.keys(files).length}-${Math.random().toString(36).slice(2)}.xlsx`, await buildZip(files));
}

const cells = (doc: { blocks: { kind: string; text: string; location: { sheet?: string; cell?: string } }[] }): string[][] =>
  doc.blocks.map((b) => [b.kind, b.location.sheet ?? '', b.location.cell ?? '', b.text]);

describe('xlsx reader, cell text read from the sheet XML', () => {
  it('joins the runs of inline strings (exceljs streaming writer without shared strings)', async () => {
    const path = tmp.path('inline.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
    const ws = wb.addWorksheet('Inline');
    ws.getCell('A1').value = 'Plain 21 CFR 820.30';
    ws.getCell('B1').value = { richText: [{ text: '21 CFR ' }, { font: { bold: true }, text: '820.' }, { text: '50' }] };
    ws.getCell('C2').value = 'line one\nline two';
    ws.commit();
    await wb.commit();
    expect(cells(await readDocument(path))).toEqual([
      ['cell', 'Inline', 'A1', 'Plain 21 CFR 820.30'],
      ['cell', 'Inline', 'B1', '21 CFR 820.50'],
      ['cell', 'Inline', 'C2', 'line one\nline two'],
    ]);
  });

  it('leaves phonetic guides out of shared and inline strings', async () => {
    const path = await handBuilt(
      [{ name: 'JP', data: '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>品質 820.20</t><rPh sb="0" eb="2"><t>ひんしつ</t></rPh></is></c></row>' }],
      { sst: '<si><t>漢字 820.50</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si><si><r><t>規則 </t></r><r><rPr><b/></rPr><t>820.30</t></r><rPh sb="0" eb="2"><t>きそく</t></rPh></si>' },
    );
    expect(cells(await readDocument(path))).toEqual([
      ['cell', 'JP', 'A1', '漢字 820.50'],
      ['cell', 'JP', 'B1', '規則 820.30'],
      ['cell', 'JP', 'C1', '品質 820.20'],
    ]);
  });

  it('counts the address of cells and rows without an r attribute', async () => {
    const data =
      '<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c><c r="E1" t="inlineStr"><is><t>e</t></is></c><c><v>6</v></c></row>' +
      '<row><c><v>2</v></c></row><row r="7"><c><v>7</v></c></row><row><c r="C8"><v>8</v></c></row><row><c r="B9"><v>9</v></c><c r="A9"><v>1</v></c><c r="A9"><v>10</v></c></row>';
    expect(cells(await readDocument(await handBuilt([{ name: 'NoRef', data }])))).toEqual([
      ['cell', 'NoRef', 'A1', 'a'],
      ['cell', 'NoRef', 'B1', 'b'],
      ['cell', 'NoRef', 'E1', 'e'],
      ['cell', 'NoRef', 'F1', '6'],
      ['cell', 'NoRef', 'A2', '2'],
      ['cell', 'NoRef', 'A7', '7'],
      ['cell', 'NoRef', 'C8', '8'],
      // Column order within a row; of two cells at one address the later one.
      ['cell', 'NoRef', 'A9', '10'],
      ['cell', 'NoRef', 'B9', '9'],
    ]);
  });

  it('reads sheets in workbook order with their names, however the package names them', async () => {
    const one = '<row r="1"><c r="A1" t="inlineStr"><is><t>first</t></is></c></row>';
    const two = '<row r="1"><c r="A1" t="inlineStr"><is><t>second</t></is></c></row>';
    const reordered = await handBuilt([
      { name: 'Second', part: 'worksheets/sheet2.xml', data: two },
      { name: 'First', part: 'worksheets/sheet1.xml', data: one },
    ]);
    expect(cells(await readDocument(reordered)).map((c) => c[1])).toEqual(['Second', 'First']);
    const absolute = await handBuilt([{ name: 'Abs', data: one }], { absolute: true });
    expect(cells(await readDocument(absolute))).toEqual([['cell', 'Abs', 'A1', 'first']]);
    const otherPath = await handBuilt([{ name: 'Data', part: 'worksheets/data.xml', data: one }]);
    expect(cells(await readDocument(otherPath))).toEqual([['cell', 'Data', 'A1', 'first']]);
    const strict = await handBuilt([{ name: 'Strict', data: one }], { ns: 'http://purl.oclc.org/ooxml/spreadsheetml/main', rel: 'http://purl.oclc.org/ooxml/officeDocument/relationships' });
    expect(cells(await readDocument(strict))).toEqual([['cell', 'Strict', 'A1', 'first']]);
    const prefixed = await handBuilt([{ name: 'Prefixed', data: one.replace(/<(\/?)(row|c|is|t)\b/g, '<$1x:$2') }], { prefix: 'x' });
    expect(cells(await readDocument(prefixed))).toEqual([['cell', 'Prefixed', 'A1', 'first']]);
    // A worksheet part the workbook does not list is still read, named after its number.
    const orphan = await handBuilt([{ name: 'Listed', data: one }], { extra: { 'xl/worksheets/sheet9.xml': `<worksheet xmlns="${SML}"><sheetData>${two}</sheetData></worksheet>` } });
    expect(cells(await readDocument(orphan))).toEqual([
      ['cell', 'Listed', 'A1', 'first'],
      ['cell', 'Sheet9', 'A1', 'second'],
    ]);
  });

  it('gives each cell type the text exceljs gave it, and errors none', async () => {
    const data =
      '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1"><v>1.0E-3</v></c><c r="D1" s="1"><v>45324</v></c><c r="E1" t="e"><v>#REF!</v></c>' +
      '<c r="F1" t="d"><v>2024-03-01T00:00:00</v></c><c r="G1" t="n"><v>not a number</v></c><c r="H1" t="str"><v>a &amp;amp; b</v></c><c r="I1" t="s"><v>99</v></c></row>' +
      '<row r="2"><c r="A2" t="str"><f>"x"</f><v>x</v></c><c r="B2"><f>1-1</f><v>0</v></c><c r="C2"><f>2*3</f><v>6</v></c><c r="D2" t="b"><f>TRUE()</f><v>1</v></c><c r="E2" t="e"><f>NA()</f><v>#N/A</v></c>' +
      '<c r="F2"><f t="shared" ref="F2:G2" si="0">C2</f><v>0</v></c><c r="G2"><f t="shared" si="0"/><v>0</v></c><c r="H2"><f>SUM(A1)</f></c></row>';
    expect(cells(await readDocument(await handBuilt([{ name: 'Types', data }], { sst: '<si><t>only</t></si>' })))).toEqual([
      ['cell', 'Types', 'A1', 'true'],
      ['cell', 'Types', 'B1', 'false'],
      ['cell', 'Types', 'C1', '0.001'],
      ['cell', 'Types', 'D1', '45324'],
      ['cell', 'Types', 'F1', '2024-03-01T00:00:00'],
      ['cell', 'Types', 'H1', 'a &amp; b'],
      ['cell', 'Types', 'A2', 'x'],
      ['cell', 'Types', 'C2', '6'],
      ['cell', 'Types', 'D2', '1'],
      ['cell', 'Types', 'G2', '0'],
    ]);
  });

  it('refuses a sheet with a DOCTYPE as unsafe and a broken sheet as damaged', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaa">]><worksheet xmlns="${SML}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>`;
    await expectReadError(readDocument(await handBuilt([{ name: 'D', data: '' }], { extra: { 'xl/worksheets/sheet1.xml': laughs } })), 'unsafe-xml');
    await expectReadError(readDocument(await handBuilt([{ name: 'M', data: '<row r="1"><c r="A1"><v>1</v></row>' }])), 'damaged-file');
  });
});
