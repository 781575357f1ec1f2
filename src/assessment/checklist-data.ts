/**
 * Loads the checklist data from `kb/checklist/` and ties it to the knowledge
 * base: every item must name a real ISO 13485 clause, current FDA-specific QMSR
 * provision or change; every rule must name real items and profile fields.
 * Returns every problem at once, as `file:line: message`.
 *
 * Per item it also works out what does not depend on the profile: the old QSR
 * provisions it replaces (the crosswalk read backwards), the linked clauses and
 * provisions, and its CP 7382.850 inspection area.
 */
import { isoClauseCovers } from '../kb/clauses.js';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { z } from 'zod';
import { type KbProblem, readText } from '../kb/files.js';
import { formatProblem } from '../kb/problems.js';
import { parseYaml } from '../kb/yaml.js';
import type { KnowledgeBase } from '../kb/model.js';
import {
  type ApplicabilityFile,
  applicabilityFileSchema,
  type ItemDefInput,
  itemsFileSchema,
  type PriorityLevel,
  type PrioritiesFile,
  prioritiesFileSchema,
} from './checklist-schema.js';
import { checkCondition, leaves } from './conditions.js';
import { chooseArea, definitionOrScope, mostSpecific, reverseCrosswalk } from './checklist-links.js';
import { allFieldSpecs, type ItemKind, profileFieldSpecs } from './facts.js';

/** The data files under kb/checklist/. */
export const CHECKLIST_FILES = {
  items: 'items.yaml',
  applicability: 'applicability.yaml',
  priorities: 'priorities.yaml',
} as const;

/** A checklist item with everything that does not depend on the profile. */
export interface ChecklistItemDef {
  id: string;
  kind: ItemKind;
  requirement: string;
  title: string;
  guidance: string;
  basePriority: PriorityLevel;
  evidenceHints: string[];
  sources: string[];
  fdaSpecific: boolean;
  /** Old QSR sections and paragraphs whose content this item now carries, in CFR order. */
  replaces: string[];
  /** At least one of them maps as equivalent, partial or moved, not only as "no equivalent". */
  hasQsrCounterpart: boolean;
  isoClauses: string[];
  qmsrProvisions: string[];
  inspectionArea: { id: string; name: string };
  /** FDA items only: the provision scopes ISO clauses without adding content. */
  scopeOnly: boolean;
  qsrGap?: string;
}

/** A gate or note rule with its item selectors resolved to ids. */
export type ResolvedRule = ApplicabilityFile['rules'][number] & { itemIds: string[] };

/** The checklist data, checked against the knowledge base and ready to evaluate for a profile. */
export interface ChecklistData {
  dir: string;
  /** SHA-256 over the three files, so that two checklists can be shown to rest on the same data. */
  hash: string;
  /** Items in checklist order: ISO clauses by number, then FDA provisions in CFR order, then changes. */
  items: ChecklistItemDef[];
  defaults: ApplicabilityFile['defaults'];
  rules: ResolvedRule[];
  priorities: PrioritiesFile['rules'];
}

/** The data, or every problem found while loading it. */
export type ChecklistDataResult = { ok: true; data: ChecklistData } | { ok: false; problems: KbProblem[] };

/** Load and check the checklist data in `dir` (default: `kb/checklist` of the knowledge base). */
export function loadChecklistData(kb: KnowledgeBase, dir: string = join(kb.dir, 'checklist')): ChecklistDataResult {
  const problems: KbProblem[] = [];
  const hash = createHash('sha256');
  const texts = new Map<string, string>();
  const read = <T>(file: string, schema: z.ZodType<T>): T | undefined => {
    let text: string;
    try {
      text = readText(join(dir, file));
    } catch (err) {
      problems.push({ file: `checklist/${file}`, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      return undefined;
    }
    texts.set(file, text);
    hash.update(file).update('\0').update(text).update('\0');
    const parsed = parseYaml(text, `checklist/${file}`, schema);
    if (parsed.ok) return parsed.value;
    problems.push(...parsed.problems);
    return undefined;
  };
  const itemsFile = read(CHECKLIST_FILES.items, itemsFileSchema);
  const applicability = read(CHECKLIST_FILES.applicability, applicabilityFileSchema);
  const priorities = read(CHECKLIST_FILES.priorities, prioritiesFileSchema);
  if (!itemsFile || !applicability || !priorities) return { ok: false, problems };

  const report = (file: keyof typeof CHECKLIST_FILES, anchor: string | undefined, message: string): void => {
    const line = anchor ? lineOf(texts.get(CHECKLIST_FILES[file]) ?? '', anchor) : undefined;
    problems.push({ file: `checklist/${CHECKLIST_FILES[file]}`, ...(line ? { line } : {}), message });
  };

  const items = resolveItems(kb, itemsFile.items, itemsFile.isoHook, (anchor, message) => report('items', anchor, message));
  checkCoverage(kb, itemsFile, (anchor, message) => report('items', anchor, message));
  const ids = new Set(items.map((i) => i.id));
  const rules = resolveRules(applicability, ids, (anchor, message) => report('applicability', anchor, message));
  checkPriorities(priorities, ids, (anchor, message) => report('priorities', anchor, message));
  for (const rule of applicability.rules) {
    for (const s of rule.sources) if (!kb.sources.has(s)) report('applicability', `id: ${rule.id}`, `rule ${rule.id} names unknown source "${s}"`);
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    data: { dir, hash: hash.digest('hex'), items, defaults: applicability.defaults, rules, priorities: priorities.rules },
  };
}

type Report = (anchor: string | undefined, message: string) => void;

function resolveItems(kb: KnowledgeBase, defs: Record<string, ItemDefInput>, isoHook: string, report: Report): ChecklistItemDef[] {
  if (kb.qmsr.provisions.get(isoHook)?.status !== 'current') report('isoHook', `isoHook ${isoHook} is not a current QMSR provision`);
  const qsrOrder = new Map([...kb.qsr.provisions.keys()].map((c, i) => [c, i]));
  const qmsrOrder = new Map([...kb.qmsr.provisions.keys()].map((c, i) => [c, i]));
  const changeOrder = new Map(kb.changes.map((c, i) => [c.id, i]));
  const isoParents = new Set([...kb.iso.values()].flatMap((c) => (c.parent ? [c.parent] : [])));
  const fdaKeys = Object.keys(defs).filter((k) => k.startsWith('qmsr.')).map((k) => k.slice(5));

  const out: (ChecklistItemDef & { sortKey: string })[] = [];
  for (const [id, def] of Object.entries(defs)) {
    const anchor = `${id}:`;
    const at = (message: string): void => report(anchor, `${id}: ${message}`);
    const kind: ItemKind = id.startsWith('iso.') ? 'iso' : id.startsWith('qmsr.') ? 'fda' : 'change';
    const key = id.slice(id.indexOf('.') + 1);
    for (const s of def.sources) if (!kb.sources.has(s)) at(`unknown source "${s}" (see kb/sources.yaml)`);
    for (const c of def.isoClauses ?? []) if (!kb.iso.has(c)) at(`ISO clause ${c} is not in iso13485.yaml`);
    if (kind !== 'fda' && (def.isoClauses || def.scopeOnly !== undefined)) at('isoClauses and scopeOnly are for FDA (qmsr.) items only');
    if (kind !== 'iso' && def.qsrGap) at('qsrGap is for ISO items only');
    if (kind !== 'change' && def.fdaSpecific !== undefined) at('fdaSpecific is set from the knowledge base for ISO and FDA items; remove it');

    let fdaSpecific = false;
    let sortKey = '';
    let replaces: string[] = [];
    let isoClauses: string[] = [];
    let qmsrProvisions: string[] = [];
    if (kind === 'iso') {
      const clause = kb.iso.get(key);
      if (!clause) at(`ISO 13485 clause ${key} is not in iso13485.yaml`);
      else if (isoParents.has(key) || !/^[4-8]\./.test(key)) at(`items are the auditable ISO clauses of 4 to 8 without subclauses; ${key} is not one`);
      expectLabel(def, `ISO 13485:2016 ${key}`, at);
      sortKey = `1:${key.split('.').map((n) => n.padStart(3, '0')).join('.')}`;
      isoClauses = [key];
      replaces = reverseCrosswalk(kb, (e) => e.isoClauses.includes(key) && !definitionOrScope(e.qsr));
    } else if (kind === 'fda') {
      const p = kb.qmsr.provisions.get(key);
      if (!p) at(`${key} is not a provision in regulations/qmsr.yaml`);
      else if (p.status !== 'current' || !p.fdaSpecific) at(`${key} is not a current FDA-specific QMSR provision`);
      if (!def.isoClauses) at('an FDA item lists the ISO clauses it adds to (isoClauses)');
      expectLabel(def, `21 CFR ${key}`, at);
      fdaSpecific = p?.fdaSpecific ?? false;
      sortKey = `2:${String(qmsrOrder.get(key) ?? 0).padStart(5, '0')}`;
      isoClauses = def.isoClauses ?? [];
      qmsrProvisions = [key];
      const own = definitionOrScope(key);
      replaces = reverseCrosswalk(kb, (e) => e.qmsrProvisions.some((q) => mostSpecific(q, fdaKeys) === key) && (own || !definitionOrScope(e.qsr)));
    } else {
      const change = kb.changes.find((c) => c.id === id);
      if (!change) at(`${id} is not in changes.yaml`);
      if (def.fdaSpecific === undefined) at('a change item says whether it is FDA-specific (fdaSpecific)');
      fdaSpecific = def.fdaSpecific ?? false;
      sortKey = `3:${String(changeOrder.get(id) ?? 0).padStart(5, '0')}`;
      isoClauses = change?.isoClauses ?? [];
      qmsrProvisions = change?.qmsrRefs ?? [];
      replaces = [...(change?.qsrRefs ?? [])].sort((a, b) => (qsrOrder.get(a) ?? 0) - (qsrOrder.get(b) ?? 0));
    }
    const counterpart = replaces.some((q) => ['equivalent', 'partial', 'moved'].includes(kb.crosswalk.get(q)?.relation ?? ''));
    out.push({
      id,
      kind,
      requirement: def.requirement,
      title: def.title,
      guidance: def.guidance,
      basePriority: def.basePriority,
      evidenceHints: def.evidenceHints,
      sources: def.sources,
      fdaSpecific,
      replaces,
      hasQsrCounterpart: counterpart,
      isoClauses,
      qmsrProvisions,
      inspectionArea: chooseArea(kb, id, kind, isoClauses, qmsrProvisions, def.inspectionArea, at),
      scopeOnly: def.scopeOnly ?? false,
      ...(def.qsrGap ? { qsrGap: def.qsrGap } : {}),
      sortKey,
    });
  }

  // ISO items also list the QMSR provisions that bring them in or add to them.
  for (const item of out) {
    if (item.kind !== 'iso') continue;
    const clause = item.isoClauses[0]!;
    const linked = out.filter((f) => f.kind === 'fda' && f.isoClauses.some((c) => isoClauseCovers(c, clause)));
    const scoping = linked.filter((f) => f.scopeOnly).map((f) => f.qmsrProvisions[0]!);
    item.qmsrProvisions = [...(scoping.length ? scoping : [isoHook]), ...linked.filter((f) => !f.scopeOnly).map((f) => f.qmsrProvisions[0]!)];
  }
  return out.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0)).map(({ sortKey: _sortKey, ...item }) => item);
}

function expectLabel(def: ItemDefInput, label: string, at: (m: string) => void): void {
  if (def.requirement !== label) at(`requirement should read "${label}", not "${def.requirement}"`);
}

/** Every auditable ISO clause and every current FDA-specific provision is an item, part of one, or listed in notItems. */
function checkCoverage(kb: KnowledgeBase, file: z.infer<typeof itemsFileSchema>, report: Report): void {
  const isoParents = new Set([...kb.iso.values()].flatMap((c) => (c.parent ? [c.parent] : [])));
  for (const c of kb.iso.values()) {
    if (/^[4-8]\./.test(c.number) && !isoParents.has(c.number) && !file.items[`iso.${c.number}`]) {
      report(undefined, `ISO 13485 clause ${c.number} has no checklist item (iso.${c.number})`);
    }
  }
  const fdaItems = Object.keys(file.items).filter((k) => k.startsWith('qmsr.')).map((k) => k.slice(5));
  const related = (a: string, b: string): boolean => a === b || a.startsWith(`${b}(`) || b.startsWith(`${a}(`);
  for (const p of kb.qmsr.provisions.values()) {
    if (p.status !== 'current' || !p.fdaSpecific) continue;
    if (fdaItems.some((i) => related(p.citation, i)) || file.notItems[p.citation]) continue;
    report(undefined, `FDA-specific provision ${p.citation} is neither a checklist item (qmsr.${p.citation}) nor listed in notItems with a reason`);
  }
  for (const c of Object.keys(file.notItems)) {
    if (!kb.qmsr.provisions.has(c)) report(`'${c}'`, `notItems names ${c}, which is not a QMSR provision`);
  }
}

function resolveRules(file: ApplicabilityFile, ids: ReadonlySet<string>, report: Report): ResolvedRule[] {
  const seen = new Set<string>();
  return file.rules.map((rule) => {
    const anchor = `id: ${rule.id}`;
    if (seen.has(rule.id)) report(anchor, `rule id ${rule.id} is used twice`);
    seen.add(rule.id);
    const itemIds: string[] = [];
    for (const sel of rule.items) {
      const matched = sel.endsWith('*') ? [...ids].filter((id) => id.startsWith(sel.slice(0, -1))) : ids.has(sel) ? [sel] : [];
      if (matched.length === 0) report(anchor, `rule ${rule.id}: "${sel}" matches no checklist item`);
      for (const m of matched) if (!itemIds.includes(m)) itemIds.push(m);
    }
    const cond = rule.kind === 'gate' ? rule.appliesWhen : rule.when;
    for (const p of checkCondition(cond, profileFieldSpecs)) report(anchor, `rule ${rule.id}: ${p}`);
    return { ...rule, itemIds };
  });
}

function checkPriorities(file: PrioritiesFile, ids: ReadonlySet<string>, report: Report): void {
  const seen = new Set<string>();
  file.rules.forEach((rule, i) => {
    const anchor = `id: ${rule.id}`;
    if (seen.has(rule.id)) report(anchor, `rule id ${rule.id} is used twice`);
    seen.add(rule.id);
    const last = i === file.rules.length - 1;
    if (!rule.when && !last) report(anchor, `rule ${rule.id} has no condition, so the rules after it can never apply; only the last rule may omit "when"`);
    if (rule.when && last) report(anchor, `the last rule (${rule.id}) must have no "when", so that every item gets a priority`);
    if (rule.when) {
      for (const p of checkCondition(rule.when, allFieldSpecs)) report(anchor, `rule ${rule.id}: ${p}`);
      for (const leaf of leaves(rule.when)) {
        if (leaf.field !== 'item.id') continue;
        const named = 'in' in leaf ? leaf.in : 'equals' in leaf ? [String(leaf.equals)] : [];
        for (const n of named) if (!ids.has(n)) report(anchor, `rule ${rule.id}: item ${n} is not in items.yaml`);
      }
    }
    for (const m of rule.reason.matchAll(/\{([^}]*)\}/g)) {
      if (!allFieldSpecs.has(m[1]!)) report(anchor, `rule ${rule.id}: the reason names {${m[1]}}, which is not a known field`);
    }
  });
}

/** 1-based line of the first line ending in `anchor` (an item key or a rule id), else containing it. */
function lineOf(text: string, anchor: string): number | undefined {
  const lines = text.split('\n');
  let i = lines.findIndex((l) => l.trimEnd().endsWith(anchor));
  if (i < 0) i = lines.findIndex((l) => l.includes(anchor));
  return i >= 0 ? i + 1 : undefined;
}

/** The checklist data failed to load; the message lists every problem as `file:line: message`. */
export class ChecklistDataError extends Error {
  constructor(readonly problems: KbProblem[]) {
    super(`The checklist data has ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ChecklistDataError';
  }
}

const cache = new WeakMap<KnowledgeBase, ChecklistData>();

/** The checklist data shipped with the knowledge base, loaded once per knowledge base. Throws ChecklistDataError. */
export function getChecklistData(kb: KnowledgeBase): ChecklistData {
  const hit = cache.get(kb);
  if (hit) return hit;
  const result = loadChecklistData(kb);
  if (!result.ok) throw new ChecklistDataError(result.problems);
  cache.set(kb, result.data);
  return result.data;
}
