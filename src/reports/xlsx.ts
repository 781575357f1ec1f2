/**
 * The assessment report as an Excel workbook laid out like a consultant's:
 * Summary (provenance, counts, the heat maps as coloured grids, documents
 * with SHA-256, signatures), Checklist, Gap register, Action tracker and
 * Document findings. Data sheets have a frozen header row, a filter, wrapped
 * text and drop-downs for statuses. The heat maps are also named ranges
 * (`HeatMapStatus`, `HeatMapPriority`) so they can be found by formula or script.
 * Cell text is stored as text, never as a formula.
 */
import ExcelJS from 'exceljs';
import { ACTION_STATUSES, ITEM_STATUSES } from '../store/index.js';
import type { HeatMap } from '../assessment/types.js';
import { evidenceLabel, isOverdue, KIND_LABEL, locationLabel, PRIORITY_COLOUR, provenance, STATUS_COLOUR, STATUS_LABEL } from './labels.js';
import type { ReportData } from './types.js';

/** Sheet names, in order. */
export const XLSX_SHEETS = ['Summary', 'Checklist', 'Gap register', 'Action tracker', 'Document findings'] as const;

const HEADER_FILL = 'FF1F3864';
const SECTION_FONT: Partial<ExcelJS.Font> = { bold: true, size: 12, color: { argb: 'FF1F3864' } };

interface Column {
  header: string;
  width: number;
  wrap?: boolean;
  date?: boolean;
}

/** Render the workbook. */
export async function xlsxReport(data: ReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const when = new Date(data.generatedAt);
  wb.creator = `qmsr ${data.tool.version}`;
  wb.created = when;
  wb.modified = when;
  wb.title = `QMSR gap assessment: ${data.assessment.organization}`;
  wb.subject = data.assessment.name;
  wb.keywords = `kb ${data.kb.version}`;
  summarySheet(wb, data);
  checklistSheet(wb, data);
  gapSheet(wb, data);
  actionSheet(wb, data);
  findingsSheet(wb, data);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function summarySheet(wb: ExcelJS.Workbook, data: ReportData): void {
  const ws = wb.addWorksheet('Summary', { properties: { tabColor: { argb: HEADER_FILL } } });
  ws.columns = [{ width: 44 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 16 }, { width: 12 }];
  const s = data.summary;
  ws.addRow(['QMSR gap assessment']).font = { bold: true, size: 16 };
  ws.addRow([`${data.assessment.organization} — ${data.assessment.name}`]).font = { size: 12 };
  ws.addRow([]);
  for (const [k, v] of provenance(data)) {
    const row = ws.addRow([k, v]);
    row.getCell(1).font = { bold: true };
    ws.mergeCells(row.number, 2, row.number, 7);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  section(ws, 'Applicable items by status');
  header(ws.addRow(['Status', 'Items']));
  for (const st of ITEM_STATUSES) {
    const row = ws.addRow([STATUS_LABEL[st], s.byStatus[st]]);
    row.getCell(1).fill = fill(blend(STATUS_COLOUR[st], 0.25));
  }
  ws.addRow(['Not applicable to this organisation (checklist)', s.excluded]);
  ws.addRow(['Items no document covers', s.coverage.uncovered.length]);
  ws.addRow(['Evidence proposals awaiting review', s.evidence.proposed]);
  ws.addRow(['Documents needing revision', s.needsRevision.length]);
  ws.addRow(['Open actions (overdue)', `${s.openActions} (${s.actions.overdue})`]);

  section(ws, 'Heat map: inspection area (CP 7382.850) × status');
  heatGrid(wb, ws, s.heatMap, (c) => STATUS_LABEL[c as keyof typeof STATUS_LABEL] ?? c, (c) => STATUS_COLOUR[c as keyof typeof STATUS_COLOUR] ?? '9AA0A6', 'HeatMapStatus');
  section(ws, 'Open items (gap, partial, not assessed): area × priority');
  heatGrid(wb, ws, s.priorityHeatMap, (c) => c, (c) => PRIORITY_COLOUR[c as keyof typeof PRIORITY_COLOUR] ?? '9AA0A6', 'HeatMapPriority');

  section(ws, 'By ISO 13485 clause group');
  header(ws.addRow(['Clause group', ...ITEM_STATUSES.map((st) => STATUS_LABEL[st]), 'Total']));
  for (const g of s.byClause) ws.addRow([g.name, ...ITEM_STATUSES.map((st) => g.byStatus[st]), g.total]);

  section(ws, 'Documents used');
  header(ws.addRow(['Document', 'SHA-256', '', '', 'Version', 'Findings', 'Needs revision']));
  for (const v of data.documentVersions) {
    const d = data.documents.find((x) => x.path === v.path && x.sha256 === v.sha256);
    const row = ws.addRow([v.path, v.sha256, null, null, v.role === 'scanned' ? 'last scanned' : 'earlier (evidence)', d?.findingsCount ?? null, d ? (d.needsRevision ? 'yes' : 'no') : null]);
    ws.mergeCells(row.number, 2, row.number, 4);
    row.getCell(2).font = { name: 'Consolas', size: 9 };
    if (d?.needsRevision) row.getCell(7).fill = fill(blend(STATUS_COLOUR.partial, 0.4));
  }
  if (data.documentVersions.length === 0) ws.addRow(['No documents have been scanned for this assessment.']);

  section(ws, 'Electronic signatures');
  if (data.signatures.length === 0) ws.addRow(['No electronic signatures are recorded for this assessment.']);
  else {
    header(ws.addRow(['Signed by', 'Meaning', 'When', 'Subject', 'SHA-256 of what was signed']));
    for (const g of data.signatures) ws.addRow([`${g.printedName} (${g.username})`, g.meaning, g.signedAt, g.subject, g.subjectSha256]);
  }
  ws.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
}

function heatGrid(wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet, map: HeatMap, label: (c: string) => string, colour: (c: string) => string, name: string): void {
  const head = ws.addRow(['Area', ...map.columns.map(label), 'Total']);
  header(head);
  const max = Math.max(1, ...map.cells.map((c) => c.count));
  const first = head.number + 1;
  for (const a of map.areas) {
    const counts = map.columns.map((c) => map.cells.find((x) => x.area === a.id && x.column === c)?.count ?? 0);
    const row = ws.addRow([a.name, ...counts, counts.reduce((n, x) => n + x, 0)]);
    counts.forEach((n, i) => {
      const cell = row.getCell(i + 2);
      cell.alignment = { horizontal: 'center' };
      cell.fill = fill(n === 0 ? 'F5F5F5' : blend(colour(map.columns[i]!), 0.2 + 0.8 * (n / max)));
      if (n > max / 2) cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
      else cell.font = { bold: n > 0 };
    });
    row.getCell(map.columns.length + 2).font = { bold: true };
  }
  const last = first + map.areas.length - 1;
  if (map.areas.length > 0) wb.definedNames.add(`'${ws.name}'!$A$${first}:$${colLetter(map.columns.length + 2)}$${last}`, name);
}

function checklistSheet(wb: ExcelJS.Workbook, data: ReportData): void {
  const cols: Column[] = [
    { header: 'Item ID', width: 22 },
    { header: 'Requirement', width: 22 },
    { header: 'Title', width: 40, wrap: true },
    { header: 'Type', width: 14 },
    { header: 'FDA-specific', width: 11 },
    { header: 'Applies', width: 9 },
    { header: 'Why it applies or not', width: 50, wrap: true },
    { header: 'Inspection area', width: 26, wrap: true },
    { header: 'ISO clauses', width: 14, wrap: true },
    { header: 'Replaces (old QSR)', width: 20, wrap: true },
    { header: 'Priority', width: 10 },
    { header: 'Status', width: 15 },
    { header: 'Owner', width: 16 },
    { header: 'Due date', width: 12, date: true },
    { header: 'Justification', width: 36, wrap: true },
    { header: 'Notes', width: 36, wrap: true },
    { header: 'Accepted evidence', width: 50, wrap: true },
    { header: 'Proposed evidence', width: 50, wrap: true },
    { header: 'Open actions', width: 10 },
    { header: 'Last changed by', width: 16 },
    { header: 'Last changed at', width: 22 },
    { header: 'Version', width: 8 },
  ];
  const ws = dataSheet(wb, 'Checklist', cols);
  for (const i of data.items) {
    const row = ws.addRow([
      i.itemId,
      i.requirement,
      i.title,
      KIND_LABEL[i.kind] ?? i.kind,
      i.fdaSpecific ? 'yes' : 'no',
      i.applicable ? 'yes' : 'no',
      i.reason,
      i.area.name,
      i.isoClauses.join(', '),
      i.replaces.join(', '),
      i.priority,
      i.status,
      i.owner,
      date(i.dueDate),
      i.justification,
      i.notes,
      i.evidence.filter((e) => e.state === 'accepted').map((e) => evidenceLabel(e, true)).join('\n') || null,
      i.evidence.filter((e) => e.state === 'proposed').map((e) => evidenceLabel(e, true)).join('\n') || null,
      i.openActions,
      i.updatedBy,
      i.updatedAt,
      i.version,
    ]);
    styleRow(row, cols);
    row.getCell(11).fill = fill(blend(PRIORITY_COLOUR[i.priority], 0.3));
    statusCell(row.getCell(12), i.status);
    if (!i.applicable) row.getCell(6).font = { color: { argb: 'FF7F7F7F' } };
  }
  finish(ws, cols, data.items.length);
}

function gapSheet(wb: ExcelJS.Workbook, data: ReportData): void {
  const cols: Column[] = [
    { header: 'Item ID', width: 22 },
    { header: 'Requirement', width: 22 },
    { header: 'Title', width: 40, wrap: true },
    { header: 'Status', width: 12 },
    { header: 'Priority', width: 10 },
    { header: 'Inspection area', width: 26, wrap: true },
    { header: 'Owner', width: 16 },
    { header: 'Due date', width: 12, date: true },
    { header: 'Gap description / notes', width: 46, wrap: true },
    { header: 'Evidence (accepted)', width: 44, wrap: true },
    { header: 'Remediation actions', width: 50, wrap: true },
  ];
  const ws = dataSheet(wb, 'Gap register', cols);
  const gaps = data.items.filter((i) => i.status === 'gap' || i.status === 'partial');
  const order = { critical: 0, high: 1, medium: 2, low: 3 } as const;
  gaps.sort((a, b) => order[a.priority] - order[b.priority] || a.position - b.position);
  for (const i of gaps) {
    const row = ws.addRow([
      i.itemId,
      i.requirement,
      i.title,
      i.status,
      i.priority,
      i.area.name,
      i.owner,
      date(i.dueDate),
      i.notes,
      i.evidence.filter((e) => e.state === 'accepted').map((e) => evidenceLabel(e, true)).join('\n') || null,
      i.actions.map((a) => `${a.title} — ${a.owner ?? 'no owner'}, due ${a.dueDate ?? 'not set'}, ${a.status}`).join('\n') || 'no action yet',
    ]);
    styleRow(row, cols);
    statusCell(row.getCell(4), i.status);
    row.getCell(5).fill = fill(blend(PRIORITY_COLOUR[i.priority], 0.3));
  }
  finish(ws, cols, gaps.length);
}

function actionSheet(wb: ExcelJS.Workbook, data: ReportData): void {
  const cols: Column[] = [
    { header: 'Action ID', width: 38 },
    { header: 'Item ID', width: 22 },
    { header: 'Requirement', width: 22 },
    { header: 'Action', width: 50, wrap: true },
    { header: 'Owner', width: 16 },
    { header: 'Due date', width: 12, date: true },
    { header: 'Status', width: 13 },
    { header: 'Overdue', width: 9 },
    { header: 'Created', width: 22 },
    { header: 'Last changed by', width: 16 },
    { header: 'Last changed at', width: 22 },
  ];
  const ws = dataSheet(wb, 'Action tracker', cols);
  const requirement = new Map(data.items.map((i) => [i.itemId, i.requirement]));
  const today = data.generatedAt.slice(0, 10);
  for (const a of data.actions) {
    const late = isOverdue(a.dueDate, a.status, today);
    const row = ws.addRow([a.id, a.itemId ?? '(whole assessment)', a.itemId ? (requirement.get(a.itemId) ?? null) : null, a.title, a.owner, date(a.dueDate), a.status, late ? 'yes' : 'no', a.createdAt, a.updatedBy, a.updatedAt]);
    styleRow(row, cols);
    row.getCell(7).dataValidation = listValidation(ACTION_STATUSES, 'Action status');
    if (late) row.getCell(8).font = { bold: true, color: { argb: 'FFC62828' } };
  }
  finish(ws, cols, data.actions.length);
}

function findingsSheet(wb: ExcelJS.Workbook, data: ReportData): void {
  const cols: Column[] = [
    { header: 'Document', width: 34, wrap: true },
    { header: 'SHA-256', width: 30 },
    { header: 'Needs revision', width: 10 },
    { header: 'Where', width: 12 },
    { header: 'Rule', width: 20 },
    { header: 'Severity', width: 9 },
    { header: 'Text in the document', width: 30, wrap: true },
    { header: 'Old citation / term', width: 18 },
    { header: 'Finding', width: 60, wrap: true },
    { header: 'Suggested replacement', width: 40, wrap: true },
  ];
  const ws = dataSheet(wb, 'Document findings', cols);
  let n = 0;
  for (const d of data.documents) {
    const list = d.findings.length > 0 ? d.findings : [undefined];
    for (const f of list) {
      const row = ws.addRow([
        d.path,
        d.sha256,
        d.needsRevision ? 'yes' : 'no',
        f ? locationLabel(f.location as unknown as Record<string, unknown>) : null,
        f?.ruleId ?? '(no findings)',
        f?.severity ?? null,
        f?.match ?? null,
        f ? (f.citation ?? f.term ?? null) : null,
        f?.message ?? null,
        f?.replacements[0]?.text ?? null,
      ]);
      styleRow(row, cols);
      row.getCell(2).font = { name: 'Consolas', size: 9 };
      n++;
    }
  }
  finish(ws, cols, n);
}

// ---------------------------------------------------------------- helpers

function dataSheet(wb: ExcelJS.Workbook, name: string, cols: Column[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
  ws.columns = cols.map((c) => ({ header: c.header, width: c.width }));
  header(ws.getRow(1));
  return ws;
}

function finish(ws: ExcelJS.Worksheet, cols: Column[], rows: number): void {
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows + 1), column: cols.length } };
}

function styleRow(row: ExcelJS.Row, cols: Column[]): void {
  row.alignment = { vertical: 'top' };
  cols.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    if (c.wrap) cell.alignment = { vertical: 'top', wrapText: true };
    if (c.date) cell.numFmt = 'yyyy-mm-dd';
  });
}

function statusCell(cell: ExcelJS.Cell, status: keyof typeof STATUS_COLOUR): void {
  cell.fill = fill(blend(STATUS_COLOUR[status], 0.35));
  cell.dataValidation = listValidation(ITEM_STATUSES, 'Status');
}

function listValidation(values: readonly string[], title: string): ExcelJS.DataValidation {
  return { type: 'list', allowBlank: true, formulae: [`"${values.join(',')}"`], showErrorMessage: true, errorTitle: title, error: `Choose one of: ${values.join(', ')}` };
}

function header(row: ExcelJS.Row): void {
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  row.eachCell((cell) => {
    cell.fill = fill(HEADER_FILL.slice(2));
  });
  row.alignment = { vertical: 'middle', wrapText: true };
}

function section(ws: ExcelJS.Worksheet, title: string): void {
  ws.addRow([]);
  ws.addRow([title]).font = SECTION_FONT;
}

function fill(rgb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${rgb}` } };
}

/** `rgb` mixed with white: share 1 is the colour, 0 is white. */
export function blend(rgb: string, share: number): string {
  const mix = (i: number) => Math.round(255 - (255 - parseInt(rgb.slice(i, i + 2), 16)) * share);
  return [0, 2, 4].map((i) => mix(i).toString(16).padStart(2, '0').toUpperCase()).join('');
}

function date(value: string | null): Date | null {
  return value ? new Date(`${value}T00:00:00Z`) : null;
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
