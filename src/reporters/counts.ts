/**
 * Counts that several reports print: findings by severity, files with
 * findings, files that could not be read, and the one-line summary.
 */
import type { FileResult, Finding, ScanResult, Severity } from '../scanner/types.js';
import { compareText, sortFindings } from './order.js';

/** Findings per severity. */
export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Findings per file path. */
export function findingsByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  return byFile;
}

/** A file of the report with its findings; `file` is absent for a path only findings mention. */
export interface FileEntry {
  path: string;
  file?: FileResult;
  findings: Finding[];
}

/** Every file of the scan plus any path only findings mention, by path, each with its findings in order. */
export function fileEntries(result: ScanResult): FileEntry[] {
  const byFile = findingsByFile(sortFindings(result.findings));
  const entries = new Map<string, FileEntry>();
  for (const file of result.files) if (!entries.has(file.path)) entries.set(file.path, { path: file.path, file, findings: [] });
  for (const [path, findings] of byFile) {
    const entry = entries.get(path);
    if (entry) entry.findings = findings;
    else entries.set(path, { path, findings });
  }
  return [...entries.values()].sort((a, b) => compareText(a.path, b.path));
}

/** `1 finding`, `2 findings`; `word` is the singular, `plural` defaults to word + s. */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/**
 * `N findings in M files (E errors, W warnings, I info); K files could not be read`.
 * M counts files with findings; the unread and skipped clauses appear only when non-zero.
 */
export function summarySentence(result: ScanResult): string {
  const c = severityCounts(result.findings);
  const withFindings = new Set(result.findings.map((f) => f.file)).size;
  const failed = result.files.filter((f) => f.status === 'error').length;
  const skipped = result.files.filter((f) => f.status === 'skipped').length;
  const head =
    result.findings.length === 0
      ? `No findings in ${plural(result.files.length - failed - skipped, 'file')} read`
      : `${plural(result.findings.length, 'finding')} in ${plural(withFindings, 'file')} ` +
        `(${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info)`;
  const tail = [
    failed > 0 ? `${plural(failed, 'file')} could not be read` : '',
    skipped > 0 ? `${plural(skipped, 'file')} skipped` : '',
  ].filter(Boolean);
  return [head, ...tail].join('; ');
}
