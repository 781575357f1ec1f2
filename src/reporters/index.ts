/**
 * Scan reporters, one per `qmsr scan --format`. Each turns a ScanResult into
 * the text of its format; the caller decides where it goes.
 */
import { csvReporter } from './csv.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

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

export type { Reporter, ReporterOptions, RuleInfo } from './types.js';
export { csvReporter, htmlReporter, jsonReporter, sarifReporter, textReporter };
