/**
 * How a checklist item ties into the rest of the knowledge base: the old QSR
 * provisions it replaces (the crosswalk read backwards) and the CP 7382.850
 * inspection area it belongs to.
 */
import type { KnowledgeBase } from '../kb/model.js';
import type { ItemKind } from './facts.js';

/** Old 820.1 and 820.3 entries (scope and definitions) are listed only under the 820.1 and 820.3 items. */
export function definitionOrScope(citation: string): boolean {
  return /^820\.(1|3)(\(|$)/.test(citation);
}

/** The FDA item citation that covers `citation` most closely (itself, or its nearest enclosing provision). */
export function mostSpecific(citation: string, itemCitations: readonly string[]): string | undefined {
  return itemCitations.filter((k) => citation === k || citation.startsWith(`${k}(`)).sort((a, b) => b.length - a.length)[0];
}

/** Old provisions whose crosswalk entry satisfies `match`, in CFR order (the crosswalk is kept in CFR order). */
export function reverseCrosswalk(kb: KnowledgeBase, match: (e: { qsr: string; isoClauses: string[]; qmsrProvisions: string[] }) => boolean): string[] {
  return [...kb.crosswalk.values()].filter(match).map((e) => e.qsr);
}

/**
 * The CP 7382.850 area an item belongs to: the only area listing one of its
 * clauses or provisions (or a provision's enclosing section), or the one
 * items.yaml picks among several. An item no area lists must pick one.
 */
export function chooseArea(
  kb: KnowledgeBase,
  id: string,
  kind: ItemKind,
  isoClauses: string[],
  provisions: string[],
  chosen: string | undefined,
  at: (m: string) => void,
): { id: string; name: string } {
  const covers = (ref: string, p: string): boolean => ref === p || p.startsWith(`${ref}(`);
  const clauses = kind === 'iso' || kind === 'change' ? isoClauses : [];
  const candidates = kb.inspection.areas.filter(
    (a) => clauses.some((c) => a.isoClauses.includes(c)) || provisions.some((p) => a.qmsrRefs.some((r) => covers(r, p))),
  );
  if (chosen) {
    const area = kb.inspection.areas.find((a) => a.id === chosen);
    if (!area) {
      at(`inspectionArea ${chosen} is not in inspection.yaml`);
      return { id: chosen, name: chosen };
    }
    if (candidates.length > 0 && !candidates.includes(area)) {
      at(`inspectionArea ${chosen} does not list this item's clauses or provisions; choose one of ${candidates.map((a) => a.id).join(', ')}`);
    }
    return { id: area.id, name: area.name };
  }
  if (candidates.length === 1) return { id: candidates[0]!.id, name: candidates[0]!.name };
  at(
    candidates.length === 0
      ? `no CP 7382.850 area in inspection.yaml lists ${id}; choose one with inspectionArea`
      : `${id} falls under ${candidates.map((a) => a.id).join(', ')}; choose one with inspectionArea`,
  );
  return { id: 'area.unknown', name: 'Unknown' };
}
