/**
 * The fields checklist rules may test: the profile's fields and the facts
 * about an item that priority rules use. Shared by the data loader (to check
 * rules) and by the engines (to evaluate them).
 */
import type { FieldSpec } from './conditions.js';
import { PROFILE_FIELDS, type Profile, type ProfileField } from './profile.js';

/** `profile.<key>` for every rule-testable profile field. */
export const profileFieldSpecs: ReadonlyMap<string, FieldSpec> = new Map(
  (Object.entries(PROFILE_FIELDS) as [ProfileField, FieldSpec][]).map(([k, v]) => [`profile.${k}`, v]),
);

/** iso: an ISO 13485 clause; fda: an FDA-specific QMSR provision; change: a QSR-to-QMSR change. */
export type ItemKind = 'iso' | 'fda' | 'change';

/** Facts about one item that priority rules may test. */
export interface ItemFacts {
  id: string;
  kind: ItemKind;
  applicable: boolean;
  fdaSpecific: boolean;
  /** ISO items: an applicable FDA provision adds requirements to the clause. */
  fdaTouched: boolean;
  /** The FDA provisions that do so, as requirement labels. */
  fdaTouchedBy: string[];
  /** ISO items: items.yaml records what ISO makes explicit that the QSR did not. */
  hasQsrGap: boolean;
  qsrGap: string;
  /** Old QSR provisions the item replaces (the crosswalk read backwards). */
  replaces: string[];
  /** The old sections among them, e.g. 820.198 for 820.198(e). */
  replacedSections: string[];
  /** At least one old provision maps to the item as equivalent, partial or moved (not only "no equivalent"). */
  hasQsrCounterpart: boolean;
  basePriority: 'high' | 'medium' | 'low';
}

/** `item.<key>` for every item fact that priority rules may test. */
export const itemFieldSpecs: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['item.id', { kind: 'string', label: 'item' }],
  ['item.kind', { kind: 'enum', label: 'item kind', values: ['iso', 'fda', 'change'] }],
  ['item.applicable', { kind: 'boolean', label: 'applicable' }],
  ['item.fdaSpecific', { kind: 'boolean', label: 'FDA-specific' }],
  ['item.fdaTouched', { kind: 'boolean', label: 'FDA adds to the clause' }],
  ['item.fdaTouchedBy', { kind: 'list', label: 'FDA provisions that add to the clause' }],
  ['item.hasQsrGap', { kind: 'boolean', label: 'ISO makes explicit what the QSR did not' }],
  ['item.qsrGap', { kind: 'string', label: 'what ISO makes explicit' }],
  ['item.replaces', { kind: 'list', label: 'old QSR provisions replaced' }],
  ['item.replacedSections', { kind: 'list', label: 'old QSR sections replaced' }],
  ['item.hasQsrCounterpart', { kind: 'boolean', label: 'has a counterpart in the old QSR' }],
  ['item.basePriority', { kind: 'enum', label: 'default priority', values: ['high', 'medium', 'low'] }],
]);

/** Profile and item fields together, for priority rules. */
export const allFieldSpecs: ReadonlyMap<string, FieldSpec> = new Map([...profileFieldSpecs, ...itemFieldSpecs]);

/** Full field names (`profile.sterile`) of the profile fields the user did not give. */
export function assumedFields(profile: Profile): Set<string> {
  return new Set(profile.assumed.map((k) => `profile.${k}`));
}

/** The fact map a condition is evaluated against. */
export function factsOf(profile: Profile, item?: ItemFacts): Map<string, unknown> {
  const facts = new Map<string, unknown>();
  for (const key of Object.keys(PROFILE_FIELDS) as ProfileField[]) facts.set(`profile.${key}`, profile[key]);
  if (item) for (const [k, v] of Object.entries(item)) facts.set(`item.${k}`, v);
  return facts;
}
