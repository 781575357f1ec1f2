/**
 * Public types of the citation parser: one `CitationRef` per reference found
 * in a text or typed by a user.
 */

/**
 * How a reference was written.
 * - `cfr`: `21 CFR 820.30(g)`, `21 C.F.R. § 820.30`, `CFR 820.22`, `21 CRF 820.30`
 * - `cfr-part-section`: `21 CFR Part 820.30(h)`, `Part 820.30` (Part wrongly before a section)
 * - `compact`: `21CFR820.75`, `FDA-21CFR820.30`, `21CRF820.181`
 * - `section-sign`: `§ 820.198`, `§§ 820.40 and …`
 * - `sec`: `Sec. 820.65`, `Section 820.3`
 * - `qsr`: `QSR 820.100`, `QS Regulation 820.90`
 * - `wiki`: `21.CFR.820.20.b.3.i` (with or without `[[ ]]`)
 * - `url`: the `820.198` of `CFRSearch.cfm?fr=820.198`
 * - `bare`: `820.30(e)` with no marker at all
 * - `subpart`: `Subpart M`, `21 CFR 820 Subpart M`, `subpart A of part 820`
 * - `part`: `21 CFR Part 820`, `part 803`
 * - `list`: the second and later items of a list (`820.22` in `820.20, 820.22`)
 * - `range`: both ends of a range (`820.30(b)-(j)`)
 */
export type CitationForm =
  | 'cfr'
  | 'cfr-part-section'
  | 'compact'
  | 'section-sign'
  | 'sec'
  | 'qsr'
  | 'wiki'
  | 'url'
  | 'bare'
  | 'subpart'
  | 'part'
  | 'list'
  | 'range';

/** One citation: a section or paragraph, a subpart, or a whole part of Title 21. */
export interface CitationRef {
  /** 820 for Part 820; another Title 21 part when that part is cited (803, 806, 11 …). */
  part: number;
  /** `'820.30'`; undefined for a part-only or subpart reference. */
  section?: string;
  /** Paragraph chain, lower case: `['g']`, `['b', '3', 'ii']`. */
  paragraphs: string[];
  /** Subpart letter (`'M'`) for a subpart reference. */
  subpart?: string;
  /** Normalised: `'820.30(g)'`, `'Subpart M'`, `'Part 820'`, `'803.50'`, `'Part 807, Subpart E'`. */
  citation: string;
  /** Offset in the searched text of the first character that belongs to this citation. */
  start: number;
  /** Offset just past the last character of this citation. */
  end: number;
  /** `text.slice(start, end)`. */
  raw: string;
  /** How it was written. */
  form: CitationForm;
  /** True when the text itself marks it as a regulation (21 CFR, §, Sec., QSR, Part, wiki, URL); false for a bare number or bare subpart. */
  explicit: boolean;
  /** Set on the first end of a range: the normalised citation of the other end. */
  range?: { to: string };
}

/** Options of `findCitations`. */
export interface FindOptions {
  /**
   * Section numbers that exist (old and new Part 820). Bare numbers must be one of
   * them. Default: the 31 old QSR sections plus 820.7, 820.10, 820.15, 820.35, 820.45.
   */
  knownSections?: ReadonlySet<string>;
  /**
   * Accept bare numbers and bare "Subpart C" (no CFR/§/QSR marker): `'context'` (default)
   * only when the text elsewhere signals the regulation, `'always'`, or `'never'`.
   */
  bare?: 'always' | 'never' | 'context';
  /** Also return citations of other Title 21 parts (803.50, Part 11 …). Default true. */
  otherParts?: boolean;
}

/** Result of `parseCitation`. */
export type ParseResult = { ok: true; ref: CitationRef } | { ok: false; error: string };
