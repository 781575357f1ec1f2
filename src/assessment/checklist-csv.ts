/**
 * The checklist as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel
 * reads the encoding), CRLF line ends, and cells that a spreadsheet would run as
 * a formula defused with a leading apostrophe.
 */
import { stringify } from 'csv-stringify/sync';
import type { Checklist } from './checklist.js';
import { checklistRows } from './checklist-table.js';

/** A cell that starts like a formula (=, +, -, @, tab, carriage return) gets a leading apostrophe. */
export function defuseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** Render a built checklist as CSV, one row per item. */
export function checklistCsv(c: Checklist): string {
  const { header, rows } = checklistRows(c);
  return `\uFEFF${stringify([header, ...rows.map((r) => r.map(defuseFormula))], { record_delimiter: '\r\n' })}`;
}
