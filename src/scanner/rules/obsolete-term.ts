import type { Term } from '../../kb/model.js';
import type { Rule, RuleContext, RuleMeta } from './types.js';
import { atSentenceStart, capitalise, indefiniteArticle, pluralise } from '../grammar.js';
import { type CompiledTerm, findTerms, type TermMatch } from '../terms.js';
import type { WordIndex } from '../word-index.js';

/** Builds the obsolete-term rule over compiled terms (the knowledge base's plus the user's own, their words in `words`). */
export function obsoleteTermRule(compiled: readonly CompiledTerm[], words: WordIndex): Rule {
  // A block that may hold none of the terms is passed over with one check.
  const anyTerm = words.union(compiled.flatMap((c) => [c.full?.gate, c.abbreviation?.gate]).filter((g) => g !== undefined));
  const references = new Map(compiled.map((c) => [c.term, where(c.term)]));
  // The replacement of each way a term is written, worked out once.
  const replacements = new Map<Term, Map<string, string>>();
  const replacement = (m: TermMatch): string => {
    let known = replacements.get(m.term);
    if (!known) replacements.set(m.term, (known = new Map()));
    const key = `${m.abbreviation ? 'abbreviation' : m.pair ? 'pair' : 'full'} ${m.plural ? 'plural' : 'singular'} ${m.text}`;
    let text = known.get(key);
    if (text === undefined) known.set(key, (text = replacementFor(m)));
    return text;
  };
  const report = (ctx: RuleContext): void => {
    for (const m of findTerms(ctx.block.text, compiled, (gate) => ctx.words.mayMatch(gate, ctx.blockIndex))) {
      // "QSR 820.100" is one citation finding, not a citation and a term.
      if (ctx.citations.some((c) => m.start < c.end && m.end > c.start)) continue;
      const t = m.term;
      const { start, text: replacementText } = inSentence(ctx.block.text, m, replacement(m));
      ctx.report({
        start,
        end: m.end,
        term: t.term,
        severity: t.severity,
        message: t.autoReplace
          ? `"${m.text}" is QSR-era terminology; write "${replacementText}"${references.get(t)!}.`
          : `"${m.text}" is QSR-era terminology; consider "${replacementText}"${references.get(t)!}. Rewrite by hand: the right wording depends on context.`,
        detail: t.rationale,
        replacements: [{ text: replacementText, isoClauses: t.isoClauses, qmsrProvisions: t.qmsrRefs }],
        fixable: t.autoReplace && t.confidence === 'confirmed',
        kbRefs: [t.id],
      });
    }
  };
  return {
    meta: obsoleteTermMeta,
    check(ctx) {
      if (ctx.words.mayMatch(anyTerm, ctx.blockIndex)) report(ctx);
    },
  };
}

export const obsoleteTermMeta: RuleMeta = {
  id: 'obsolete-term',
  kind: 'term',
  defaultSeverity: 'warning',
  description: 'A term or abbreviation the QMSR dropped (DMR, DHR, DHF, Quality System Record, management with executive responsibility, QSIT, …), with its replacement.',
  rationale:
    'FDA removed the record types DMR, DHF, DHR and Quality System Record and other QSR definitions; ISO 13485:2016 and ISO 9000:2015 vocabulary applies instead ' +
    '(final rule preamble, response to Comment 31). Old records need not be renamed, but procedures should use the current terms so auditors and staff read one vocabulary.',
  fixable: true,
  examples: { fires: ['Device History Record', 'the DHR', 'management with executive responsibility', 'QSIT'], silent: ['DHRA', 'medical device file', 'UDI'] },
};

/** "a" or "an" and the white space after it, at the end of the text before a match. */
const ARTICLE_BEFORE = /(?<![\p{L}\p{N}])(an?)(\s+)$/iu;

/**
 * The end of `before` that ARTICLE_BEFORE can match and look behind: the closing white space,
 * the two letters before it and the character (perhaps a surrogate pair) before those. The
 * pattern gives the same answer on it as on the whole text, without reading all of that.
 */
function articleWindow(before: string): string {
  let i = before.length;
  while (i > 0 && /\s/.test(before[i - 1]!)) i--;
  return before.slice(Math.max(0, i - 4));
}

/**
 * Fit the replacement to its sentence: "a DMR" becomes "an MDF" (the match then
 * takes in the article), and a lower-case replacement starting a sentence gets a capital.
 */
function inSentence(text: string, m: TermMatch, replacement: string): { start: number; text: string } {
  const before = text.slice(0, m.start);
  const article = ARTICLE_BEFORE.exec(articleWindow(before));
  if (article) {
    const wanted = indefiniteArticle(replacement);
    const written = article[1]!;
    if (written.toLowerCase() !== wanted) {
      const cased = written[0] === written[0]!.toUpperCase() ? capitalise(wanted) : wanted;
      return { start: m.start - article[0].length, text: `${cased}${article[2]}${replacement}` };
    }
    return { start: m.start, text: replacement };
  }
  return { start: m.start, text: atSentenceStart(before) && /^\p{Ll}/u.test(replacement) ? capitalise(replacement) : replacement };
}

/** " (ISO 13485:2016 4.2.3)" or " (21 CFR 820.35(c))", or nothing. */
function where(t: Term): string {
  const refs = [...t.isoClauses.slice(0, 2).map((c) => `ISO 13485:2016 ${c}`), ...t.qmsrRefs.slice(0, 1).map((c) => `21 CFR ${c}`)];
  return refs.length ? ` (${refs.join('; ')})` : '';
}

/** The text to put in place of a term match. */
function replacementFor(m: TermMatch): string {
  const t = m.term;
  const number = (s: string): string => (m.plural ? pluralise(s) : s);
  if (m.abbreviation) return number(t.replacementAbbreviation ?? t.replacement);
  const full = number(matchCase(m.text, t.replacement));
  if (m.pair) return t.replacementAbbreviation ? `${full} (${t.replacementAbbreviation})` : full;
  return full;
}

/**
 * Replacements are written in the knowledge base as they read mid-sentence:
 * proper names capitalised, common nouns in lower case. A common noun takes
 * the matched text's style: Title Case in a title, a capital at a sentence start.
 */
function matchCase(matched: string, replacement: string): string {
  if (/^[A-Z0-9]/.test(replacement)) return replacement;
  const words = matched.split(/[\s-]+/).filter((w) => /^\p{L}/u.test(w));
  const minor = /^(and|or|of|the|with|for|to|in|a|an)$/;
  if (words.length > 1 && words.every((w) => /^\p{Lu}/u.test(w) || minor.test(w))) {
    return replacement.replace(/\b(\p{Ll})(\p{L}*)/gu, (w, c: string, rest: string) => (minor.test(w) ? w : c.toUpperCase() + rest));
  }
  if (/^\p{Lu}/u.test(matched)) return replacement.charAt(0).toUpperCase() + replacement.slice(1);
  return replacement;
}
