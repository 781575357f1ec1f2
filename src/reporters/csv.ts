/**
 * One row per finding for spreadsheets: RFC 4180 quoting, CRLF line ends and a
 * UTF-8 byte-order mark so Excel reads accents and symbols correctly. Document
 * text is untrusted, so a cell that a spreadsheet would run as a formula gets a
 * leading apostrophe (OWASP "CSV injection").
 */
import { stringify } from 'csv-stringify/sync';
import type { Finding, ScanResult } from '../scanner/types.js';
import { formatLocation } from './location.js';
import { sortFindings } from './order.js';
import type { ReporterOptions } from './types.js';

/** Column names, in order; `location` is the human label (`footnotes ¶2`, `p.2 ¶14`), which also tells body from footnote. */
export const CSV_COLUMNS = [
  'file',
  'ruleId',
  'kind',
  'severity',
  'match',
  'citation',
  'term',
  'page',
  'line',
  'column',
  'paragraph',
  'sheet',
  'cell',
  'message',
  'replacement',
  'kbRefs',
  'location',
] as const;

/** Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises a text cell a spreadsheet would evaluate. */
export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The CSV report, starting with a BOM and a header row. */
export function csvReporter(result: ScanResult, _options: ReporterOptions = {}): string {
  const rows = sortFindings(result.findings).map(row);
  // With a CRLF record delimiter csv-stringify only quotes fields holding the whole
  // CRLF pair; a lone LF or CR would split the row in Excel, so quote those too.
  return `\ufeff${stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ })}`;
}

function row(f: Finding): (string | number)[] {
  const loc = f.location;
  const text = (v: string | undefined): string => guardCell(v ?? '');
  const num = (v: number | undefined): number | string => v ?? '';
  return [
    text(f.file),
    text(f.ruleId),
    text(f.kind),
    text(f.severity),
    text(f.match),
    text(f.citation),
    text(f.term),
    num(loc.page),
    num(loc.line),
    num(loc.column),
    num(loc.paragraph),
    text(loc.sheet),
    text(loc.cell),
    text(f.message),
    text(f.replacements.map((r) => r.text).join('; ')),
    text(f.kbRefs.join('; ')),
    text(formatLocation(loc)),
  ];
}
