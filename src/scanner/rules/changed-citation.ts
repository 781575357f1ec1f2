import { classifyCitation } from '../classify.js';
import type { Rule } from './types.js';

/** A paragraph of 820.1 or 820.3 whose designation survived but whose meaning changed. */
export const changedCitation: Rule = {
  meta: {
    id: 'changed-citation',
    kind: 'citation',
    defaultSeverity: 'info',
    description: 'A paragraph of 820.1 or 820.3 that exists in both versions with a different meaning; check which one the document means.',
    rationale:
      'The QMSR rewrote 820.1 and 820.3. In a document written for the QSR, 820.3(b) meant "Complaint"; under the QMSR it is the paragraph on terms that override ISO definitions. ' +
      'The citation may be right or wrong depending on when and for what the document was written.',
    fixable: false,
    examples: { fires: ['21 CFR 820.3(b)', '21 CFR 820.1(a)(2)'], silent: ['21 CFR 820.3', '21 CFR 820.3(x) (reported as outdated instead)'] },
  },
  check(ctx) {
    for (const ref of ctx.citations) {
      if (ctx.accepted.has(ref.citation)) continue;
      const verdict = classifyCitation(ctx.kb, ref);
      if (verdict.kind !== 'changed-meaning') continue;
      ctx.report({
        start: ref.start,
        end: ref.end,
        citation: ref.citation,
        message:
          `${ref.citation} now means "${verdict.current.title}"; under the old QSR it meant "${verdict.old.title}". ` +
          `If the document means the old paragraph, cite ${verdict.entry ? verdict.entry.isoClauses.map((c) => `ISO 13485:2016 ${c}`).concat(verdict.entry.qmsrProvisions.map((c) => `21 CFR ${c}`)).join(' / ') || 'its current home' : 'its current home'} instead.`,
        replacements: [],
        fixable: false,
        kbRefs: [verdict.current.id, verdict.old.id, ...(verdict.entry ? [verdict.entry.id] : [])],
      });
    }
  },
};
