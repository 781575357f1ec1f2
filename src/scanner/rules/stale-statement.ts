import type { Change, KnowledgeBase } from '../../kb/model.js';
import { allMatches } from '../../util/regex.js';
import { prefilterFor, type Prefilter } from '../prefilter.js';
import type { Severity } from '../types.js';
import type { Rule, RuleMeta } from './types.js';

interface CompiledStatement {
  change: Change;
  pattern: RegExp;
  /** Lower-case substrings from the knowledge base, one of which the text must contain (empty: always run). */
  triggers: string[];
  /** Words read from the pattern itself, one of which the text must contain. */
  prefilter: Prefilter;
}

/** Statements that were true under the QSR and are not now (e.g. audit reports exempt from inspection). */
export function staleStatementRule(kb: KnowledgeBase): Rule {
  const compiled: CompiledStatement[] = kb.changes.flatMap((change) =>
    change.staleStatements.map((s) => {
      const pattern = new RegExp(s, 'giu');
      return { change, pattern, triggers: change.staleTriggers.map((t) => t.toLowerCase()), prefilter: prefilterFor(pattern) };
    }),
  );
  const severity: Record<Change['impact'], Severity> = { high: 'error', medium: 'warning', low: 'info' };
  return {
    meta: staleStatementMeta,
    check(ctx) {
      const reported: [number, number][] = [];
      const text = ctx.block.text;
      for (const { change, pattern, triggers, prefilter } of compiled) {
        if (!ctx.gate.admits(prefilter)) continue;
        if (triggers.length > 0 && !triggers.some((t) => ctx.probe.lower.includes(t))) continue;
        if (!ctx.probe.mayMatch(prefilter)) continue;
        for (const m of allMatches(pattern, text)) {
          const start = m.index!;
          const end = start + m[0].length;
          if (reported.some(([s, e]) => start < e && end > s)) continue;
          reported.push([start, end]);
          ctx.report({
            start,
            end,
            severity: severity[change.impact],
            message: `No longer true under the QMSR: ${change.title}.`,
            detail: `${change.summary} What to do: ${change.action}`,
            replacements: [],
            fixable: false,
            kbRefs: [change.id],
          });
        }
      }
    },
  };
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
