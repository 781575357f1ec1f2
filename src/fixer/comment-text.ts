/**
 * The words of a review comment: what the old provision was, what replaces
 * it, why the tool did (or did not) change the text, and the rule and
 * knowledge-base records behind it, so a reviewer can check the change
 * without opening the tool.
 */
import type { Finding } from '../scanner/types.js';
import type { ChangeAction } from './types.js';

/** What a comment describes. */
export interface CommentSubject {
  finding: Finding;
  action: ChangeAction;
  replacement?: string;
  reason?: string;
  /** For a change made where Word cannot hold a comment (a header or footer): where it is. */
  elsewhere?: string;
}

/** The comment as paragraphs of plain text. */
export function commentParagraphs(subject: CommentSubject, kbVersion: string): string[] {
  const { finding, action, replacement, reason, elsewhere } = subject;
  const out: string[] = [];
  if (elsewhere) out.push(`In ${elsewhere}: "${finding.match}".`);
  out.push(finding.message.trim());
  if (finding.detail) out.push(finding.detail.trim());
  if (action === 'tracked-change' && replacement !== undefined) {
    out.push(`Proposed: "${finding.match}" → "${replacement}". Accept or reject this tracked change.`);
  } else {
    const suggested = replacement ?? finding.replacements[0]?.text;
    if (suggested) out.push(`Suggested wording: "${suggested}".`);
    out.push(`Not changed automatically: ${reason ?? 'this needs a person\u2019s judgement'}.`);
  }
  const refs = finding.kbRefs.length > 0 ? `; kb ${finding.kbRefs.join(', ')}` : '';
  const what = finding.citation ? `; citation ${finding.citation}` : finding.term ? `; term "${finding.term}"` : '';
  out.push(`qmsr rule ${finding.ruleId}${what}${refs}; knowledge base ${kbVersion}.`);
  return out;
}

/** Initials for a comment author: "qmsr" → "Q", "Jane Q. Doe" → "JQD". */
export function initialsOf(author: string): string {
  const words = author.split(/[\s.]+/).filter(Boolean);
  return (words.length > 1 ? words.map((w) => w[0]!).join('') : (words[0]?.[0] ?? 'Q')).toUpperCase().slice(0, 9);
}

/** Why a finding without a safe replacement is left for a person. */
export function whyNotFixable(finding: Finding): string {
  if (finding.replacements.length === 0) return 'there is no one-to-one replacement for it; rewrite the passage by hand';
  return 'the right wording depends on context, so a person should choose it';
}
