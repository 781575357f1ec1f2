/**
 * The checklist as an Excel workbook, laid out like a consultant's gap
 * register: a "Checklist" sheet (frozen header, filter, wrapped text, a status
 * drop-down) and a "Profile" sheet recording what the checklist was built from.
 */
import ExcelJS from 'exceljs';
import type { Checklist } from './checklist.js';
import { CHECKLIST_COLUMNS, checklistRows, STATUS_VALUES } from './checklist-table.js';
import { showValue } from './conditions.js';
import { PROFILE_FIELDS, type ProfileField } from './profile.js';

const PRIORITY_FILL: Record<string, string> = { high: 'FFF4CCCC', medium: 'FFFFF2CC', low: 'FFE2EFDA' };
const HEADER_FILL = 'FF1F3864';

/** Render a built checklist as an .xlsx file. */
export async function checklistXlsx(c: Checklist): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const when = new Date(c.generatedAt);
  wb.creator = `qmsr ${c.tool.version}`;
  wb.created = when;
  wb.modified = when;
  addChecklistSheet(wb, c);
  addProfileSheet(wb, c);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addChecklistSheet(wb: ExcelJS.Workbook, c: Checklist): void {
  const ws = wb.addWorksheet('Checklist', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const { header, rows } = checklistRows(c);
  ws.columns = CHECKLIST_COLUMNS.map((col) => ({ header: col.header, width: col.width }));
  styleHeader(ws.getRow(1));
  const statusCol = header.indexOf('Status') + 1;
  const priorityCol = header.indexOf('Priority') + 1;
  const dueCol = header.indexOf('Due date') + 1;
  rows.forEach((values, index) => {
    const row = ws.addRow(values.map((v) => (v === '' ? null : v)));
    const item = c.items[index]!;
    row.alignment = { vertical: 'top' };
    CHECKLIST_COLUMNS.forEach((col, i) => {
      if (col.wrap) row.getCell(i + 1).alignment = { vertical: 'top', wrapText: true };
    });
    row.getCell(priorityCol).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: PRIORITY_FILL[item.priority]! } };
    if (!item.applicable) row.font = { color: { argb: 'FF7F7F7F' } };
    row.getCell(statusCol).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${STATUS_VALUES.join(',')}"`],
      showErrorMessage: true,
      errorTitle: 'Status',
      error: `Choose one of: ${STATUS_VALUES.join(', ')}`,
    };
    row.getCell(dueCol).numFmt = 'yyyy-mm-dd';
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: header.length } };
}

function addProfileSheet(wb: ExcelJS.Workbook, c: Checklist): void {
  const ws = wb.addWorksheet('Profile');
  ws.columns = [
    { header: 'Fact', width: 48 },
    { header: 'Value', width: 40 },
    { header: 'Given in the profile', width: 20 },
  ];
  styleHeader(ws.getRow(1));
  const assumed = new Set<string>(c.profile.assumed);
  ws.addRow(['Organization', c.profile.organization, 'yes']);
  for (const key of Object.keys(PROFILE_FIELDS) as ProfileField[]) {
    ws.addRow([PROFILE_FIELDS[key].label, showValue(c.profile[key]), assumed.has(key) ? 'no (default)' : 'yes']);
  }
  if (c.profile.notes) ws.addRow(['Notes', c.profile.notes, 'yes']);
  ws.addRow([]);
  ws.addRow(['Generated', c.generatedAt]);
  ws.addRow(['Tool', `${c.tool.name} ${c.tool.version}`]);
  ws.addRow(['Knowledge base', `${c.kb.version} (hash ${c.kb.hash})`]);
  ws.addRow(['Checklist data', `hash ${c.kb.checklist.hash}`]);
  ws.addRow([
    'Items',
    `${c.summary.items}: ${c.summary.applicable} applicable (${c.summary.priority.high} high, ${c.summary.priority.medium} medium, ${c.summary.priority.low} low), ${c.summary.notApplicable} not applicable`,
  ]);
  ws.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  row.alignment = { vertical: 'middle', wrapText: true };
}
