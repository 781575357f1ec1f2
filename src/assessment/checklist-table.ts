/**
 * The checklist as rows and columns, shared by the CSV and xlsx outputs: one
 * row per item, with empty columns for the assessor (status, evidence, owner,
 * due date, notes), the way consultants' gap registers are laid out.
 */
import type { Checklist, ChecklistItem } from './checklist.js';

/** The values the Status column accepts (an xlsx drop-down list). */
export const STATUS_VALUES = ['not-assessed', 'compliant', 'partial', 'gap', 'not-applicable'] as const;

/** One column of the CSV and xlsx outputs. */
export interface Column {
  header: string;
  /** Column width in characters, for the xlsx. */
  width: number;
  /** Long text: wrapped in the xlsx. */
  wrap?: boolean;
  value: (item: ChecklistItem) => string;
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

/** Columns in order. The assessor's columns come last and start empty. */
export const CHECKLIST_COLUMNS: readonly Column[] = [
  { header: 'ID', width: 24, value: (i) => i.id },
  { header: 'Requirement', width: 24, wrap: true, value: (i) => i.requirement },
  { header: 'Title', width: 36, wrap: true, value: (i) => i.title },
  { header: 'FDA-specific', width: 11, value: (i) => yesNo(i.fdaSpecific) },
  { header: 'Applicable', width: 11, value: (i) => yesNo(i.applicable) },
  { header: 'Reason', width: 60, wrap: true, value: (i) => i.reason },
  { header: 'Priority', width: 10, value: (i) => i.priority },
  { header: 'Priority reason', width: 50, wrap: true, value: (i) => i.priorityReason },
  { header: 'Replaces (old QSR)', width: 24, wrap: true, value: (i) => i.replaces.join(', ') },
  { header: 'Inspection area', width: 26, wrap: true, value: (i) => i.inspectionArea.name },
  { header: 'Guidance', width: 70, wrap: true, value: (i) => i.guidance },
  { header: 'Evidence hints', width: 32, wrap: true, value: (i) => i.evidenceHints.join('; ') },
  { header: 'Status', width: 16, value: () => '' },
  { header: 'Evidence', width: 40, wrap: true, value: () => '' },
  { header: 'Owner', width: 16, value: () => '' },
  { header: 'Due date', width: 12, value: () => '' },
  { header: 'Notes', width: 36, wrap: true, value: () => '' },
];

/** The header row and one row of cell text per item. */
export function checklistRows(c: Checklist): { header: string[]; rows: string[][] } {
  return { header: CHECKLIST_COLUMNS.map((col) => col.header), rows: c.items.map((item) => CHECKLIST_COLUMNS.map((col) => col.value(item))) };
}
