/**
 * Assessment reports from one data set: gather once with
 * {@link gatherReportData}, then render any format with {@link renderReport}.
 */
import type { ReportCharts } from './charts.js';
import { csvReport } from './csv.js';
import { htmlReport } from './html.js';
import { jsonReport } from './json.js';
import { markdownReport } from './markdown.js';
import { pdfReport } from './pdf.js';
import type { ReportData, ReportFormat } from './types.js';
import { xlsxReport } from './xlsx.js';

export { gatherReportData } from './data.js';
export type { GatherOptions } from './data.js';
export { REPORT_FORMATS } from './types.js';
export type { ReportData, ReportFormat, ReportItem, ReportDocument, DocumentVersion, SignatureManifestEntry } from './types.js';
export { renderCharts } from './charts.js';
export type { ReportCharts } from './charts.js';
export { auditCsv, auditPdf } from './audit-export.js';

/** Media type of each format. */
export const REPORT_MEDIA_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

/** Render one format. Text formats come back as UTF-8 bytes too, so every format can be hashed and stored alike. */
export async function renderReport(data: ReportData, format: ReportFormat, charts?: ReportCharts): Promise<Buffer> {
  switch (format) {
    case 'xlsx':
      return xlsxReport(data);
    case 'pdf':
      return pdfReport(data, charts);
    case 'html':
      return Buffer.from(await htmlReport(data, charts), 'utf8');
    case 'md':
      return Buffer.from(markdownReport(data), 'utf8');
    case 'csv':
      return Buffer.from(csvReport(data), 'utf8');
    case 'json':
      return Buffer.from(jsonReport(data), 'utf8');
    default:
      throw new Error(`unknown report format ${String(format)}`);
  }
}
