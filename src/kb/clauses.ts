/**
 * The ISO 13485 clause hierarchy: a reference to a clause (7.5.9) covers its
 * sub-clauses (7.5.9.1, 7.5.9.2).
 */

/** True when `clause` is `parent` or one of its sub-clauses. */
export function isoClauseCovers(parent: string, clause: string): boolean {
  return clause === parent || clause.startsWith(`${parent}.`);
}
