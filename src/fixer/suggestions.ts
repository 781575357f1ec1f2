/**
 * For formats qmsr does not rewrite (PDF, workbooks, presentations, OpenDocument):
 * a Markdown list of the findings with the suggested text and where to find
 * each one, to make the edits in the source document by hand.
 */
import { formatLocation } from '../reporters/location.js';
import type { Finding } from '../scanner/types.js';
import type { FindingOutcome } from './types.js';

/** Context printed at the top of the suggestions file. */
export interface SuggestionsMeta {
  file: string;
  format: string;
  date: string;
  kbVersion: string;
}

/** Every finding as a suggestion (what the fixer does for formats it cannot rewrite). */
export function suggestionOutcomes(findings: readonly Finding[], format: string): FindingOutcome[] {
  return findings.map((finding) => {
    const replacement = finding.replacements[0]?.text;
    return {
      finding,
      action: 'suggestion',
      ...(replacement !== undefined ? { replacement } : {}),
      reason: `qmsr does not rewrite ${format.toUpperCase()} files; edit the source document`,
    };
  });
}

/** The suggestions file's Markdown. */
export function suggestionsMarkdown(meta: SuggestionsMeta, outcomes: readonly FindingOutcome[]): string {
  const lines = [
    `# Suggested changes: ${meta.file}`,
    '',
    `qmsr does not write changes into ${meta.format.toUpperCase()} files. Make these edits in the document this file was`,
    `produced from, then produce it again. Generated ${meta.date}, knowledge base ${meta.kbVersion}.`,
    '',
  ];
  outcomes.forEach((o, i) => {
    const f = o.finding;
    lines.push(`## ${i + 1}. ${formatLocation(f.location)}: ${f.ruleId}`, '');
    lines.push(`- Found: ${quoteText(f.match)}`);
    lines.push(`- Suggested: ${o.replacement !== undefined ? quoteText(o.replacement) : 'no one-to-one replacement; rewrite the passage'}`);
    if (f.replacements.length > 0 && !f.fixable) lines.push('- The wording depends on context: check the suggestion before using it.');
    lines.push(`- Why: ${oneLine(f.message)}`);
    if (f.context) lines.push(`- Context: ${quoteText(f.context)}`);
    if (f.kbRefs.length > 0) lines.push(`- Knowledge base: ${f.kbRefs.join(', ')}`);
    lines.push('');
  });
  return lines.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text in a code span that survives backticks inside it. */
function quoteText(text: string): string {
  const t = oneLine(text);
  const fence = t.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${t}${fence.length > 1 ? ' ' : ''}${fence}`;
}
