/**
 * The loaded knowledge base: the validated data, flattened into lookups.
 * Built by `load.ts`; read by everything above it.
 */
import type { z } from 'zod';
import type {
  changeSchema,
  crosswalkEntrySchema,
  definitionSchema,
  deviceTableRowSchema,
  guideFrontMatterSchema,
  inspectionAreaSchema,
  isoClauseSchema,
  newRequirementSchema,
  relatedPartSchema,
  Source,
  termSchema,
} from './schema.js';

export type RegulationName = 'QSR' | 'QMSR';
export type ProvisionStatus = 'current' | 'reserved' | 'removed' | 'not-adopted';

/** A section or paragraph of one version of Part 820. */
export interface Provision {
  /** Stable record id: `qsr.820.30(g)`, `qmsr.820.35(a)`. */
  id: string;
  regulation: RegulationName;
  /** Normalised citation: `820.30(g)`. */
  citation: string;
  section: string;
  /** Paragraph chain, empty for a section. */
  paragraphs: string[];
  subpart: string;
  subpartTitle: string;
  /** Section title for a section; heading (or the term, or the gist) for a paragraph. */
  title: string;
  heading?: string;
  gist?: string;
  summary?: string;
  items: string[];
  term?: string;
  status: ProvisionStatus;
  fdaSpecific: boolean;
  /** Decides where ISO requirements apply (820.10(c)) rather than adding one. */
  scoping: boolean;
  /** Makes ISO 13485 as a whole binding (820.10(a)) and adds no specific requirement: a more specific provision says more. */
  isoHook: boolean;
  isoClauses: string[];
  notes: string[];
  confidence: 'confirmed' | 'unconfirmed';
  sources: string[];
  /** Citation of the enclosing provision (section for a top paragraph). */
  parent?: string;
  children: string[];
  /** Section-level extras. */
  leadIn?: string;
  definitions?: Definition[];
  deviceTable?: DeviceTableRow[];
}

export type Definition = z.infer<typeof definitionSchema>;
export type DeviceTableRow = z.infer<typeof deviceTableRowSchema>;

export interface Subpart {
  letter: string;
  title: string;
  status: 'current' | 'reserved' | 'removed';
  sections: string[];
}

export interface Regulation {
  name: RegulationName;
  title: string;
  effective: string;
  supersededOn?: string;
  ecfrUrl: string;
  subparts: Subpart[];
  /** Every section and paragraph by citation, in CFR order. */
  provisions: Map<string, Provision>;
}

export type IsoClause = z.infer<typeof isoClauseSchema> & { id: string; parent?: string };
export type CrosswalkEntry = z.infer<typeof crosswalkEntrySchema> & { id: string };
export type NewRequirement = z.infer<typeof newRequirementSchema>;
export type Term = z.infer<typeof termSchema>;
export type Change = z.infer<typeof changeSchema>;
export type RelatedPart = z.infer<typeof relatedPartSchema> & { id: string };
export type InspectionArea = z.infer<typeof inspectionAreaSchema>;

export interface InspectionProgram {
  program: string;
  effective: string;
  supersedes: string[];
  summary: string;
  sources: string[];
  areas: InspectionArea[];
}

export interface GuidePage extends z.infer<typeof guideFrontMatterSchema> {
  /** Markdown body without front matter. */
  body: string;
  file: string;
}

export interface KnowledgeBase {
  version: string;
  date: string;
  /** SHA-256 over every data file, so two outputs can be shown to rest on the same data. */
  hash: string;
  dir: string;
  sources: Map<string, Source>;
  qsr: Regulation;
  qmsr: Regulation;
  iso: Map<string, IsoClause>;
  /** Keyed by old citation, in CFR order. */
  crosswalk: Map<string, CrosswalkEntry>;
  newRequirements: NewRequirement[];
  terms: Term[];
  changes: Change[];
  relatedParts: Map<string, RelatedPart>;
  inspection: InspectionProgram;
  guide: GuidePage[];
}
