/**
 * The checklist items as CSV for spreadsheets and scripts: one row per item
 * with its status, owner, due date, evidence (document, place and full
 * SHA-256) and actions, and on every row the report's time, the tool and the
 * knowledge-base versions, so a row copied elsewhere still says where it came
 * from. UTF-8 with a byte-order mark, CRLF, and cells a spreadsheet would run
 * as a formula neutralised.
 */
import { stringify } from 'csv-stringify/sync';
import { guardCell } from '../reporters/csv.js';
import { evidenceLabel } from './labels.js';
import type { ReportData } from './types.js';

/** Column names, in order. */
export const REPORT_CSV_COLUMNS = [
  'itemId',
  'requirement',
  'title',
  'kind',
  'fdaSpecific',
  'applicable',
  'applicabilityReason',
  'area',
  'priority',
  'status',
  'owner',
  'dueDate',
  'justification',
  'notes',
  'acceptedEvidence',
  'proposedEvidence',
  'actions',
  'updatedBy',
  'updatedAt',
  'itemVersion',
  'assessmentId',
  'reportGeneratedAt',
  'toolVersion',
  'kbVersion',
] as const;

/** The CSV report. */
export function csvReport(data: ReportData): string {
  const text = (v: string | null | undefined): string => guardCell(v ?? '');
  const rows = data.items.map((i) => [
    text(i.itemId),
    text(i.requirement),
    text(i.title),
    text(i.kind),
    i.fdaSpecific ? 'yes' : 'no',
    i.applicable ? 'yes' : 'no',
    text(i.reason),
    text(i.area.name),
    text(i.priority),
    text(i.status),
    text(i.owner),
    text(i.dueDate),
    text(i.justification),
    text(i.notes),
    text(i.evidence.filter((e) => e.state === 'accepted').map((e) => evidenceLabel(e, true)).join('; ')),
    text(i.evidence.filter((e) => e.state === 'proposed').map((e) => evidenceLabel(e, true)).join('; ')),
    text(i.actions.map((a) => `${a.title} (${a.owner ?? 'no owner'}, ${a.dueDate ?? 'no date'}, ${a.status})`).join('; ')),
    text(i.updatedBy),
    text(i.updatedAt),
    String(i.version),
    text(data.assessment.id),
    text(data.generatedAt),
    text(data.tool.version),
    text(data.kb.version),
  ]);
  return `\ufeff${stringify([[...REPORT_CSV_COLUMNS], ...rows], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ })}`;
}
