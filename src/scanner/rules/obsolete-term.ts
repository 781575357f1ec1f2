import type { Rule } from './types.js';
import { type CompiledTerm, findTerms } from '../terms.js';

/** Builds the obsolete-term rule over compiled terms (the knowledge base's plus the user's own). */
export function obsoleteTermRule(compiled: readonly CompiledTerm[]): Rule {
  return {
    meta: obsoleteTermMeta,
    check(ctx) {
      const citationSpans = ctx.citations.map((c) => [c.start, c.end] as const);
      for (const m of findTerms(ctx.block.text, compiled)) {
        // "QSR 820.100" is one citation finding, not a citation and a term.
        if (citationSpans.some(([s, e]) => m.start < e && m.end > s)) continue;
        const t = m.term;
        const replacementText = m.abbreviation && t.replacementAbbreviation ? t.replacementAbbreviation : matchCase(m.text, t.replacement);
        ctx.report({
          start: m.start,
          end: m.end,
          term: t.term,
          severity: t.severity,
          message: `"${m.text}" is QSR-era terminology. ${t.rationale}${t.autoReplace ? '' : ' Rewrite by hand: the right wording depends on context.'}`,
          replacements: [{ text: replacementText, isoClauses: t.isoClauses, qmsrProvisions: t.qmsrRefs }],
          fixable: t.autoReplace && t.confidence === 'confirmed',
          kbRefs: [t.id],
        });
      }
    },
  };
}

export const obsoleteTermMeta = {
  id: 'obsolete-term',
  kind: 'term',
  defaultSeverity: 'warning',
  description: 'A term or abbreviation the QMSR dropped (DMR, DHR, DHF, Quality System Record, management with executive responsibility, QSIT, …), with its replacement.',
  rationale:
    'FDA removed the record types DMR, DHF, DHR and Quality System Record and other QSR definitions; ISO 13485:2016 and ISO 9000:2015 vocabulary applies instead ' +
    '(final rule preamble, response to Comment 31). Old records need not be renamed, but procedures should use the current terms so auditors and staff read one vocabulary.',
  fixable: true,
  examples: { fires: ['Device History Record', 'the DHR', 'management with executive responsibility', 'QSIT'], silent: ['DHRA', 'medical device file', 'UDI'] },
} as const;

/** Keep the capitalisation style of the matched text: Title Case, lower case or as given. */
function matchCase(matched: string, replacement: string): string {
  if (matched === matched.toLowerCase()) return replacement.toLowerCase().replace(/\biso\b/g, 'ISO');
  const words = matched.split(/\s+/);
  if (words.length > 1 && words.every((w) => /^[A-Z]/.test(w))) return replacement.replace(/\b([a-z])/g, (c) => c.toUpperCase());
  if (/^[A-Z]/.test(matched)) return replacement.charAt(0).toUpperCase() + replacement.slice(1);
  return replacement;
}
