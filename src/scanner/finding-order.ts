/**
 * The two orders findings come in, and the key order of the JSON report.
 *
 * - Document order (`sortByDocument`): by file, then block and offset in the
 *   document model; the order of `ScanResult.findings`.
 * - Report order (`sortForReport`): by file, then Word part, page, line,
 *   column, paragraph, sheet and cell; the order every report prints.
 *
 * Both depend only on each file's own findings, so the scanner can put one
 * file's findings in report order once, when they are found, and a report can
 * print them as stored (see packed.ts). The reporters use the same functions.
 */
import type { SourceLocation } from '../doc-model/types.js';
import { compareText } from '../util/compare.js';
import type { Finding } from './types.js';

/** By file, then document order (block, offset), so worker timing never changes the output. */
export function sortByDocument(findings: readonly Finding[]): Finding[] {
  const pos = (f: Finding): [number, number] => [f.span?.block ?? Number.MAX_SAFE_INTEGER, f.span?.start ?? 0];
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const byFile = compareText(a.f.file, b.f.file);
      if (byFile !== 0) return byFile;
      const [ab, as] = pos(a.f);
      const [bb, bs] = pos(b.f);
      return ab - bb || as - bs || a.i - b.i;
    })
    .map(({ f }) => f);
}

/**
 * Findings sorted by file, then Word part (main body first), page, line, column,
 * paragraph, sheet (in order of first appearance) and cell.
 */
export function sortForReport(findings: readonly Finding[]): Finding[] {
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

/** The contract's keys, in the contract's order; `detail` is not one of them. */
const REPORT_KEYS = ['file', 'ruleId', 'kind', 'severity', 'match', 'citation', 'term', 'location', 'message', 'replacements'] as const;

/** The keys in the order the engine makes them (see `toFinding` in engine.ts): the contract's, with `detail` before `replacements`. */
const ENGINE_KEYS = ['file', 'ruleId', 'kind', 'severity', 'match', 'citation', 'term', 'location', 'message', 'detail', 'replacements'] as const;

/** A copy of the finding with `keys` first, in that order (absent ones skipped), then its other keys as they were. */
function withKeysFirst(finding: Finding, keys: readonly (keyof Finding)[]): Finding {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (finding[k] !== undefined) out[k] = finding[k];
  for (const k of Object.keys(finding) as (keyof Finding)[]) if (!(k in out)) out[k] = finding[k];
  return out as unknown as Finding;
}

/** A finding with the contract's keys first, in the contract's order, then the fields it allows us to add. */
export function reportKeyOrder(finding: Finding): Finding {
  return withKeysFirst(finding, REPORT_KEYS);
}

/** A finding with its keys in the order the engine makes them (the inverse of `reportKeyOrder` for the engine's fields). */
export function engineKeyOrder(finding: Finding): Finding {
  return withKeysFirst(finding, ENGINE_KEYS);
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
