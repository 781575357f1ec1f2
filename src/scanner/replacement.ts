/**
 * The text an outdated citation should become, from its crosswalk entry, in
 * the style a QA department prefers.
 */
import type { CrosswalkEntry, KnowledgeBase } from '../kb/model.js';

/**
 * - `iso-qmsr`: `ISO 13485:2016 clause 7.3.7 (21 CFR 820.10(c))` — the default.
 * - `iso`: `ISO 13485:2016 clause 7.3.7`.
 * - `qmsr-iso`: `21 CFR 820.10(c) and ISO 13485:2016 clause 7.3.7`.
 * - `formerly`: `ISO 13485:2016 clause 7.3.7 (formerly 21 CFR 820.30(g))`.
 */
export type ReplacementStyle = 'iso-qmsr' | 'iso' | 'qmsr-iso' | 'formerly';
export const replacementStyles: readonly ReplacementStyle[] = ['iso-qmsr', 'iso', 'qmsr-iso', 'formerly'];

export interface ReplacementText {
  text: string;
  isoClauses: string[];
  qmsrProvisions: string[];
}

/** Replacement text for an old citation (crosswalk entry from `kb`), or undefined when the crosswalk gives it no destination. */
export function replacementFor(kb: KnowledgeBase, entry: CrosswalkEntry, oldCitation: string, style: ReplacementStyle): ReplacementText | undefined {
  const iso = entry.isoClauses;
  // A provision that only makes ISO 13485 binding (820.10(a), flagged isoHook in the data) adds nothing beside a specific one.
  const specific = entry.qmsrProvisions.filter((p) => kb.qmsr.provisions.get(p)?.isoHook !== true);
  const qmsr = specific.length > 0 ? specific : entry.qmsrProvisions;
  if (iso.length === 0 && qmsr.length === 0) return undefined;
  const isoText = iso.length === 0 ? '' : `ISO 13485:2016 clause${iso.length > 1 ? 's' : ''} ${joinList(iso)}`;
  const cfrText = qmsr.length === 0 ? '' : `21 CFR ${joinList(qmsr)}`;
  let text: string;
  if (!isoText) text = style === 'formerly' ? `${cfrText} (formerly 21 CFR ${oldCitation})` : cfrText;
  else if (!cfrText || style === 'iso') text = isoText;
  else if (style === 'qmsr-iso') text = `${cfrText} and ${isoText}`;
  else if (style === 'formerly') text = `${isoText} (formerly 21 CFR ${oldCitation})`;
  else text = `${isoText} (${cfrText})`;
  return { text, isoClauses: iso, qmsrProvisions: qmsr };
}

/** Whether a fixer may apply the replacement without a person's judgement. */
export function isSafeReplacement(entry: CrosswalkEntry, exact: boolean): boolean {
  return exact && entry.confidence === 'confirmed' && (entry.relation === 'equivalent' || entry.relation === 'moved' || entry.relation === 'partial');
}

/** "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Plain words for where an old provision went, used in finding messages. */
export function describeDestination(kb: KnowledgeBase, entry: CrosswalkEntry): string {
  const parts: string[] = [];
  if (entry.isoClauses.length) {
    parts.push(entry.isoClauses.map((c) => `ISO 13485:2016 ${c}${kb.iso.get(c) ? ` (${kb.iso.get(c)!.title})` : ''}`).join(', '));
  }
  if (entry.qmsrProvisions.length) parts.push(entry.qmsrProvisions.map((c) => `21 CFR ${c}`).join(', '));
  return parts.join(' via ');
}
