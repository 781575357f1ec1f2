/**
 * Schemas for the knowledge-base data files under `kb/`.
 *
 * The data is YAML reviewed by regulatory people; these schemas are what the
 * loader checks it against. Types used across the code base are inferred from
 * them, so the data and the code cannot disagree silently.
 */
import { z } from 'zod';

/** Section number within Part 820, e.g. `820.30`. */
export const sectionNumber = z.string().regex(/^820\.\d{1,3}$/, 'expected a Part 820 section such as 820.30');

/**
 * A normalised Part 820 citation: section plus optional paragraph chain,
 * e.g. `820.30`, `820.30(g)`, `820.20(b)(3)(ii)`, `820.3(z)(1)`.
 */
export const citationString = z
  .string()
  .regex(/^820\.\d{1,3}(\([a-z]{1,2}\)|\(\d{1,2}\)|\([ivx]{1,5}\))*$/, 'expected a normalised citation such as 820.30(g)');

/** ISO 13485:2016 clause number, e.g. `7.3.7`, `4.1.6`, `0.2`. */
export const isoClauseNumber = z.string().regex(/^\d{1,2}(\.\d{1,2}){0,3}$/, 'expected an ISO clause number such as 7.3.7');

/** Ids of entries in `kb/sources.yaml`. */
export const sourceRefs = z.array(z.string().min(1)).min(1, 'every record names at least one source');

/** Whether a fact was confirmed against a primary source, or rests on weaker ground. */
export const confidence = z.enum(['confirmed', 'unconfirmed']);

/** Where a fact comes from. Listed once in `kb/sources.yaml`, referenced by id. */
export const sourceSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string().min(3),
  kind: z.enum(['regulation-text', 'federal-register', 'fda-guidance', 'fda-web', 'industry-crosswalk', 'secondary', 'project-analysis']),
  url: z.string().url().optional(),
  citation: z.string().optional(),
  note: z.string().optional(),
});
export type Source = z.infer<typeof sourceSchema>;

/** A short list item in our own words, e.g. one required record element. */
const itemSchema = z.string().min(2);

/** A paragraph of a CFR section, possibly with sub-paragraphs. */
export interface ParagraphInput {
  /** Designation of this level only: `a`, `1`, `ii`, `aa`. */
  label: string;
  /** The CFR's italic heading, where there is one. */
  heading?: string | undefined;
  /** One line in our own words. Required when there is no heading; allowed with one. */
  gist?: string | undefined;
  /** For the QMSR: plain-English summary of what the paragraph requires. */
  summary?: string | undefined;
  /** Enumerated elements (record contents, examination items) in our words. */
  items?: string[] | undefined;
  /** For definitions in 820.3: the term defined here. */
  term?: string | undefined;
  /** Overrides the section's fdaSpecific flag for this paragraph and its children. */
  fdaSpecific?: boolean | undefined;
  /** Decides where ISO requirements apply (e.g. 820.10(c)) rather than adding a requirement. */
  scoping?: boolean | undefined;
  /**
   * Makes ISO 13485 as a whole binding (e.g. 820.10(a)) and adds no specific
   * requirement of its own. Not inherited by sub-paragraphs.
   */
  isoHook?: boolean | undefined;
  paragraphs?: ParagraphInput[] | undefined;
}

export const paragraphSchema: z.ZodType<ParagraphInput> = z.lazy(() =>
  z
    .object({
      label: z.string().regex(/^([a-z]{1,2}|\d{1,2}|[ivx]{1,5})$/, 'paragraph label such as a, 1, ii or aa'),
      heading: z.string().min(2).optional(),
      gist: z.string().min(5).optional(),
      summary: z.string().min(5).optional(),
      items: z.array(itemSchema).optional(),
      term: z.string().min(2).optional(),
      fdaSpecific: z.boolean().optional(),
      scoping: z.boolean().optional(),
      isoHook: z.boolean().optional(),
      paragraphs: z.array(paragraphSchema).optional(),
    })
    .strict()
    .refine((p) => p.heading !== undefined || p.gist !== undefined, {
      message: 'a paragraph needs a heading or a one-line gist',
    }),
);

/** One row of the class I table in 820.10(c)(2) (and the old 820.30(a)(2)(ii)). */
export const deviceTableRowSchema = z
  .object({
    cfrSection: z.string().regex(/^\d{3}\.\d{3,4}$/),
    device: z.string().min(3),
  })
  .strict();

/** A definition the QMSR adds (820.3(a)) or overrides (820.3(b)). */
export const definitionSchema = z
  .object({
    term: z.string().min(2),
    paragraph: z.enum(['a', 'b']),
    gist: z.string().min(10),
    /** The old 820.3 paragraph with the same or similar meaning. */
    formerly: citationString.optional(),
    supersedes: z.string().optional(),
    confidence: confidence.default('confirmed'),
    note: z.string().optional(),
    sources: sourceRefs,
  })
  .strict();

export const sectionStatus = z.enum(['current', 'reserved', 'removed', 'not-adopted']);

export const sectionSchema = z
  .object({
    section: sectionNumber,
    title: z.string().min(3),
    /** Plain English, our own words. */
    summary: z.string().min(10),
    status: sectionStatus,
    /** True where the QMSR provision goes beyond ISO 13485. */
    fdaSpecific: z.boolean().default(false),
    /** ISO clauses the section builds on or adds to. */
    isoClauses: z.array(isoClauseNumber).default([]),
    /** Text that leads into the lettered paragraphs, in our words. */
    leadIn: z.string().optional(),
    paragraphs: z.array(paragraphSchema).default([]),
    definitions: z.array(definitionSchema).optional(),
    deviceTable: z.array(deviceTableRowSchema).optional(),
    notes: z.array(z.string()).default([]),
    confidence: confidence.default('confirmed'),
    sources: sourceRefs,
  })
  .strict();
export type SectionInput = z.infer<typeof sectionSchema>;

export const subpartSchema = z
  .object({
    letter: z.string().regex(/^[A-O]$/),
    title: z.string().min(3),
    status: z.enum(['current', 'reserved', 'removed']),
    sections: z.array(sectionSchema),
  })
  .strict();

/** One version of Part 820: `kb/regulations/qsr.yaml` or `kb/regulations/qmsr.yaml`. */
export const regulationSchema = z
  .object({
    regulation: z.enum(['QSR', 'QMSR']),
    name: z.string(),
    effective: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    supersededOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    ecfrUrl: z.string().url(),
    sources: sourceRefs,
    subparts: z.array(subpartSchema).min(1),
  })
  .strict();
export type RegulationInput = z.infer<typeof regulationSchema>;

/** An ISO 13485:2016 clause: number and our own short title. Never the standard's text. */
export const isoClauseSchema = z
  .object({
    number: isoClauseNumber,
    /** Our own short title. */
    title: z.string().min(3),
    /** Other names people use for the clause (e.g. §820.10's own short names). */
    aliases: z.array(z.string()).default([]),
    /** One sentence in our own words on what the clause is about. */
    gist: z.string().min(10).optional(),
    /** Informative clauses (0.x) are not requirements. */
    informative: z.boolean().default(false),
    confidence: confidence.default('confirmed'),
    note: z.string().optional(),
  })
  .strict();

export const isoSchema = z
  .object({
    standard: z.literal('ISO 13485:2016'),
    note: z.string(),
    sources: sourceRefs,
    clauses: z.array(isoClauseSchema).min(1),
  })
  .strict();
export type IsoClauseInput = z.infer<typeof isoClauseSchema>;

export const crosswalkRelation = z.enum(['equivalent', 'partial', 'moved', 'removed', 'no-equivalent']);
export type CrosswalkRelation = z.infer<typeof crosswalkRelation>;

/** How an old QSR provision maps onto ISO 13485:2016 and the QMSR. */
export const crosswalkEntrySchema = z
  .object({
    /** The old provision: a section or any paragraph of it. */
    qsr: citationString,
    relation: crosswalkRelation,
    isoClauses: z.array(isoClauseNumber).default([]),
    /** Where the requirement lives now, e.g. `820.10(c)`, `820.35(a)`. */
    qmsrProvisions: z.array(citationString).default([]),
    /** Why, in our own words. */
    rationale: z.string().min(10),
    /** What changed that matters in practice. */
    notes: z.array(z.string()).default([]),
    confidence: confidence.default('confirmed'),
    /** Required when confidence is unconfirmed: what is uncertain. */
    uncertainty: z.string().optional(),
    sources: sourceRefs,
  })
  .strict()
  .refine((e) => e.confidence === 'confirmed' || (e.uncertainty?.length ?? 0) > 5, {
    message: 'an unconfirmed mapping must say what is uncertain (uncertainty)',
  });
export type CrosswalkEntryInput = z.infer<typeof crosswalkEntrySchema>;

/** An ISO 13485 requirement with no QSR counterpart, for completeness of the reverse map. */
export const newRequirementSchema = z
  .object({
    id: z.string().regex(/^new\.[a-z0-9-]+$/),
    title: z.string().min(3),
    isoClauses: z.array(isoClauseNumber).min(1),
    qmsrProvisions: z.array(citationString).default([]),
    rationale: z.string().min(10),
    confidence: confidence.default('confirmed'),
    uncertainty: z.string().optional(),
    sources: sourceRefs,
  })
  .strict();

export const crosswalkSchema = z
  .object({
    note: z.string(),
    entries: z.array(crosswalkEntrySchema).min(1),
    newRequirements: z.array(newRequirementSchema).default([]),
  })
  .strict();

/** An obsolete QSR-era term and what replaces it. */
export const termSchema = z
  .object({
    id: z.string().regex(/^term\.[a-z0-9-]+$/),
    /** Canonical spelling, e.g. "Device History Record". */
    term: z.string().min(2),
    /** Other spellings and inflections matched as whole words (plurals are automatic). */
    variants: z.array(z.string()).default([]),
    /** Abbreviations matched case-sensitively as whole words, e.g. DHR. */
    abbreviations: z.array(z.string()).default([]),
    replacement: z.string().min(2),
    replacementAbbreviation: z.string().optional(),
    isoClauses: z.array(isoClauseNumber).default([]),
    /** Old provisions where the term lived. */
    qsrRefs: z.array(citationString).default([]),
    /** Current provisions that carry the requirement on. */
    qmsrRefs: z.array(citationString).default([]),
    rationale: z.string().min(10),
    severity: z.enum(['error', 'warning', 'info']).default('warning'),
    /** Safe to rewrite mechanically (Word redline). False where judgement is needed. */
    autoReplace: z.boolean().default(true),
    /** Phrases that contain the term but are not a use of it (e.g. "QSR" in a company code). */
    exceptions: z.array(z.string()).default([]),
    confidence: confidence.default('confirmed'),
    uncertainty: z.string().optional(),
    sources: sourceRefs,
  })
  .strict();
export type TermInput = z.infer<typeof termSchema>;

export const termsSchema = z.object({ terms: z.array(termSchema).min(1) }).strict();

/** A change between the QSR and the QMSR with practical weight. */
export const changeSchema = z
  .object({
    id: z.string().regex(/^change\.[a-z0-9-]+$/),
    title: z.string().min(5),
    summary: z.string().min(20),
    /** What a firm should do about it. */
    action: z.string().min(10),
    impact: z.enum(['high', 'medium', 'low']),
    qsrRefs: z.array(citationString).default([]),
    qmsrRefs: z.array(citationString).default([]),
    isoClauses: z.array(isoClauseNumber).default([]),
    /** Statements in documents that this change makes untrue, as regular expressions (case-insensitive). */
    staleStatements: z.array(z.string()).default([]),
    /**
     * Words (case-insensitive substrings) one of which every stale statement of this change contains.
     * When given, the patterns run only on text that has one: a cheap check that keeps costly patterns off most paragraphs.
     */
    staleTriggers: z.array(z.string().min(2)).default([]),
    confidence: confidence.default('confirmed'),
    uncertainty: z.string().optional(),
    sources: sourceRefs,
  })
  .strict();
export const changesSchema = z.object({ changes: z.array(changeSchema).min(1) }).strict();
export type ChangeInput = z.infer<typeof changeSchema>;

/** Other Title 21 parts the QMSR hooks in (820.10(b)) or that sit beside it. */
export const relatedPartSchema = z
  .object({
    part: z.string().regex(/^\d{1,4}$/),
    title: z.string().min(3),
    summary: z.string().min(10),
    /** The QMSR provision that links it, if any, e.g. 820.10(b)(3). */
    linkedBy: z.array(citationString).default([]),
    isoClauses: z.array(isoClauseNumber).default([]),
    ecfrUrl: z.string().url(),
    confidence: confidence.default('confirmed'),
    uncertainty: z.string().optional(),
    sources: sourceRefs,
  })
  .strict();
export const relatedPartsSchema = z.object({ parts: z.array(relatedPartSchema).min(1) }).strict();

/** FDA's inspection approach (CP 7382.850): the QMS areas and other requirements it covers. */
export const inspectionAreaSchema = z
  .object({
    id: z.string().regex(/^area\.[a-z0-9-]+$/),
    name: z.string().min(3),
    kind: z.enum(['qms-area', 'oafr']),
    summary: z.string().min(10),
    isoClauses: z.array(isoClauseNumber).default([]),
    qmsrRefs: z.array(citationString).default([]),
    relatedParts: z.array(z.string()).default([]),
    confidence: confidence.default('confirmed'),
    uncertainty: z.string().optional(),
    sources: sourceRefs,
  })
  .strict();
export const inspectionSchema = z
  .object({
    program: z.string(),
    effective: z.string(),
    supersedes: z.array(z.string()),
    summary: z.string(),
    sources: sourceRefs,
    areas: z.array(inspectionAreaSchema).min(1),
  })
  .strict();

/** Front matter of a guide page in `kb/guide/*.md`. */
export const guideFrontMatterSchema = z
  .object({
    id: z.string().regex(/^guide\.[a-z0-9-]+$/),
    slug: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(3),
    kind: z.enum(['section', 'topic']),
    /** QMSR sections the page explains (for `qmsr guide 820.35`). */
    sections: z.array(sectionNumber).default([]),
    /** Other words a user may type for the topic. */
    aliases: z.array(z.string()).default([]),
    order: z.number().int(),
    summary: z.string().min(10),
  })
  .strict();
export type GuideFrontMatter = z.infer<typeof guideFrontMatterSchema>;

/** `kb/manifest.yaml`: the knowledge base's own version, separate from the tool's. */
export const manifestSchema = z
  .object({
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    description: z.string(),
  })
  .strict();
