/**
 * Which crosswalk rows answer a search: an old citation (its paragraphs
 * too), a QMSR provision, an ISO 13485 clause (its subclauses too), or words.
 */
import { isoClauseOf } from './citations.js';
import type { CrosswalkRow } from '../types.js';

/** The Part 820 citation inside what someone typed: `21 CFR §820.30(g)` → `820.30(g)`. */
export function partCitation(q: string): string | undefined {
  return /820\.\d+(?:\s*\([a-z0-9]+\))*/i.exec(q)?.[0].replace(/\s+/g, '').toLowerCase();
}

function within(value: string, prefix: string, separator: string): boolean {
  return value === prefix || value.startsWith(prefix + separator);
}

/** Rows matching `q` (all rows for an empty query). */
export function filterCrosswalk(rows: CrosswalkRow[], q: string): CrosswalkRow[] {
  const query = q.trim();
  if (!query) return rows;
  const iso = isoClauseOf(query);
  if (iso) return rows.filter((r) => r.isoClauses.some((c) => within(c, iso, '.')));
  const citation = partCitation(query);
  if (citation) {
    return rows.filter(
      (r) => within(r.qsr, citation, '(') || r.qmsrProvisions.some((p) => within(p, citation, '(') || within(citation, p, '(')),
    );
  }
  const words = query.toLowerCase().split(/\s+/);
  return rows.filter((r) => {
    const hay = [r.qsr, r.title, r.sectionTitle, r.relation, r.rationale, ...r.isoTitles, ...r.qmsrProvisions, ...r.notes].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
