/**
 * Internal shapes shared by the readers: the scanning environment, the rules
 * a prefix imposes on what follows it, and a found reference before the
 * context filter decides whether to keep it.
 */
import type { CitationForm, CitationRef } from './types.js';

/** What a reference still needs from the rest of the text before it is reported. */
export type Needs =
  /** Nothing: it marks itself as a regulation. */
  | 'none'
  /** A bare number: the text must signal the regulation (`bare` option). */
  | 'bare'
  /** A bare "Subpart C—Design Controls" whose title matches Part 820: the text must be about Part 820. */
  | 'subpart-titled'
  /** A bare "Subpart C": as above, and the text must not cite subparts of other parts. */
  | 'subpart-untitled'
  /** A bare "Subpart C—Clinical Laboratory Instruments": another part's subpart, unless it directly follows a Part 820 citation. */
  | 'subpart-foreign-title'
  /**
   * A bare lower-case "subpart G" in running text ("records prescribed in subpart G"): how the CFR
   * points within its own part, so whichever part the text belongs to. As `subpart-untitled`, and the
   * text itself must be about Part 820: `bare: 'always'` alone is not enough.
   */
  | 'subpart-cross-reference';

/** A reference found, with what it still needs. `drop` marks text that was consumed but must not be reported (another CFR title, a part number too small to trust). */
export interface Candidate {
  ref: CitationRef;
  needs: Needs;
  drop: boolean;
}

/** What one scan knows. */
export interface Env {
  text: string;
  known: ReadonlySet<string>;
  /** Reading one reference typed by a user (parseCitation): bare forms and small part numbers are fine. */
  single: boolean;
  /** Set when the text cites a subpart of a part other than 820 ("subpart E of part 807"). */
  otherSubpart: boolean;
}

/** Which other-part numbers a prefix can introduce: any, only parts 100 and up, parts 100 and up or sections with two or more digits (§ 10.30, not the ISO-like §4.1), or none. */
export type OtherPartRule = 'any' | 'big' | 'big-or-long-section' | 'none';

/** The rules a prefix sets for the numbers after it. */
export interface Policy {
  form: CitationForm;
  explicit: boolean;
  needs: 'none' | 'bare';
  /** A part number without a section may stand alone ("21 CFR 820", "part 806"). */
  partOnly: boolean;
  /** "Parts 803, 806, and 807": every item is a part. */
  pluralParts: boolean;
  otherParts: OtherPartRule;
  /** Part 820 sections must be in `env.known` (bare numbers, "Section 820.x"). */
  knownOnly: boolean;
  /** Apply the after-number guard (units, glued letters, "-01"): drop a last item that fails it. */
  strict: boolean;
  /** Read `(g)(1)` paragraphs (not in URLs). */
  paragraphs: boolean;
  /** Paragraphs written as dot segments: 21.CFR.820.20.b.3.i */
  wiki: boolean;
  /** Consume but report nothing (another CFR title). */
  drop: boolean;
}

/** Result of reading one reference group (a citation with its lists and ranges). */
export interface GroupResult {
  refs: Candidate[];
  end: number;
}

/** Base policy: an explicit prefix that allows any section of any part. */
export function policy(overrides: Partial<Policy>): Policy {
  return {
    form: 'cfr',
    explicit: true,
    needs: 'none',
    partOnly: false,
    pluralParts: false,
    otherParts: 'any',
    knownOnly: false,
    strict: false,
    paragraphs: true,
    wiki: false,
    drop: false,
    ...overrides,
  };
}
