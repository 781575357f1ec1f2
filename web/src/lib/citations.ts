/**
 * The bracketed sources at the end of guide sentences, e.g.
 * `[former §820.30(g); ISO 13485 7.3.7; 21 CFR Part 806]`, split into parts
 * with the crosswalk query each part should open (none for sources such as
 * `89 FR 7507` that the crosswalk does not explain).
 */

export interface CitationPart {
  /** The text as written. */
  text: string;
  /** What to type into the crosswalk search, or undefined when it cannot answer. */
  query?: string;
}

/** Split the inside of one bracket into its parts. */
export function citationParts(inside: string): CitationPart[] {
  return inside
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((text) => {
      const query = crosswalkQuery(text);
      return query ? { text, query } : { text };
    });
}

/** The crosswalk search for one citation, if it is a Part 820 section, another Title 21 part or an ISO 13485 clause. */
export function crosswalkQuery(text: string): string | undefined {
  const section = /§\s*(820\.\d+(?:\([a-z0-9]+\))*)/i.exec(text) ?? /^(?:former\s+)?(?:21\s*CFR\s*)?(820\.\d+(?:\([a-z0-9]+\))*)$/i.exec(text);
  if (section?.[1]) return section[1];
  const part = /^21\s*CFR\s*Part\s*(\d+)$/i.exec(text);
  if (part?.[1]) return `21 CFR Part ${part[1]}`;
  const iso = /^ISO\s*13485(?::2016)?\s+(\d+(?:\.\d+)*)$/i.exec(text);
  if (iso?.[1]) return `ISO 13485 ${iso[1]}`;
  return undefined;
}

/** True when the text looks like a bracket of sources rather than ordinary bracketed words. */
export function looksLikeCitations(inside: string): boolean {
  return citationParts(inside).some((p) => p.query !== undefined) || /\b(?:FR|CP|FAQ|CFR)\b/.test(inside);
}

/** `ISO 13485 7.3.7` → `7.3.7`; anything else → undefined. */
export function isoClauseOf(query: string): string | undefined {
  return /^ISO\s*13485(?::2016)?\s+(\d+(?:\.\d+)*)$/i.exec(query.trim())?.[1];
}
