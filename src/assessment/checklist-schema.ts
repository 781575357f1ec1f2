/**
 * Schemas for the checklist data under `kb/checklist/`: item guidance
 * (items.yaml), applicability rules (applicability.yaml) and priority rules
 * (priorities.yaml). Cross-record checks (ids exist in the knowledge base,
 * fields exist in the profile) are in checklist-data.ts.
 */
import { z } from 'zod';
import { citationString, isoClauseNumber, sourceRefs } from '../kb/schema.js';
import { conditionSchema } from './conditions.js';

/** The three priority levels of the checklist. */
export const priorityLevel = z.enum(['high', 'medium', 'low']);
/** high | medium | low. */
export type PriorityLevel = z.infer<typeof priorityLevel>;

/** `iso.7.3.7`, `qmsr.820.35(a)`, `change.inspection-of-reports`: the id of the knowledge-base record the item checks. */
export const itemId = z
  .string()
  .regex(
    /^(iso\.\d{1,2}(\.\d{1,2}){0,3}|qmsr\.820\.\d{1,3}(\([a-z]{1,2}\)|\(\d{1,2}\)|\([ivx]{1,5}\))*|change\.[a-z0-9-]+)$/,
    'an item id is iso.<clause>, qmsr.<citation> or change.<id>',
  );

/** One checklist item's guidance, in our own words. */
export const itemDefSchema = z
  .object({
    /** The label shown to users: `ISO 13485:2016 7.3.7`, `21 CFR 820.35(a)`; for changes, what it is about. */
    requirement: z.string().min(5),
    /** Our own short title. */
    title: z.string().min(3),
    /** 2 to 4 sentences: what an auditor looks for, what evidence shows it, common gaps. */
    guidance: z.string().min(80).max(1200),
    /** The item's default priority; priorities.yaml rules may use it. */
    basePriority: priorityLevel,
    /** Words and headings an SOP that addresses the item would contain. */
    evidenceHints: z.array(z.string().min(2)).min(2),
    sources: sourceRefs,
    /** CP 7382.850 area, when the item's clauses or provisions fall in more than one. */
    inspectionArea: z.string().regex(/^area\.[a-z0-9-]+$/).optional(),
    /** FDA items: the ISO 13485 clauses the provision adds to or scopes. */
    isoClauses: z.array(isoClauseNumber).min(1).optional(),
    /** FDA items: the provision only says which devices an ISO clause applies to; it adds no content to it. */
    scopeOnly: z.boolean().optional(),
    /** Change items: whether the change concerns what FDA adds beyond ISO 13485. */
    fdaSpecific: z.boolean().optional(),
    /** ISO items: what ISO 13485 makes explicit that the old QSR did not (completes a sentence). */
    qsrGap: z.string().min(20).optional(),
  })
  .strict();
/** One item as written in items.yaml. */
export type ItemDefInput = z.infer<typeof itemDefSchema>;

/** `kb/checklist/items.yaml`. */
export const itemsFileSchema = z
  .object({
    /** The QMSR provision through which every ISO 13485 clause applies. */
    isoHook: citationString,
    /** Current FDA-specific provisions that are deliberately not checklist items, with the reason. */
    notItems: z.record(citationString, z.string().min(20)).default({}),
    items: z.record(itemId, itemDefSchema),
  })
  .strict();
/** items.yaml as parsed. */
export type ItemsFile = z.infer<typeof itemsFileSchema>;

const ruleId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a rule id is lower-case words joined by hyphens');

/** An exact item id, or a prefix ending in `*` (`iso.7.3.*`). */
const itemSelector = z.string().regex(/^[a-z0-9.()*-]+$/, 'an item id, or an id prefix ending in *');

/** Decides whether items apply; both outcomes carry a reason a person can read. */
export const gateRuleSchema = z
  .object({
    id: ruleId,
    kind: z.literal('gate'),
    items: z.array(itemSelector).min(1),
    appliesWhen: conditionSchema,
    /** Said when the items apply; omit for rules that only ever narrow the scope. */
    applies: z.string().min(20).optional(),
    /** Said when they do not: the justification for the exclusion. */
    notApplicable: z.string().min(20),
    sources: sourceRefs,
  })
  .strict();

/** Adds a note to items' reasons when its condition holds; never changes applicability. */
export const noteRuleSchema = z
  .object({
    id: ruleId,
    kind: z.literal('note'),
    items: z.array(itemSelector).min(1),
    when: conditionSchema,
    note: z.string().min(20),
    sources: sourceRefs,
  })
  .strict();

/** `kb/checklist/applicability.yaml`. */
export const applicabilityFileSchema = z
  .object({
    /** The reason given when no gate rule covers an applicable item, by item kind. */
    defaults: z.object({ iso: z.string().min(20), fda: z.string().min(20), change: z.string().min(20) }).strict(),
    rules: z.array(z.discriminatedUnion('kind', [gateRuleSchema, noteRuleSchema])).min(1),
  })
  .strict();
/** applicability.yaml as parsed. */
export type ApplicabilityFile = z.infer<typeof applicabilityFileSchema>;
/** A gate rule as parsed. */
export type GateRule = z.infer<typeof gateRuleSchema>;
/** A note rule as parsed. */
export type NoteRule = z.infer<typeof noteRuleSchema>;

/** First matching rule wins. `priority: base` takes the item's basePriority. */
export const priorityRuleSchema = z
  .object({
    id: ruleId,
    /** Omitted only on the last rule, which catches everything left. */
    when: conditionSchema.optional(),
    priority: z.union([priorityLevel, z.literal('base')]),
    /** May name item or profile fields in braces, e.g. {item.fdaTouchedBy}. */
    reason: z.string().min(20),
  })
  .strict();
/** A priority rule as parsed. */
export type PriorityRule = z.infer<typeof priorityRuleSchema>;

/** `kb/checklist/priorities.yaml`. */
export const prioritiesFileSchema = z.object({ rules: z.array(priorityRuleSchema).min(1) }).strict();
/** priorities.yaml as parsed. */
export type PrioritiesFile = z.infer<typeof prioritiesFileSchema>;
