/**
 * Shapes shared by the fixer modules: what happened to each finding, and the
 * change-log record that a document change order is written from.
 */
import type { DocumentFormat, SourceLocation } from '../doc-model/types.js';
import type { Finding, FindingKind, Severity } from '../scanner/types.js';

/**
 * What the fixer did with one finding:
 * - `tracked-change`: a Word deletion + insertion (with a comment) in the copy;
 * - `comment-only`: a Word comment on the text, nothing changed (needs a person's judgement);
 * - `replaced`: the text was replaced in a text file's corrected copy (see the .diff);
 * - `suggestion`: listed for a person (PDF, workbook, or a text-file finding without a safe replacement);
 * - `skipped`: a fixable finding that could not be applied safely; `reason` says why.
 */
export type ChangeAction = 'tracked-change' | 'comment-only' | 'replaced' | 'suggestion' | 'skipped';

/** The outcome for one finding, as a fixer module reports it. */
export interface FindingOutcome {
  finding: Finding;
  action: ChangeAction;
  /** Text put in place of the match (tracked-change, replaced) or proposed (suggestion). */
  replacement?: string;
  /** Why the finding was not changed automatically, in plain words. */
  reason?: string;
  /** Word comment id, when a comment was written. */
  commentId?: number;
}

/** One line of the change log: everything a document change order needs. */
export interface ChangeRecord {
  /** Input file, relative to the fixed folder ('/' separators). */
  file: string;
  /** Corrected copy (or suggestions file), relative to --out; absent when nothing was written for the file. */
  output?: string;
  format: DocumentFormat | 'unknown';
  location: SourceLocation;
  /** The location as a person looks for it: `¶12`, `header1 ¶1`, `14:3`, `p.2`. */
  where: string;
  /** Text as it stands in the original. */
  old: string;
  /** Text proposed or applied; absent where nothing is proposed. */
  new?: string;
  ruleId: string;
  kind: FindingKind;
  severity: Severity;
  citation?: string;
  term?: string;
  action: ChangeAction;
  reason?: string;
  /** The scanner's explanation. */
  message: string;
  kbRefs: string[];
  author: string;
  /** ISO 8601 date of the change (as written into the Word revision marks). */
  date: string;
  commentId?: number;
}

/** What happened to one input file. */
export interface FixedFile {
  /** Relative to the fixed folder, '/' separators. */
  path: string;
  format: DocumentFormat | 'unknown';
  /** changed: an output was written; unchanged: nothing to change; error: see `error`. */
  status: 'changed' | 'unchanged' | 'error';
  /** Outputs written for this file, relative to --out. */
  outputs: string[];
  findings: number;
  error?: string;
  /** Notes for the user (e.g. "settings.xml missing: revision tracking not switched on"). */
  notes: string[];
}
