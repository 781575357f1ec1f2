/**
 * The checklist as a Markdown document a QA manager can read, print or paste:
 * profile, summary, applicable items grouped by CP 7382.850 area (in clause
 * order within an area, each with its reasons and guidance), then the
 * exclusions with their justification.
 */
import type { Checklist, ChecklistItem } from './checklist.js';
import { showValue } from './conditions.js';
import { PROFILE_FIELDS, type ProfileField } from './profile.js';

/** Render a built checklist as Markdown. */
export function checklistMarkdown(c: Checklist): string {
  const out: string[] = [
    `# QMSR gap-assessment checklist: ${c.profile.organization}`,
    '',
    'Gap assessment against 21 CFR Part 820 (QMSR, effective 2 February 2026) and ISO 13485:2016, which it',
    'incorporates by reference. Every item says why it applies to this organisation or not, and why it has its',
    'priority. ISO 13485 requirements are described in our own words; read the standard for its text.',
    '',
    `Generated ${c.generatedAt} from knowledge base ${c.kb.version} (checklist data hash ${c.kb.checklist.hash.slice(0, 12)}).`,
    '',
    ...profileSection(c),
    ...summarySection(c),
    '## Checklist by CP 7382.850 inspection area',
    '',
    'Status for each item: ☐ compliant ☐ partial ☐ gap ☐ not assessed. Record evidence, owner and due date',
    'in the gap register (the xlsx output has columns for them).',
    '',
  ];
  for (const area of c.inspectionAreas) {
    const items = c.items.filter((i) => i.applicable && i.inspectionArea.id === area.id);
    if (items.length === 0) continue;
    out.push(`### ${area.name}${area.kind === 'oafr' ? ' (other applicable FDA requirement)' : ''}`, '');
    for (const item of items) out.push(...itemSection(item));
  }
  out.push(...exclusionSection(c));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function profileSection(c: Checklist): string[] {
  const assumed = new Set<string>(c.profile.assumed);
  const rows = (Object.keys(PROFILE_FIELDS) as ProfileField[]).map(
    (k) => `| ${PROFILE_FIELDS[k].label} | ${showValue(c.profile[k])}${assumed.has(k) ? ' (default: not given in the profile)' : ''} |`,
  );
  return [
    '## Organisation profile',
    '',
    ...(c.profile.notes ? [c.profile.notes, ''] : []),
    '| Fact | Value |',
    '|---|---|',
    ...rows,
    '',
  ];
}

function summarySection(c: Checklist): string[] {
  const s = c.summary;
  const lines = [
    '## Summary',
    '',
    `${s.items} items: ${s.applicable} apply (${s.priority.high} high, ${s.priority.medium} medium, ${s.priority.low} low priority) and ${s.notApplicable} do not apply.`,
    '',
    '| Inspection area | Applicable | High | Medium | Low |',
    '|---|---|---|---|---|',
  ];
  for (const area of c.inspectionAreas) {
    const items = c.items.filter((i) => i.applicable && i.inspectionArea.id === area.id);
    if (items.length === 0) continue;
    const n = (p: string): number => items.filter((i) => i.priority === p).length;
    lines.push(`| ${area.name} | ${items.length} | ${n('high')} | ${n('medium')} | ${n('low')} |`);
  }
  return [...lines, ''];
}

function itemSection(i: ChecklistItem): string[] {
  const tags = [i.fdaSpecific ? 'FDA-specific' : '', i.kind === 'change' ? 'QSR-to-QMSR change' : ''].filter(Boolean);
  return [
    `#### ${i.requirement}: ${i.title}${tags.length ? ` (${tags.join(', ')})` : ''}`,
    '',
    `- **Priority: ${i.priority}.** ${i.priorityReason}`,
    `- **Applies.** ${i.reason}`,
    `- **Replaces in the old QSR:** ${i.replaces.length ? i.replaces.join(', ') : 'nothing; no old QSR provision maps here'}`,
    `- **Linked:** ${linked(i)}`,
    `- **Item id:** \`${i.id}\``,
    '',
    i.guidance,
    '',
    `*Evidence to look for:* ${i.evidenceHints.join('; ')}.`,
    '',
  ];
}

function linked(i: ChecklistItem): string {
  const parts = [
    ...(i.isoClauses.length ? [`ISO 13485:2016 ${i.isoClauses.join(', ')}`] : []),
    ...(i.qmsrProvisions.length ? [`21 CFR ${i.qmsrProvisions.join(', ')}`] : []),
  ];
  return parts.join('; ') || 'none';
}

function exclusionSection(c: Checklist): string[] {
  const excluded = c.items.filter((i) => !i.applicable);
  if (excluded.length === 0) return ['## Not applicable', '', 'Every item applies to this organisation.', ''];
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    '## Not applicable: exclusions and their justification',
    '',
    'Keep these justifications in the quality manual (ISO 13485 clause 4.2.2) so that an investigator can follow',
    'each decision.',
    '',
    '| Item | Title | Justification |',
    '|---|---|---|',
    ...excluded.map((i) => `| ${cell(i.requirement)} | ${cell(i.title)} | ${cell(i.reason)} |`),
    '',
  ];
}
