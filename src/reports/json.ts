/**
 * The report data set as JSON: everything the other formats show, for
 * scripts and for archiving next to the PDF.
 */
import type { ReportData } from './types.js';

/** The JSON report: two-space indent, trailing newline. */
export function jsonReport(data: ReportData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}
