import { classifyCitation } from '../classify.js';
import type { Rule } from './types.js';

/** A Part 820 citation that points at nothing in either version (820.15, 820.31, 820.35(e)). */
export const nonexistentCitation: Rule = {
  meta: {
    id: 'nonexistent-citation',
    kind: 'citation',
    defaultSeverity: 'error',
    description: 'A Part 820 citation that is not a provision of the old QSR or the QMSR, such as 820.15 from the 2022 proposed rule.',
    rationale:
      'Drafts written from the 2022 proposed rule cite § 820.15 (Clarification of concepts), which the final rule dropped; typing mistakes produce sections that never existed. ' +
      'Either way the citation points at nothing and an investigator will notice.',
    fixable: false,
    examples: { fires: ['21 CFR 820.15', '§ 820.35(e)', '21 CFR 820.31'], silent: ['21 CFR 820.35(d)', '820.10(c)(2)'] },
  },
  check(ctx) {
    for (const ref of ctx.citations) {
      if (ctx.accepted.has(ref.citation) || !ref.explicit) continue;
      const verdict = classifyCitation(ctx.kb, ref);
      if (verdict.kind !== 'nonexistent') continue;
      ctx.report({
        start: ref.start,
        end: ref.end,
        citation: ref.citation,
        message: `${verdict.reason}.${verdict.suggestion ? ` Check the intended paragraph of § ${verdict.suggestion.citation} (${verdict.suggestion.title}).` : ''}`,
        replacements: [],
        fixable: false,
        kbRefs: verdict.suggestion ? [verdict.suggestion.id] : [],
      });
    }
  },
};
