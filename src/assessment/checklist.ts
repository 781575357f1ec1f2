/**
 * Builds the gap-assessment checklist for one organisation: every item from
 * kb/checklist, each marked applicable or not with a reason, prioritised with
 * a reason, and tied to the old QSR provisions it replaces and to its
 * CP 7382.850 inspection area. The shape is the `qmsr checklist` JSON contract.
 */
import { isoClauseCovers } from '../kb/clauses.js';
import type { KnowledgeBase } from '../kb/model.js';
import { toolVersion } from '../util/version.js';
import { decideApplicability } from './applicability.js';
import type { ChecklistData } from './checklist-data.js';
import type { PriorityLevel } from './checklist-schema.js';
import type { ItemFacts, ItemKind } from './facts.js';
import { decidePriority } from './priority.js';
import type { Profile } from './profile.js';

/** One row of the checklist. */
export interface ChecklistItem {
  id: string;
  /** `ISO 13485:2016 8.2.2`, `21 CFR 820.35(a)`, or what a change item is about. */
  requirement: string;
  title: string;
  /** iso: an ISO 13485 clause; fda: an FDA-specific QMSR provision; change: a QSR-to-QMSR change with practical weight. */
  kind: ItemKind;
  fdaSpecific: boolean;
  applicable: boolean;
  reason: string;
  priority: PriorityLevel;
  priorityReason: string;
  /** Old QSR sections and paragraphs whose content the item now carries (the crosswalk read backwards). */
  replaces: string[];
  guidance: string;
  inspectionArea: { id: string; name: string };
  isoClauses: string[];
  qmsrProvisions: string[];
  evidenceHints: string[];
  sources: string[];
}

/** The `qmsr checklist` JSON: the profile, what the checklist rests on, a summary and every item. */
export interface Checklist {
  schemaVersion: 1;
  tool: { name: 'qmsr'; version: string };
  kb: { version: string; hash: string; checklist: { hash: string } };
  generatedAt: string;
  profile: Profile;
  summary: {
    items: number;
    applicable: number;
    notApplicable: number;
    /** Applicable items by priority. */
    priority: Record<PriorityLevel, number>;
  };
  /** CP 7382.850 areas in the program's order, for grouping. */
  inspectionAreas: { id: string; name: string; kind: 'qms-area' | 'oafr' }[];
  items: ChecklistItem[];
}

/** Options for buildChecklist. */
export interface BuildOptions {
  /** Time stamp for generatedAt; default now. */
  now?: Date;
}

/** Build the checklist for `profile` from the knowledge base and the checklist data. */
export function buildChecklist(kb: KnowledgeBase, data: ChecklistData, profile: Profile, options: BuildOptions = {}): Checklist {
  const applicability = decideApplicability(data, profile);
  const decided = (id: string) => applicability.get(id)!;

  const items = data.items.map((def): ChecklistItem => {
    const a = decided(def.id);
    const touchedBy =
      def.kind === 'iso'
        ? data.items.filter((f) => f.kind === 'fda' && !f.scopeOnly && f.isoClauses.some((c) => isoClauseCovers(c, def.isoClauses[0]!)) && decided(f.id).applicable)
        : [];
    const facts: ItemFacts = {
      id: def.id,
      kind: def.kind,
      applicable: a.applicable,
      fdaSpecific: def.fdaSpecific,
      fdaTouched: touchedBy.length > 0,
      fdaTouchedBy: touchedBy.map((f) => f.requirement),
      hasQsrGap: def.qsrGap !== undefined,
      qsrGap: def.qsrGap ?? '',
      replaces: def.replaces,
      replacedSections: [...new Set(def.replaces.map((c) => c.replace(/\(.*$/, '')))],
      hasQsrCounterpart: def.hasQsrCounterpart,
      basePriority: def.basePriority,
    };
    const p = decidePriority(data.priorities, profile, facts);
    return {
      id: def.id,
      requirement: def.requirement,
      title: def.title,
      kind: def.kind,
      fdaSpecific: def.fdaSpecific,
      applicable: a.applicable,
      reason: a.reason,
      priority: p.priority,
      priorityReason: p.reason,
      replaces: def.replaces,
      guidance: def.guidance,
      inspectionArea: def.inspectionArea,
      isoClauses: def.isoClauses,
      qmsrProvisions: def.qmsrProvisions,
      evidenceHints: def.evidenceHints,
      sources: def.sources,
    };
  });

  const applicable = items.filter((i) => i.applicable);
  const count = (level: PriorityLevel): number => applicable.filter((i) => i.priority === level).length;
  return {
    schemaVersion: 1,
    tool: { name: 'qmsr', version: toolVersion() },
    kb: { version: kb.version, hash: kb.hash, checklist: { hash: data.hash } },
    generatedAt: (options.now ?? new Date()).toISOString(),
    profile,
    summary: {
      items: items.length,
      applicable: applicable.length,
      notApplicable: items.length - applicable.length,
      priority: { high: count('high'), medium: count('medium'), low: count('low') },
    },
    inspectionAreas: kb.inspection.areas.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
    items,
  };
}
