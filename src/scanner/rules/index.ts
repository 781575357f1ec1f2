/**
 * The rule registry: every built-in rule, sorted by id. Ids are stable and never reused.
 */
import type { KnowledgeBase, Term } from '../../kb/model.js';
import { compileTerms } from '../terms.js';
import { WordIndex } from '../word-index.js';
import { changedCitation } from './changed-citation.js';
import { nonexistentCitation } from './nonexistent-citation.js';
import { obsoleteTermMeta, obsoleteTermRule } from './obsolete-term.js';
import { outdatedCitationMeta, outdatedCitationRule } from './outdated-citation.js';
import { staleStatementMeta, staleStatementRule } from './stale-statement.js';
import type { Rule, RuleMeta } from './types.js';

/** Metadata of every rule, for documentation, SARIF and configuration checks. */
export const ruleMetas: readonly RuleMeta[] = [
  changedCitation.meta,
  nonexistentCitation.meta,
  obsoleteTermMeta,
  outdatedCitationMeta,
  staleStatementMeta,
];

/**
 * Instantiate every rule for a scan (rules built from data compile their patterns here, once,
 * and add their prefilter words to `words`).
 */
export function createRules(kb: KnowledgeBase, customTerms: readonly Term[] = [], words: WordIndex = new WordIndex()): Rule[] {
  return [
    changedCitation,
    nonexistentCitation,
    obsoleteTermRule(compileTerms([...kb.terms, ...customTerms], words), words),
    outdatedCitationRule(kb),
    staleStatementRule(kb, words),
  ];
}

export type { Rule, RuleMeta } from './types.js';
