import { longDate } from '../../kb/dates.js';
import { classifyCitation } from '../classify.js';
import { describeDestination, isSafeReplacement, joinList, replacementFor } from '../replacement.js';
import type { Rule } from './types.js';

/** "[Reserved]" after a citation (possibly after the other end of a range) on the same line. */
const RESERVED_MARKER = /^[^\n[]{0,40}\[\s*Reserved\s*\]/i;

/** A citation of a section, paragraph or subpart of the old QSR that the QMSR removed. */
export const outdatedCitation: Rule = {
  meta: {
    id: 'outdated-citation',
    kind: 'citation',
    defaultSeverity: 'error',
    description: 'A citation of an old QSR provision (820.5, 820.20 to 820.250, old paragraphs of 820.1 and 820.3, Subparts C to O) that is no longer law.',
    rationale:
      'Since 2 February 2026 every old section from 820.5 and 820.20 to 820.250 is reserved; their substance comes from ISO 13485:2016 through 21 CFR 820.10, ' +
      'with FDA-specific additions in 820.35 and 820.45. A controlled document that cites them as current is out of date. The replacement comes from the crosswalk in the knowledge base.',
    fixable: true,
    examples: {
      fires: ['per 21 CFR 820.30(g)', '§§ 820.40 and 820.180', 'QSR 820.100', '[[21.CFR.820.20.b.3.i]]', '21 CFR 820 Subpart M'],
      silent: ['21 CFR 820.35(a)', '21 CFR 820.45', '21 CFR 803.50', 'ISO 13485:2016 clause 8.2.2', 'Part number 820.30-01'],
    },
  },
  check(ctx) {
    for (const ref of ctx.citations) {
      if (ctx.accepted.has(ref.citation)) continue;
      // "§ 820.20—§ 820.30 [Reserved]", "Subparts D-E [Reserved]": the text states the current rule.
      if (RESERVED_MARKER.test(ctx.block.text.slice(ref.end, ref.end + 60))) continue;
      const verdict = classifyCitation(ctx.kb, ref);
      if (verdict.kind === 'outdated') {
        const { provision, entry, exact } = verdict;
        const replacement = replacementFor(ctx.kb, entry, ref.citation, ctx.style);
        const where = describeDestination(ctx.kb, entry);
        const unknownParagraph = !exact && ref.citation !== provision.citation ? ` (the old rule had no ${ref.citation}; read as ${provision.citation})` : '';
        const message =
          entry.relation === 'removed'
            ? `${ref.citation}${unknownParagraph} (${provision.title}) was removed by the QMSR and nothing replaces it. ${entry.rationale}`
            : `${ref.citation}${unknownParagraph} (${provision.title}) is old QSR text, reserved since ${longDate(ctx.kb.qmsr.effective)}. ` +
              `${where ? `It now maps to ${where}` : 'It has no direct successor'} (${entry.relation}${entry.confidence === 'unconfirmed' ? ', mapping unconfirmed' : ''}).`;
        ctx.report({
          start: ref.start,
          end: ref.end,
          citation: ref.citation,
          message,
          replacements: replacement && entry.relation !== 'removed' ? [{ text: replacement.text, isoClauses: replacement.isoClauses, qmsrProvisions: replacement.qmsrProvisions }] : [],
          fixable: replacement !== undefined && isSafeReplacement(entry, exact) && !['wiki', 'url'].includes(ref.form),
          kbRefs: [provision.id, entry.id],
        });
      } else if (verdict.kind === 'outdated-subpart') {
        const iso = [...new Set(verdict.entries.flatMap((e) => e.isoClauses))];
        const qmsr = [...new Set(verdict.entries.flatMap((e) => e.qmsrProvisions))];
        ctx.report({
          start: ref.start,
          end: ref.end,
          citation: ref.citation,
          message:
            `Subpart ${verdict.letter} (${verdict.title}) of the old QSR is reserved in the QMSR. ` +
            `Its sections now map to ISO 13485:2016 ${joinList(iso)}${qmsr.length ? ` via 21 CFR ${joinList(qmsr)}` : ''}.`,
          replacements: iso.length ? [{ text: `ISO 13485:2016 clause${iso.length > 1 ? 's' : ''} ${joinList(iso)}`, isoClauses: iso, qmsrProvisions: qmsr }] : [],
          fixable: false,
          kbRefs: verdict.entries.map((e) => e.id),
        });
      }
    }
  },
};
