/**
 * Citation parser: finds Part 820 (and other Title 21) citations in any style
 * people write them, and parses one typed by a user. Pure functions.
 */
export type { CitationForm, CitationRef, FindOptions, ParseResult } from './types.js';
export { findCitations } from './find.js';
export { normaliseCitation, parseCitation } from './parse.js';
export { DEFAULT_KNOWN_SECTIONS, NEW_QMSR_SECTIONS, OLD_QSR_SECTIONS, PART_820_SUBPART_TITLES } from './known.js';
export { formatCitation, formatPartCitation } from './normalise.js';
