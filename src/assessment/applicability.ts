/**
 * Decides which checklist items apply to an organisation, from the rules in
 * kb/checklist/applicability.yaml. An item applies when every gate rule that
 * covers it lets it through; otherwise it is kept, marked not applicable, with
 * the rule's justification. Every reason ends with the profile facts that
 * decided it, so an investigator can follow the decision.
 */
import type { ChecklistData } from './checklist-data.js';
import { describeFacts, evaluate, type Evaluation, type Facts, sentenceWithFacts } from './conditions.js';
import { assumedFields, factsOf, profileFieldSpecs } from './facts.js';
import type { Profile } from './profile.js';

/** Whether one item applies, and why. */
export interface ApplicabilityDecision {
  applicable: boolean;
  reason: string;
  /** Ids of the rules that decided it (gates that excluded it, or that admitted it with a stated reason) and notes added. */
  rules: string[];
}

/** Decide applicability for every item in `data`, keyed by item id. */
export function decideApplicability(data: ChecklistData, profile: Profile): Map<string, ApplicabilityDecision> {
  const facts: Facts = factsOf(profile);
  const assumed = assumedFields(profile);
  const withFacts = (text: string, outcome: Evaluation): string => sentenceWithFacts(text, describeFacts(outcome.deciding, profileFieldSpecs, assumed));
  const outcomes = new Map(data.rules.map((r) => [r.id, evaluate(r.kind === 'gate' ? r.appliesWhen : r.when, facts)]));
  const decisions = new Map<string, ApplicabilityDecision>();
  for (const item of data.items) {
    const covering = data.rules.filter((r) => r.itemIds.includes(item.id));
    const gates = covering.flatMap((r) => (r.kind === 'gate' ? [r] : []));
    const excluded = gates.filter((g) => !outcomes.get(g.id)!.value);
    const notes = covering.flatMap((r) => (r.kind === 'note' && outcomes.get(r.id)!.value ? [r] : []));
    const noteText = notes.map((n) => `Note: ${withFacts(n.note, outcomes.get(n.id)!)}`);
    if (excluded.length > 0) {
      decisions.set(item.id, {
        applicable: false,
        reason: [...excluded.map((g) => withFacts(g.notApplicable, outcomes.get(g.id)!)), ...noteText].join(' '),
        rules: [...excluded.map((g) => g.id), ...notes.map((n) => n.id)],
      });
      continue;
    }
    const stated = gates.filter((g) => g.applies !== undefined);
    const because = stated.length ? stated.map((g) => withFacts(g.applies!, outcomes.get(g.id)!)) : [data.defaults[item.kind]];
    decisions.set(item.id, {
      applicable: true,
      reason: [...because, ...noteText].join(' '),
      rules: [...stated.map((g) => g.id), ...notes.map((n) => n.id)],
    });
  }
  return decisions;
}
