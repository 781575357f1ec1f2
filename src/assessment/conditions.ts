/**
 * The small condition language of the checklist rules (kb/checklist/*.yaml):
 * `all`, `any`, `not`, and leaves that test one field with `equals`, `contains`
 * (a list holds a value) or `in` (a value is one of a list). Fields are named
 * `profile.<key>` or `item.<key>`.
 *
 * Evaluation returns the leaves that decided the result, so that every reason
 * can name the profile facts behind it.
 */
import { z } from 'zod';

/** A condition as written in the data files. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { field: string; equals: string | boolean }
  | { field: string; contains: string }
  | { field: string; in: string[] };

type Leaf = Extract<Condition, { field: string }>;

const fieldName = z.string().regex(/^(profile|item)\.[A-Za-z][A-Za-z0-9]*$/, 'a field is written profile.<key> or item.<key>');

/** Validates a condition's shape; checkCondition then checks its fields against the known ones. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
    z.object({ field: fieldName, equals: z.union([z.string(), z.boolean()]) }).strict(),
    z.object({ field: fieldName, contains: z.string() }).strict(),
    z.object({ field: fieldName, in: z.array(z.string()).min(1) }).strict(),
  ]),
);

/** What a field holds, for checking conditions against it and for showing it in reasons. */
export interface FieldSpec {
  kind: 'boolean' | 'list' | 'enum' | 'string';
  label: string;
  values?: readonly string[];
}

/** Fact values a condition is evaluated against, keyed by full field name (`profile.sterile`). */
export type Facts = ReadonlyMap<string, unknown>;

/** A leaf that decided a result, with the value it saw. */
export interface DecidingFact {
  field: string;
  value: unknown;
}

/** The result of evaluating a condition, with the facts that decided it. */
export interface Evaluation {
  value: boolean;
  /** The leaves that decided the value, in the order written. */
  deciding: DecidingFact[];
}

/** Check that every field exists in `fields` and that each test suits the field's kind; returns problems. */
export function checkCondition(cond: Condition, fields: ReadonlyMap<string, FieldSpec>, where = ''): string[] {
  if ('all' in cond) return cond.all.flatMap((c, i) => checkCondition(c, fields, `${where}all[${i}].`));
  if ('any' in cond) return cond.any.flatMap((c, i) => checkCondition(c, fields, `${where}any[${i}].`));
  if ('not' in cond) return checkCondition(cond.not, fields, `${where}not.`);
  const spec = fields.get(cond.field);
  const at = `${where}${cond.field}`;
  if (!spec) return [`${at}: unknown field "${cond.field}" (known: ${[...fields.keys()].join(', ')})`];
  const badValue = (v: string): string[] => (spec.values && !spec.values.includes(v) ? [`${at}: "${v}" is not one of ${spec.values.join(', ')}`] : []);
  if ('contains' in cond) return spec.kind === 'list' ? badValue(cond.contains) : [`${at}: "contains" needs a list field; ${cond.field} is a ${spec.kind}`];
  if ('in' in cond) return spec.kind === 'enum' || spec.kind === 'string' ? cond.in.flatMap(badValue) : [`${at}: "in" needs a text field; ${cond.field} is a ${spec.kind}`];
  if (spec.kind === 'boolean') return typeof cond.equals === 'boolean' ? [] : [`${at}: ${cond.field} is true or false, not "${String(cond.equals)}"`];
  if (spec.kind === 'list') return [`${at}: use "contains" with the list field ${cond.field}`];
  return typeof cond.equals === 'string' ? badValue(cond.equals) : [`${at}: ${cond.field} holds text, not ${String(cond.equals)}`];
}

/** Every leaf of a condition, for cross-checks such as "every item.id named exists". */
export function leaves(cond: Condition): Leaf[] {
  if ('all' in cond) return cond.all.flatMap(leaves);
  if ('any' in cond) return cond.any.flatMap(leaves);
  if ('not' in cond) return leaves(cond.not);
  return [cond];
}

/**
 * Evaluate a condition. The deciding facts are minimal in the usual sense:
 * a true `any` is explained by its first true branch, a false `all` by its
 * first false branch; otherwise every branch counts.
 */
export function evaluate(cond: Condition, facts: Facts): Evaluation {
  if ('all' in cond) {
    const results = cond.all.map((c) => evaluate(c, facts));
    const firstFalse = results.find((r) => !r.value);
    return firstFalse ? { value: false, deciding: firstFalse.deciding } : { value: true, deciding: results.flatMap((r) => r.deciding) };
  }
  if ('any' in cond) {
    const results = cond.any.map((c) => evaluate(c, facts));
    const firstTrue = results.find((r) => r.value);
    return firstTrue ? { value: true, deciding: firstTrue.deciding } : { value: false, deciding: results.flatMap((r) => r.deciding) };
  }
  if ('not' in cond) {
    const inner = evaluate(cond.not, facts);
    return { value: !inner.value, deciding: inner.deciding };
  }
  const actual = facts.get(cond.field);
  let value: boolean;
  if ('contains' in cond) value = Array.isArray(actual) && actual.includes(cond.contains);
  else if ('in' in cond) value = typeof actual === 'string' && cond.in.includes(actual);
  else value = actual === cond.equals;
  return { value, deciding: [{ field: cond.field, value: actual }] };
}

/**
 * The deciding facts as a person reads them, e.g. `device classes = I, II; devices supplied sterile = no (default)`.
 * Only fields whose name starts with `prefix` are shown (profile facts, not item bookkeeping), each once;
 * fields in `assumed` were not given by the user and are marked as defaults.
 */
export function describeFacts(
  deciding: readonly DecidingFact[],
  fields: ReadonlyMap<string, FieldSpec>,
  assumed: ReadonlySet<string> = new Set(),
  prefix = 'profile.',
): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const f of deciding) {
    if (!f.field.startsWith(prefix) || seen.has(f.field)) continue;
    seen.add(f.field);
    parts.push(`${fields.get(f.field)?.label ?? f.field} = ${showValue(f.value)}${assumed.has(f.field) ? ' (default)' : ''}`);
  }
  return parts.join('; ');
}

/** A fact value in words: yes/no for booleans, comma-separated lists, "none" for an empty list. */
export function showValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : 'none';
  if (value === undefined || value === null || value === '') return 'none';
  return String(value);
}

/** A rule's sentence followed by the profile facts that decided it: `Text. Profile: sterile = no.` */
export function sentenceWithFacts(text: string, facts: string): string {
  const sentence = /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
  return facts ? `${sentence} Profile: ${facts}.` : sentence;
}
