/**
 * The `qmsr scan --format json` output: the shape promised in
 * shared/contracts/cli.md, keys in the contract's order, then the fields the
 * contract allows us to add (kb, generatedAt, kbRefs, context, ...). Files are
 * sorted by path and findings by file and position, so output is reproducible.
 */
import type { FileResult, Finding, ScanResult } from '../scanner/types.js';
import { sortFiles, sortFindings } from './order.js';
import type { ReporterOptions } from './types.js';

/** Pretty-printed JSON (two-space indent) with a trailing newline. */
export function jsonReporter(result: ScanResult, _options: ReporterOptions = {}): string {
  const { schemaVersion, tool, summary, files, findings, ...extra } = result;
  const ordered = {
    schemaVersion,
    tool,
    summary,
    files: sortFiles(files).map(orderFile),
    findings: sortFindings(findings).map(orderFinding),
    ...extra,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function orderFile(file: FileResult): FileResult {
  const { path, format, status, error, ...extra } = file;
  return { path, format, status, ...(error !== undefined ? { error } : {}), ...extra };
}

function orderFinding(finding: Finding): Finding {
  const { file, ruleId, kind, severity, match, citation, term, location, message, replacements, ...extra } = finding;
  return {
    file,
    ruleId,
    kind,
    severity,
    match,
    ...(citation !== undefined ? { citation } : {}),
    ...(term !== undefined ? { term } : {}),
    location,
    message,
    replacements,
    ...extra,
  };
}
