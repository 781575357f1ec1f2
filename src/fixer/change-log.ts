/**
 * The change log: one record per finding with what was done about it, as
 * JSON (`changes.json`) and CSV (`changes.csv`, opens in Excel) in the output
 * folder, ready to paste into a document change order.
 */
import { stringify } from 'csv-stringify/sync';
import type { DocumentFormat } from '../doc-model/types.js';
import { guardCell } from '../reporters/csv.js';
import { formatLocation } from '../reporters/location.js';
import type { ChangeRecord, FindingOutcome } from './types.js';

/** Where a file's records come from and who signs them. */
export interface RecordContext {
  file: string;
  output?: string;
  format: DocumentFormat | 'unknown';
  author: string;
  date: string;
}

/** A change-log record for one outcome. */
export function toRecord(outcome: FindingOutcome, ctx: RecordContext): ChangeRecord {
  const f = outcome.finding;
  return {
    file: ctx.file,
    ...(ctx.output !== undefined ? { output: ctx.output } : {}),
    format: ctx.format,
    location: f.location,
    where: formatLocation(f.location),
    old: f.match,
    ...(outcome.replacement !== undefined ? { new: outcome.replacement } : {}),
    ruleId: f.ruleId,
    kind: f.kind,
    severity: f.severity,
    ...(f.citation ? { citation: f.citation } : {}),
    ...(f.term ? { term: f.term } : {}),
    action: outcome.action,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    message: f.message,
    kbRefs: f.kbRefs,
    author: ctx.author,
    date: ctx.date,
    ...(outcome.commentId !== undefined ? { commentId: outcome.commentId } : {}),
  };
}

/** What the JSON change log holds besides the records. */
export interface ChangeLogMeta {
  tool: { name: 'qmsr'; version: string };
  kb: { version: string; hash: string };
  generatedAt: string;
  author: string;
  date: string;
}

/** `changes.json`. */
export function changeLogJson(meta: ChangeLogMeta, records: readonly ChangeRecord[]): string {
  return `${JSON.stringify({ ...meta, changes: records }, null, 2)}\n`;
}

/** Column names of `changes.csv`, in order. */
export const CHANGE_LOG_COLUMNS = [
  'file',
  'output',
  'location',
  'part',
  'paragraph',
  'page',
  'line',
  'column',
  'sheet',
  'cell',
  'old',
  'new',
  'action',
  'reason',
  'ruleId',
  'kind',
  'severity',
  'citation',
  'term',
  'kbRefs',
  'message',
  'author',
  'date',
  'commentId',
] as const;

/** `changes.csv`: a UTF-8 byte-order mark (for Excel), a header row, CRLF line ends, formula-looking cells neutralised. */
export function changeLogCsv(records: readonly ChangeRecord[]): string {
  const rows = records.map((r) =>
    [
      r.file,
      r.output ?? '',
      r.where,
      r.location.part ?? '',
      r.location.paragraph ?? '',
      r.location.page ?? '',
      r.location.line ?? '',
      r.location.column ?? '',
      r.location.sheet ?? '',
      r.location.cell ?? '',
      r.old,
      r.new ?? '',
      r.action,
      r.reason ?? '',
      r.ruleId,
      r.kind,
      r.severity,
      r.citation ?? '',
      r.term ?? '',
      r.kbRefs.join('; '),
      r.message,
      r.author,
      r.date,
      r.commentId ?? '',
    ].map((cell) => (typeof cell === 'string' ? guardCell(cell) : String(cell))),
  );
  return `\ufeff${stringify([[...CHANGE_LOG_COLUMNS], ...rows], { record_delimiter: '\r\n' })}`;
}
