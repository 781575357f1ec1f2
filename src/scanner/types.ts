/**
 * What a scan produces: findings and per-file results, in the shape promised
 * by the command-line contract (shared/contracts/cli.md). Reporters depend on
 * these types only.
 */
import type { DocumentFormat, SourceLocation } from '../doc-model/types.js';

export type Severity = 'error' | 'warning' | 'info';

/** citation: an outdated Part 820 reference; term: an obsolete word; statement: a claim that no longer holds. */
export type FindingKind = 'citation' | 'term' | 'statement';

export interface Replacement {
  /** Text to put in place of `match`, in the configured style. */
  text: string;
  /** The ISO 13485:2016 clauses and QMSR provisions behind it. */
  isoClauses?: string[];
  qmsrProvisions?: string[];
}

export interface Finding {
  /** Relative to the scanned root, '/' separators. */
  file: string;
  ruleId: string;
  kind: FindingKind;
  severity: Severity;
  /** The text as it stands in the document. */
  match: string;
  /** kind=citation: the normalised old reference, e.g. 820.30(g). */
  citation?: string;
  /** kind=term: the canonical obsolete term. */
  term?: string;
  location: SourceLocation;
  /** One or two sentences: what is wrong and what to write instead. */
  message: string;
  /** The longer why, with its basis in the regulation, for reports and review comments. */
  detail?: string;
  /** Empty where the crosswalk gives no destination; the message says what to do. */
  replacements: Replacement[];
  /** The fixer may apply the first replacement as a tracked change without a person's judgement. */
  fixable?: boolean;
  /** Knowledge-base record ids behind the finding, e.g. ["qsr.820.30(g)", "cw.820.30(g)"]. */
  kbRefs: string[];
  /** The surrounding text, for people reading a report. */
  context?: string;
  /** Where in the document model the match sits: block index and offsets in its text. */
  span?: { block: number; start: number; end: number };
}

export type FileStatus = 'ok' | 'error' | 'skipped';

export interface FileResult {
  path: string;
  format: DocumentFormat | 'unknown';
  status: FileStatus;
  /** Why the file could not be read, in words a user understands. */
  error?: string;
  /** SHA-256 of the file's bytes. */
  sha256?: string;
  findings?: number;
  cached?: boolean;
}

export interface ScanSummary {
  files: number;
  scanned: number;
  failed: number;
  findings: number;
}

export interface ScanResult {
  schemaVersion: 1;
  tool: { name: 'qmsr'; version: string };
  kb: { version: string; hash: string };
  /** ISO timestamp of the scan. */
  generatedAt: string;
  summary: ScanSummary;
  files: FileResult[];
  findings: Finding[];
}
