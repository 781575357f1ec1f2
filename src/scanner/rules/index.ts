/**
 * The rule registry: every built-in rule, sorted by id. Ids are stable and never reused.
 */
import type { KnowledgeBase, Term } from '../../kb/model.js';
import { compileTerms } from '../terms.js';
import { changedCitation } from './changed-citation.js';
import { nonexistentCitation } from './nonexistent-citation.js';
import { obsoleteTermMeta, obsoleteTermRule } from './obsolete-term.js';
import { outdatedCitation } from './outdated-citation.js';
import { staleStatementMeta, staleStatementRule } from './stale-statement.js';
import type { Rule, RuleMeta } from './types.js';

/** Metadata of every rule, for documentation, SARIF and configuration checks. */
export const ruleMetas: readonly RuleMeta[] = [
  changedCitation.meta,
  nonexistentCitation.meta,
  obsoleteTermMeta,
  outdatedCitation.meta,
  staleStatementMeta,
];

/** Instantiate every rule for a scan (rules built from data compile their patterns here, once). */
export function createRules(kb: KnowledgeBase, customTerms: readonly Term[] = []): Rule[] {
  return [
    changedCitation,
    nonexistentCitation,
    obsoleteTermRule(compileTerms([...kb.terms, ...customTerms])),
    outdatedCitation,
    staleStatementRule(kb),
  ];
}

export type { Rule, RuleMeta } from './types.js';
