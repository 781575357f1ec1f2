/**
 * The contract between the engine and a rule. A rule looks at one block with
 * the citations already found in it and reports draft findings; the engine
 * adds file, location, context and severity from configuration.
 */
import type { CitationRef } from '../../citations/index.js';
import type { TextBlock } from '../../doc-model/types.js';
import type { KnowledgeBase } from '../../kb/model.js';
import type { ReplacementStyle } from '../replacement.js';
import type { DocumentWords } from '../word-index.js';
import type { FindingKind, Replacement, Severity } from '../types.js';

export interface RuleMeta {
  /** Stable id, never reused. */
  id: string;
  kind: FindingKind;
  defaultSeverity: Severity;
  /** One line for tables and help. */
  description: string;
  /** A paragraph for the rule's documentation page. */
  rationale: string;
  /** Whether findings can carry a replacement the fixer may apply. */
  fixable: boolean;
  /** Example text that triggers the rule, and what it does not fire on. */
  examples: { fires: string[]; silent: string[] };
}

export interface DraftFinding {
  start: number;
  end: number;
  message: string;
  detail?: string;
  citation?: string;
  term?: string;
  replacements: Replacement[];
  /** The fixer may apply the first replacement without a person's judgement. */
  fixable: boolean;
  kbRefs: string[];
  /** Overrides the rule's default severity (e.g. a term's own severity). */
  severity?: Severity;
}

export interface RuleContext {
  kb: KnowledgeBase;
  style: ReplacementStyle;
  /** Citations (normalised) the user has accepted: never reported. */
  accepted: ReadonlySet<string>;
  block: TextBlock;
  /** The block's position in the document. */
  blockIndex: number;
  /** The prefilter words of the rules' patterns in each block of the document (see word-index.ts). */
  words: DocumentWords;
  citations: readonly CitationRef[];
  report(finding: DraftFinding): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}
