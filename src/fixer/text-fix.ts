/**
 * Corrected copies of Markdown, plain-text and HTML files. Each fixable
 * finding is mapped back to the raw file through the block's source map
 * (line and column of the first and last matched characters), the raw slice is
 * checked against the scanned match, and replacements are applied from the
 * bottom of the file up so earlier offsets stay valid. A slice that does not
 * read as the match (an entity, markup or escape inside it) is left alone and
 * logged. The file's encoding, byte-order mark and line endings are kept: only
 * the replaced characters change.
 */
import type { TextDocument } from '../doc-model/types.js';
import { locate } from '../doc-model/locate.js';
import { decodeText } from '../readers/encoding.js';
import { LineIndex } from '../readers/line-index.js';
import type { Finding } from '../scanner/types.js';
import { whyNotFixable } from './comment-text.js';
import { encodeText } from './text-encoding.js';
import type { FindingOutcome } from './types.js';
import { unifiedDiff } from './unified-diff.js';

/** The corrected copy, its diff, and what happened to each finding. */
export interface TextFixResult {
  /** New file bytes; undefined when nothing was replaced. */
  data?: Buffer;
  /** Unified diff of the change (encoded like the file where patch can apply it, else UTF-8). */
  diff?: Buffer;
  outcomes: FindingOutcome[];
  notes: string[];
}

/** Labels for the diff header: paths of the original and the corrected copy. */
export interface TextFixOptions {
  diffFrom: string;
  diffTo: string;
}

interface Planned {
  finding: Finding;
  from: number;
  to: number;
  text: string;
}

/** Applies the fixable findings of `doc` (read from `raw`) to a copy of the text. */
export function fixText(raw: Buffer, doc: TextDocument, findings: readonly Finding[], options: TextFixOptions): TextFixResult {
  const decoded = decodeText(raw);
  const { text, encoding, bom } = decoded;
  const outcomes = new Map<Finding, FindingOutcome>();
  const notes: string[] = [];
  let roundTrips = false;
  try {
    roundTrips = encodeText(text, encoding, bom).equals(raw);
  } catch {
    roundTrips = false;
  }
  const lines = new LineIndex(text);
  const planned: Planned[] = [];
  for (const finding of findings) {
    const replacement = finding.replacements[0]?.text;
    if (!finding.fixable || replacement === undefined) {
      outcomes.set(finding, { finding, action: 'suggestion', ...(replacement !== undefined ? { replacement } : {}), reason: whyNotFixable(finding) });
      continue;
    }
    if (!roundTrips) {
      outcomes.set(finding, { finding, action: 'skipped', replacement, reason: `the file's bytes do not survive being read and written back as ${encoding}, so it was not rewritten` });
      continue;
    }
    const range = rawRange(doc, finding, lines);
    if (typeof range === 'string') {
      outcomes.set(finding, { finding, action: 'skipped', replacement, reason: range });
      continue;
    }
    planned.push({ finding, from: range[0], to: range[1], text: escapeFor(doc.format, replacement) });
  }

  // Bottom-up, never two replacements over the same characters.
  planned.sort((a, b) => b.from - a.from || b.to - a.to);
  let out = text;
  let floor = Infinity;
  const applied: Planned[] = [];
  for (const p of planned) {
    if (p.to > floor) {
      outcomes.set(p.finding, { finding: p.finding, action: 'skipped', replacement: p.finding.replacements[0]!.text, reason: 'it overlaps another replacement in the same place' });
      continue;
    }
    out = out.slice(0, p.from) + p.text + out.slice(p.to);
    floor = p.from;
    applied.push(p);
    outcomes.set(p.finding, { finding: p.finding, action: 'replaced', replacement: p.finding.replacements[0]!.text });
  }

  const result: TextFixResult = { outcomes: findings.map((f) => outcomes.get(f)!), notes };
  if (applied.length === 0) return result;
  result.data = encodeText(out, encoding, bom);
  const mark = bom ? '\ufeff' : '';
  const diff = unifiedDiff(mark + text, mark + out, { from: options.diffFrom, to: options.diffTo });
  if (encoding === 'utf-8' || encoding === 'windows-1252') result.diff = encodeText(diff, encoding, false);
  else {
    result.diff = Buffer.from(diff, 'utf8');
    notes.push(`the file is ${encoding}; its diff is written as UTF-8 for reading and cannot be applied with patch as it is`);
  }
  return result;
}

/**
 * Start and end offsets of the finding in the decoded file text, or why they
 * cannot be trusted. The raw slice must read as the match, allowing only for
 * line endings and runs of white space that the reader normalised.
 */
function rawRange(doc: TextDocument, finding: Finding, lines: LineIndex): [number, number] | string {
  const block = finding.span ? doc.blocks[finding.span.block] : undefined;
  if (!finding.span || !block || finding.span.end <= finding.span.start) return 'the scanner gave no position in the file for it';
  const first = locate(block, finding.span.start);
  const last = locate(block, finding.span.end - 1);
  if (first.line === undefined || first.column === undefined || last.line === undefined || last.column === undefined) {
    return 'the scanner gave no line and column for it';
  }
  const from = offsetOf(lines, first.line, first.column);
  const lastAt = offsetOf(lines, last.line, last.column);
  if (from === undefined || lastAt === undefined || lastAt < from) return 'its line and column are outside the file';
  // The last character may be a surrogate pair.
  const code = lines.text.charCodeAt(lastAt);
  const to = lastAt + (code >= 0xd800 && code <= 0xdbff ? 2 : 1);
  const slice = lines.text.slice(from, to);
  if (slice === finding.match || squash(slice) === squash(finding.match)) return [from, to];
  return 'in the file the text is written with markup, escapes or character references, so it was not replaced automatically';
}

function offsetOf(lines: LineIndex, line: number, column: number): number | undefined {
  const start = lines.starts[line - 1];
  if (start === undefined) return undefined;
  const offset = start + column - 1;
  return offset <= lines.text.length ? offset : undefined;
}

/** White space runs (line breaks included) as one space. */
function squash(s: string): string {
  return s.replace(/\s+/g, ' ');
}

/** The replacement as it must be written in the file's syntax. */
function escapeFor(format: string, text: string): string {
  if (format === 'html') return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (format === 'md') return text.replace(/([\\`*_[\]<>])/g, '\\$1');
  return text;
}

