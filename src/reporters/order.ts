/**
 * One stable order for every report: files by path, findings by file and then
 * by where they sit in the document, so the same scan always prints the same
 * way whatever order the worker pool finished in.
 */
import type { SourceLocation } from '../doc-model/types.js';
import type { FileResult, Finding } from '../scanner/types.js';

import { compareText } from '../util/compare.js';

export { compareText };

/** Files sorted by path. */
export function sortFiles(files: readonly FileResult[]): FileResult[] {
  return [...files].sort((a, b) => compareText(a.path, b.path));
}

/**
 * Findings sorted by file, then Word part (main body first), page, line, column,
 * paragraph, sheet (in order of first appearance) and cell.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const sheetRank = new Map<string, number>();
  for (const f of findings) {
    const key = `${f.file}\u0000${f.location.sheet ?? ''}`;
    if (!sheetRank.has(key)) sheetRank.set(key, sheetRank.size);
  }
  const rank = (f: Finding): number => sheetRank.get(`${f.file}\u0000${f.location.sheet ?? ''}`) ?? 0;
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        compareText(a.finding.file, b.finding.file) ||
        compareLocation(a.finding.location, b.finding.location) ||
        rank(a.finding) - rank(b.finding) ||
        compareCell(a.finding.location.cell, b.finding.location.cell) ||
        (a.finding.span?.block ?? 0) - (b.finding.span?.block ?? 0) ||
        (a.finding.span?.start ?? 0) - (b.finding.span?.start ?? 0) ||
        a.index - b.index,
    )
    .map((x) => x.finding);
}

function compareLocation(a: SourceLocation, b: SourceLocation): number {
  return (
    compareText(partKey(a.part), partKey(b.part)) ||
    (a.page ?? 0) - (b.page ?? 0) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    (a.paragraph ?? 0) - (b.paragraph ?? 0)
  );
}

/** The main document body sorts first; other parts (headers, footnotes, comments) by name. */
function partKey(part: string | undefined): string {
  return part === undefined || part === 'word/document.xml' ? '' : part;
}

/** A1 addresses in reading order: row first, then column (B2 before A10). */
function compareCell(a: string | undefined, b: string | undefined): number {
  const pa = parseCell(a);
  const pb = parseCell(b);
  return pa.row - pb.row || pa.column - pb.column;
}

function parseCell(cell: string | undefined): { row: number; column: number } {
  const m = /^\$?([A-Za-z]+)\$?(\d+)$/.exec(cell ?? '');
  if (!m) return { row: 0, column: 0 };
  let column = 0;
  for (const ch of m[1]!.toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), column };
}
