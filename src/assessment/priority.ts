/**
 * Sets each item's priority from the rules in kb/checklist/priorities.yaml:
 * the first rule whose condition holds for the profile and the item decides,
 * and its reason (with {item.x} / {profile.x} filled in and the deciding
 * profile facts appended) is the priority reason.
 */
import type { PriorityLevel, PriorityRule } from './checklist-schema.js';
import { describeFacts, evaluate, sentenceWithFacts, showValue } from './conditions.js';
import { allFieldSpecs, assumedFields, factsOf, type ItemFacts } from './facts.js';
import type { Profile } from './profile.js';

/** An item's priority, the reason, and the rule that set it. */
export interface PriorityDecision {
  priority: PriorityLevel;
  reason: string;
  rule: string;
}

/** The priority of one item. The data guarantees a last rule without a condition, so one always matches. */
export function decidePriority(rules: readonly PriorityRule[], profile: Profile, item: ItemFacts): PriorityDecision {
  const facts = factsOf(profile, item);
  for (const rule of rules) {
    const outcome = rule.when ? evaluate(rule.when, facts) : { value: true, deciding: [] };
    if (!outcome.value) continue;
    const text = rule.reason.replace(/\{([^}]*)\}/g, (_, field: string) => showValue(facts.get(field)));
    return {
      priority: rule.priority === 'base' ? item.basePriority : rule.priority,
      reason: sentenceWithFacts(text, describeFacts(outcome.deciding, allFieldSpecs, assumedFields(profile))),
      rule: rule.id,
    };
  }
  throw new Error(`no priority rule matched ${item.id}; the last rule in priorities.yaml must have no condition`);
}
