import type { Change, KnowledgeBase } from '../../kb/model.js';
import { allMatches } from '../../util/regex.js';
import type { Severity } from '../types.js';
import type { Gate, WordIndex } from '../word-index.js';
import type { Rule, RuleContext, RuleMeta } from './types.js';

interface CompiledStatement {
  pattern: RegExp;
  /** Lower-case substrings from the knowledge base, one of which the text must contain (empty: always run). */
  triggers: string[];
  /** Words read from the pattern itself, which the text must contain (see prefilter.ts). */
  gate: Gate;
  /** What every finding of the pattern says: the same for all of them. */
  severity: Severity;
  message: string;
  detail: string;
  kbRefs: string[];
}

/** Statements that were true under the QSR and are not now (e.g. audit reports exempt from inspection). */
export function staleStatementRule(kb: KnowledgeBase, words: WordIndex): Rule {
  const severity: Record<Change['impact'], Severity> = { high: 'error', medium: 'warning', low: 'info' };
  const compiled: CompiledStatement[] = kb.changes.flatMap((change) =>
    change.staleStatements.map((s) => {
      const pattern = new RegExp(s, 'giu');
      return {
        pattern,
        triggers: change.staleTriggers.map((t) => t.toLowerCase()),
        gate: words.gate(pattern),
        severity: severity[change.impact],
        message: `No longer true under the QMSR: ${change.title}.`,
        detail: `${change.summary} What to do: ${change.action}`,
        kbRefs: [change.id],
      };
    }),
  );
  // A block that may hold none of the statements is passed over with one check.
  const anyStatement = words.union(compiled.map((c) => c.gate));
  return {
    meta: staleStatementMeta,
    check(ctx) {
      if (ctx.words.mayMatch(anyStatement, ctx.blockIndex)) reportStatements(ctx, compiled);
    },
  };
}

/** Reports every match of the statements in the block, overlapping matches once. */
function reportStatements(ctx: RuleContext, compiled: readonly CompiledStatement[]): void {
  const reported: [number, number][] = [];
  const text = ctx.block.text;
  let lower: string | undefined;
  for (const { pattern, triggers, gate, severity, message, detail, kbRefs } of compiled) {
    if (!ctx.words.mayMatch(gate, ctx.blockIndex)) continue;
    if (triggers.length > 0 && !triggers.some((t) => (lower ??= triggerText(text)).includes(t))) continue;
    for (const m of allMatches(pattern, text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (reported.some(([s, e]) => start < e && end > s)) continue;
      reported.push([start, end]);
      ctx.report({ start, end, severity, message, detail, replacements: [], fixable: false, kbRefs });
    }
  }
}

/** The text as triggers are compared with it: lower-cased, and the long s (which case-insensitive patterns match as "s") written as "s". */
function triggerText(text: string): string {
  const lower = text.toLowerCase();
  return lower.includes('\u017f') ? lower.replaceAll('\u017f', 's') : lower;
}

export const staleStatementMeta: RuleMeta = {
  id: 'stale-statement',
  kind: 'statement',
  defaultSeverity: 'error',
  description: 'A statement that held under the QSR and no longer does, such as audit and management review reports being exempt from FDA inspection.',
  rationale:
    'The QMSR ended the 820.180(c) exemption: FDA may now inspect management review, internal audit and supplier audit reports. Retention is no longer set by 820.180(b). ' +
    'Procedures that still promise otherwise mislead staff preparing for an inspection. The patterns come from the changes file of the knowledge base.',
  fixable: false,
  examples: {
    fires: ['Internal audit reports are not subject to FDA inspection.', 'Management review records are exempt from FDA inspection under 21 CFR 820.180(c).'],
    silent: ['Internal audit reports are available to FDA investigators on request.'],
  },
};
