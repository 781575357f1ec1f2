/**
 * Helpers for the corpus tests: scan one real document the way `qmsr scan`
 * does (discovery skipped, no cache, in this thread) and describe each finding
 * as one short, reviewable string.
 *
 * A finding key is `ruleId|what|where`:
 * - what: the normalised citation (`820.30(g)`, `Subpart C`), the canonical term
 *   (`Design History File`), or for a statement the knowledge-base change id;
 * - where: `L<line>` for text, `<sheet>!<cell>` for a spreadsheet,
 *   `p<page>L<line>` for a PDF, `<part>#<paragraph>` for Word.
 */
import { join } from 'node:path';
import { scanPaths } from '../../src/scanner/scan-files.js';
import type { Finding, ScanResult } from '../../src/scanner/types.js';

export const CORPUS = '/work/shared/corpus';
export const INNOLITICS = join(CORPUS, 'innolitics+rdm@13485_checklist');
export const JOSHTVILL = join(CORPUS, 'joshtvill+quality-compliance-starter-kit');
export const CFR_H = join(CORPUS, 'henry-1981+Cowork-RA/aria/knowledge/fda/02-regulation/21cfr-subchapter-h');

/** Scan one file with the default configuration. */
export async function scanFile(path: string): Promise<ScanResult> {
  const result = await scanPaths([path], { jobs: 1, cacheDir: false });
  if (result.files.length !== 1 || result.files[0]!.status !== 'ok') {
    throw new Error(`expected one readable file, got ${JSON.stringify(result.files)}`);
  }
  return result;
}

export function where(f: Finding): string {
  const l = f.location;
  if (l.sheet !== undefined) return `${l.sheet}!${l.cell ?? '?'}`;
  if (l.page !== undefined) return `p${l.page}L${l.line ?? '?'}`;
  if (l.part !== undefined) return `${l.part}#${l.paragraph ?? '?'}`;
  if (l.line !== undefined) return `L${l.line}`;
  return `#${l.paragraph ?? '?'}`;
}

export function key(f: Finding): string {
  const what = f.citation ?? f.term ?? f.kbRefs[0] ?? f.match;
  return `${f.ruleId}|${what}|${where(f)}`;
}

/** Finding keys in document order. */
export function keys(result: ScanResult): string[] {
  return result.findings.map(key);
}

/** How many keys there are of each `ruleId|what` (location dropped), sorted. */
export function countsByWhat(all: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of all) {
    const what = k.split('|').slice(0, 2).join('|');
    counts[what] = (counts[what] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `actual` without the given keys (each listed key removes one occurrence), and which listed keys were not there. */
export function without(actual: readonly string[], known: readonly string[]): { rest: string[]; absent: string[] } {
  const rest = [...actual];
  const absent: string[] = [];
  for (const k of known) {
    const i = rest.indexOf(k);
    if (i < 0) absent.push(k);
    else rest.splice(i, 1);
  }
  return { rest, absent };
}

/** Parse a block of expected keys written one per line (blank lines and ` // comments` ignored). */
export function list(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\s\/\/.*$/, '').trim())
    .filter((l) => l.length > 0);
}
