/**
 * Runs the rules over one document. Pure: a document and the knowledge base
 * in, findings out; no file, network or database I/O. A rule that throws
 * becomes a finding on that rule instead of sinking the scan.
 */
import { findCitations } from '../citations/index.js';
import { locate } from '../doc-model/locate.js';
import type { TextBlock, TextDocument } from '../doc-model/types.js';
import type { KnowledgeBase } from '../kb/model.js';
import type { ScanConfig } from './config.js';
import { createRules, type Rule } from './rules/index.js';
import type { DraftFinding, RuleContext } from './rules/types.js';
import { noSuppressions, type Suppressions } from './suppress.js';
import type { Finding, Severity } from './types.js';
import { WordIndex } from './word-index.js';

/** Rules compiled for a configuration; build once, reuse for every document of a scan. */
export interface PreparedScan {
  kb: KnowledgeBase;
  config: ScanConfig;
  rules: Rule[];
  accepted: ReadonlySet<string>;
  /** The prefilter words of the rules' patterns. */
  words: WordIndex;
}

export function prepareScan(kb: KnowledgeBase, config: ScanConfig): PreparedScan {
  const words = new WordIndex();
  const rules = createRules(kb, config.customTerms, words).filter((r) => config.rules[r.meta.id] !== 'off');
  return { kb, config, rules, accepted: new Set(config.acceptedCitations), words };
}

/** Words that tell a document is about FDA device regulation, so bare "820.30" means a section. */
const REGULATORY_CONTEXT = /\b(?:QS[RM]{1,2}|21\s*C\.?\s?F\.?\s?R|CFR|Part\s+820|Quality\s+System\s+Regulation|FDA|§)/i;

/** Scan one document; `file` is the path reported in findings. */
export function scanDocument(prepared: PreparedScan, doc: TextDocument, file: string, suppressions: Suppressions = noSuppressions): Finding[] {
  const { kb, config, rules, accepted } = prepared;
  const bare =
    config.bareCitations === 'context' ? (doc.blocks.some((b) => REGULATORY_CONTEXT.test(b.text)) ? 'always' : 'never') : config.bareCitations;
  const citationOptions = { bare };
  const findings: Finding[] = [];
  let dropped = 0;
  const ownComments = reviewCommentIds(doc);
  const words = prepared.words.read(doc.blocks);
  // The rule running and the block it reads, for `report`.
  let rule = rules[0]!;
  let block = doc.blocks[0]!;
  let blockIndex = 0;
  const report = (d: DraftFinding): void => {
    if (findings.length >= config.maxFindingsPerFile) {
      dropped++;
      return;
    }
    const finding = toFinding(rule, d, block, blockIndex, file, config);
    if (finding && !suppressions.isSuppressed(finding.location.line ?? -1, finding.ruleId)) findings.push(finding);
  };
  for (blockIndex = 0; blockIndex < doc.blocks.length; blockIndex++) {
    block = doc.blocks[blockIndex]!;
    if (block.text.trim().length === 0) continue;
    if (block.kind === 'comment' && block.note && ownComments.has(block.note.id)) continue;
    const context: RuleContext = { kb, style: config.replacementStyle, accepted, block, blockIndex, words, citations: findCitations(block.text, citationOptions), report };
    for (rule of rules) {
      try {
        rule.check(context);
      } catch (err) {
        findings.push({
          file,
          ruleId: rule.meta.id,
          kind: rule.meta.kind,
          severity: 'error',
          match: '',
          location: block.location,
          message: `Rule ${rule.meta.id} failed on this block and its findings are missing: ${(err as Error).message}. Please report this.`,
          replacements: [],
          kbRefs: [],
        });
      }
    }
  }
  if (dropped > 0) {
    findings.push({
      file,
      ruleId: 'finding-limit',
      kind: 'statement',
      severity: 'info',
      match: '',
      location: doc.blocks[0]?.location ?? {},
      message: `This file has ${dropped} more findings beyond the first ${config.maxFindingsPerFile}; they are not listed. Raise maxFindingsPerFile in the configuration to see them.`,
      replacements: [],
      kbRefs: [],
    });
  }
  return findings;
}

/**
 * Comments that qmsr itself wrote when redlining (they end with a "qmsr rule …"
 * signature line) quote the old citations they explain; scanning a review copy
 * must not report those quotes again.
 */
export const REVIEW_COMMENT_SIGNATURE = /^qmsr rule [a-z][a-z-]*[;.]/;

function reviewCommentIds(doc: TextDocument): Set<string> {
  const ids = new Set<string>();
  for (const b of doc.blocks) if (b.kind === 'comment' && b.note && REVIEW_COMMENT_SIGNATURE.test(b.text.trim())) ids.add(b.note.id);
  return ids;
}

function toFinding(rule: Rule, d: DraftFinding, block: TextBlock, blockIndex: number, file: string, config: ScanConfig): Finding | undefined {
  if (d.start < 0 || d.end > block.text.length || d.end <= d.start) {
    throw new Error(`rule ${rule.meta.id} reported an invalid span ${d.start}-${d.end}`);
  }
  const setting = config.rules[rule.meta.id];
  const severity: Severity = setting && setting !== 'off' ? setting : (d.severity ?? rule.meta.defaultSeverity);
  const location = locate(block, d.start);
  if (location.paragraph === undefined && block.location.paragraph !== undefined) location.paragraph = block.location.paragraph;
  // Built field by field, not with spreads (several times faster); the key order is the report's.
  const finding = { file, ruleId: rule.meta.id, kind: rule.meta.kind, severity, match: block.text.slice(d.start, d.end) } as Finding;
  if (d.citation) finding.citation = d.citation;
  if (d.term) finding.term = d.term;
  finding.location = location;
  finding.message = d.message;
  if (d.detail) finding.detail = d.detail;
  finding.replacements = d.replacements;
  finding.fixable = d.fixable && d.replacements.length > 0;
  finding.kbRefs = d.kbRefs;
  finding.context = contextOf(block.text, d.start, d.end);
  finding.span = { block: blockIndex, start: d.start, end: d.end };
  return finding;
}

/** The line around a match, at most ~80 characters either side. */
export function contextOf(text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl;
  const from = Math.max(lineStart, start - 80);
  const to = Math.min(lineEnd, end + 80);
  return `${from > lineStart ? '…' : ''}${text.slice(from, to)}${to < lineEnd ? '…' : ''}`;
}
