/**
 * Scan reporters, one per `qmsr scan --format`. Each turns a ScanResult into
 * the text of its format; the caller decides where it goes.
 */
import { csvReporter } from './csv.js';
import { htmlReporter } from './html.js';
import { jsonChunks, jsonReporter } from './json.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { ScanResult } from '../scanner/types.js';
import type { Reporter, ReporterOptions } from './types.js';

/** The output formats of `qmsr scan`. */
export type ReportFormat = 'text' | 'json' | 'sarif' | 'csv' | 'html';

/** Every reporter by format name. */
export const reporters: Record<ReportFormat, Reporter> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  csv: csvReporter,
  html: htmlReporter,
};

/** A report in pieces, for writing out without holding it whole (JSON, the one that grows large); other formats come in one piece. */
export function reportChunks(format: ReportFormat, result: ScanResult, options: ReporterOptions): Iterable<string | Uint8Array> {
  return format === 'json' ? jsonChunks(result, options) : [reporters[format](result, options)];
}

export type { Reporter, ReporterOptions, RuleInfo } from './types.js';
export { csvReporter, htmlReporter, jsonReporter, sarifReporter, textReporter };
