/**
 * Facts about Part 820 that the parser needs to tell a citation from a
 * number: which sections exist and what its subparts are called.
 */

/** The 31 sections of the old QSR (21 CFR 820 as in force 1996 – 1 Feb 2026). */
export const OLD_QSR_SECTIONS: readonly string[] = [
  '820.1', '820.3', '820.5', '820.20', '820.22', '820.25', '820.30', '820.40', '820.50', '820.60', '820.65',
  '820.70', '820.72', '820.75', '820.80', '820.86', '820.90', '820.100', '820.120', '820.130', '820.140',
  '820.150', '820.160', '820.170', '820.180', '820.181', '820.184', '820.186', '820.198', '820.200', '820.250',
];

/** Sections only the QMSR has, plus 820.15 of the 2022 proposed rule (people still cite it). */
export const NEW_QMSR_SECTIONS: readonly string[] = ['820.7', '820.10', '820.15', '820.35', '820.45'];

/** Default `knownSections`: old and new Part 820 sections. */
export const DEFAULT_KNOWN_SECTIONS: ReadonlySet<string> = new Set([...OLD_QSR_SECTIONS, ...NEW_QMSR_SECTIONS]);

/** Subpart titles of Part 820, old QSR and QMSR, by letter. Used to tell "Subpart C—Design Controls" from another part's Subpart C. */
export const PART_820_SUBPART_TITLES: Readonly<Record<string, readonly string[]>> = {
  A: ['General Provisions'],
  B: ['Quality System Requirements', 'Supplemental Provisions'],
  C: ['Design Controls'],
  D: ['Document Controls'],
  E: ['Purchasing Controls'],
  F: ['Identification and Traceability'],
  G: ['Production and Process Controls'],
  H: ['Acceptance Activities'],
  I: ['Nonconforming Product'],
  J: ['Corrective and Preventive Action'],
  K: ['Labeling and Packaging Control'],
  L: ['Handling, Storage, Distribution, and Installation'],
  M: ['Records'],
  N: ['Servicing'],
  O: ['Statistical Techniques'],
};

/** Highest part number in Title 21. */
export const MAX_TITLE_21_PART = 1499;
