/**
 * The report for people at a terminal, in the manner of ESLint's "stylish":
 * findings grouped under their file, one line each, the match shown in its
 * sentence and the replacement below it, then a summary.
 */
import type { Finding, ScanResult, Severity } from '../scanner/types.js';
import { contextSplitter } from './context.js';
import { fileEntries, severityCounts, summarySentence } from './counts.js';
import { formatLocation } from './location.js';
import { type Paint, painter, printable } from './terminal.js';
import type { ReporterOptions } from './types.js';

const SEVERITY_STYLE: Record<Severity, 'red' | 'yellow' | 'cyan'> = { error: 'red', warning: 'yellow', info: 'cyan' };

/** Renders the text report; ANSI colours only when `options.color` is true. */
export function textReporter(result: ScanResult, options: ReporterOptions = {}): string {
  const paint = painter(options.color === true);
  const split = contextSplitter();
  const blocks: string[] = [];
  for (const { path, file, findings } of fileEntries(result)) {
    const lines: string[] = [];
    if (file?.status === 'error') lines.push(`  ${paint('error', 'red')}  ${paint('Could not be read:', 'bold')} ${printable(file.error ?? 'unknown reason')}`);
    if (file?.status === 'skipped') lines.push(`  ${paint('skipped', 'gray')}  ${printable(file.error ?? 'not a supported document')}`);
    lines.push(...findingLines(findings, paint, options.color === true, split));
    if (lines.length > 0) blocks.push([paint(printable(path), 'bold', 'underline'), ...lines].join('\n'));
  }
  blocks.push(footer(result, paint));
  return `${blocks.join('\n\n')}\n`;
}

function findingLines(findings: readonly Finding[], paint: Paint, color: boolean, split: ReturnType<typeof contextSplitter>): string[] {
  const locs = findings.map((f) => printable(formatLocation(f.location)));
  const locWidth = Math.max(0, ...locs.map((l) => l.length));
  const sevWidth = Math.max(0, ...findings.map((f) => f.severity.length));
  const indent = ' '.repeat(2 + locWidth + 2);
  return findings.flatMap((f, i) => {
    const head =
      `  ${paint(locs[i]!.padEnd(locWidth), 'dim')}  ${paint(f.severity.padEnd(sevWidth), SEVERITY_STYLE[f.severity])}` +
      `  ${printable(f.message)}  ${paint(f.ruleId, 'gray')}`;
    const out = [head];
    const parts = split(f);
    const before = printable(parts.before, '⏎');
    const after = printable(parts.after, '⏎');
    const match = printable(parts.match, '⏎');
    if (before || match || after) {
      const marked = match === '' ? '' : color ? paint(match, 'bold', 'underline') : `»${match}«`;
      out.push(`${indent}${before}${marked}${after}`);
    }
    for (const r of f.replacements) out.push(`${indent}${paint(`→ ${printable(r.text)}`, 'green')}`);
    return out;
  });
}

function footer(result: ScanResult, paint: Paint): string {
  const c = severityCounts(result.findings);
  const failed = result.files.some((f) => f.status === 'error');
  const [symbol, style] = c.error > 0 || failed ? (['✖', 'red'] as const) : c.warning > 0 ? (['⚠', 'yellow'] as const) : (['✔', 'green'] as const);
  const line = paint(`${symbol} ${summarySentence(result)}`, 'bold', style);
  const hash = result.kb.hash ? ` (hash ${result.kb.hash.slice(0, 12)})` : '';
  const stamp = paint(`${result.tool.name} ${result.tool.version}, knowledge base ${result.kb.version}${hash}, ${result.generatedAt}`, 'gray');
  return `${line}\n${stamp}`;
}
