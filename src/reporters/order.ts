/**
 * One stable order for every report: files by path, findings by file and then
 * by where they sit in the document, so the same scan always prints the same
 * way whatever order the worker pool finished in.
 */
import { sortForReport } from '../scanner/finding-order.js';
import type { FileResult, Finding } from '../scanner/types.js';
import { compareText } from '../util/compare.js';

export { compareText };

/** Files sorted by path. */
export function sortFiles(files: readonly FileResult[]): FileResult[] {
  return [...files].sort((a, b) => compareText(a.path, b.path));
}

/**
 * Findings sorted by file, then Word part (main body first), page, line, column,
 * paragraph, sheet (in order of first appearance) and cell. The scanner keeps
 * each file's findings in this order (see scanner/packed.ts), so it is defined there.
 */
export const sortFindings: (findings: readonly Finding[]) => Finding[] = sortForReport;
