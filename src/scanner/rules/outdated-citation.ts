import { longDate } from '../../kb/dates.js';
import { classifyCitation } from '../classify.js';
import { describeDestination, isSafeReplacement, joinList, type ReplacementStyle, replacementFor } from '../replacement.js';
import type { CitationRef } from '../../citations/index.js';
import type { KnowledgeBase } from '../../kb/model.js';
import type { Replacement } from '../types.js';
import type { Rule, RuleMeta } from './types.js';

/** "[Reserved]" after a citation (possibly after the other end of a range) on the same line. */
const RESERVED_MARKER = /^[^\n[]{0,40}\[\s*Reserved\s*\]/i;

/** What is said about one citation in one replacement style: the same wherever it is cited. */
interface Verdict {
  message: string;
  replacements: Replacement[];
  /** The replacement may be applied without a person's judgement (unless the citation's form forbids it). */
  safe: boolean;
  kbRefs: string[];
}

/** A citation of a section, paragraph or subpart of the old QSR that the QMSR removed. */
export function outdatedCitationRule(kb: KnowledgeBase): Rule {
  // Worked out once per citation and style; findings of the same citation share the message and arrays.
  const said = new Map<string, Verdict | null>();
  const verdictOf = (ref: CitationRef, style: ReplacementStyle): Verdict | null => {
    const key = `${style} ${ref.part} ${ref.citation}`;
    let verdict = said.get(key);
    if (verdict === undefined) said.set(key, (verdict = judge(kb, ref, style)));
    return verdict;
  };
  return {
    meta: outdatedCitationMeta,
    check(ctx) {
      for (const ref of ctx.citations) {
        if (ctx.accepted.has(ref.citation)) continue;
        // "§ 820.20—§ 820.30 [Reserved]", "Subparts D-E [Reserved]": the text states the current rule.
        if (RESERVED_MARKER.test(ctx.block.text.slice(ref.end, ref.end + 60))) continue;
        const verdict = verdictOf(ref, ctx.style);
        if (!verdict) continue;
        ctx.report({
          start: ref.start,
          end: ref.end,
          citation: ref.citation,
          message: verdict.message,
          replacements: verdict.replacements,
          fixable: verdict.safe && ref.form !== 'wiki' && ref.form !== 'url',
          kbRefs: verdict.kbRefs,
        });
      }
    },
  };
}

/** The finding's text for an outdated citation, or null when the citation is not outdated. */
function judge(kb: KnowledgeBase, ref: CitationRef, style: ReplacementStyle): Verdict | null {
  const verdict = classifyCitation(kb, ref);
  if (verdict.kind === 'outdated') {
    const { provision, entry, exact } = verdict;
    const replacement = replacementFor(kb, entry, ref.citation, style);
    const where = describeDestination(kb, entry);
    const unknownParagraph = !exact && ref.citation !== provision.citation ? ` (the old rule had no ${ref.citation}; read as ${provision.citation})` : '';
    const message =
      entry.relation === 'removed'
        ? `${ref.citation}${unknownParagraph} (${provision.title}) was removed by the QMSR and nothing replaces it. ${entry.rationale}`
        : `${ref.citation}${unknownParagraph} (${provision.title}) is old QSR text, reserved since ${longDate(kb.qmsr.effective)}. ` +
          `${where ? `It now maps to ${where}` : 'It has no direct successor'} (${entry.relation}${entry.confidence === 'unconfirmed' ? ', mapping unconfirmed' : ''}).`;
    return {
      message,
      replacements: replacement && entry.relation !== 'removed' ? [{ text: replacement.text, isoClauses: replacement.isoClauses, qmsrProvisions: replacement.qmsrProvisions }] : [],
      safe: replacement !== undefined && isSafeReplacement(entry, exact),
      kbRefs: [provision.id, entry.id],
    };
  }
  if (verdict.kind === 'outdated-subpart') {
    const iso = [...new Set(verdict.entries.flatMap((e) => e.isoClauses))];
    const qmsr = [...new Set(verdict.entries.flatMap((e) => e.qmsrProvisions))];
    return {
      message:
        `Subpart ${verdict.letter} (${verdict.title}) of the old QSR is reserved in the QMSR. ` +
        `Its sections now map to ISO 13485:2016 ${joinList(iso)}${qmsr.length ? ` via 21 CFR ${joinList(qmsr)}` : ''}.`,
      replacements: iso.length ? [{ text: `ISO 13485:2016 clause${iso.length > 1 ? 's' : ''} ${joinList(iso)}`, isoClauses: iso, qmsrProvisions: qmsr }] : [],
      safe: false,
      kbRefs: verdict.entries.map((e) => e.id),
    };
  }
  return null;
}

export const outdatedCitationMeta: RuleMeta = {
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
};
