/**
 * The numbers of an assessment, computed from its rows: counts by status,
 * priority, ISO clause group and CP 7382.850 inspection area, two heat maps
 * (area × status, and area × priority of open items), evidence coverage,
 * documents needing revision and actions. Pure.
 */
import type { ActionStatus, ItemStatus, Priority } from '../store/index.js';
import { ACTION_STATUSES, ITEM_STATUSES, PRIORITIES } from '../store/index.js';
import { emptyStatusCounts } from './rows.js';
import type { ActionInfo, AssessmentSummaryData, DocumentInfo, GroupCounts, HeatMap, ItemRow } from './types.js';

/** Statuses that still need work. */
export const OPEN_STATUSES: readonly ItemStatus[] = ['gap', 'partial', 'not-assessed'];

/** What {@link computeSummary} needs. */
export interface SummaryInput {
  items: readonly ItemRow[];
  /** CP 7382.850 areas in the program's order (areas no item uses are left out of the maps). */
  areas: readonly { id: string; name: string }[];
  documents: readonly DocumentInfo[];
  actions: readonly ActionInfo[];
  /** Title of a top-level ISO 13485 clause ("4" → "Quality management system"). */
  clauseTitle: (clause: string) => string | undefined;
  /** Today as YYYY-MM-DD, for overdue actions. */
  today: string;
}

/** Compute the summary. Status and priority counts cover applicable items only. */
export function computeSummary(input: SummaryInput): AssessmentSummaryData {
  const applicable = input.items.filter((i) => i.applicable);
  const byStatus = emptyStatusCounts();
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  for (const i of applicable) {
    byStatus[i.status] += 1;
    byPriority[i.priority] += 1;
  }

  const used = new Set(applicable.map((i) => i.area.id));
  const areas = [
    ...input.areas.filter((a) => used.has(a.id)),
    ...[...new Map(applicable.filter((i) => !input.areas.some((a) => a.id === i.area.id)).map((i) => [i.area.id, i.area])).values()],
  ].map((a) => ({ id: a.id, name: a.name }));

  const byArea = groups(applicable, (i) => i.area.id, (id) => areas.find((a) => a.id === id)?.name ?? id, areas.map((a) => a.id));
  const clauseOf = (i: ItemRow): string => i.isoClauses[0]?.split('.')[0] ?? '-';
  const clauseIds = [...new Set(applicable.map(clauseOf))].sort((a, b) => (a === '-' ? 1 : b === '-' ? -1 : Number(a) - Number(b)));
  const byClause = groups(applicable, clauseOf, (id) => (id === '-' ? 'Other' : `${id} ${input.clauseTitle(id) ?? ''}`.trim()), clauseIds);

  const heatMap = heat(areas, [...ITEM_STATUSES], applicable, (i) => i.status);
  const open = applicable.filter((i) => OPEN_STATUSES.includes(i.status));
  const priorityHeatMap = heat(areas, [...PRIORITIES].reverse(), open, (i) => i.priority);

  const uncovered: string[] = [];
  const proposedOnly: string[] = [];
  const accepted: string[] = [];
  const evidence = { proposed: 0, accepted: 0, rejected: 0 };
  for (const i of input.items) {
    evidence.proposed += i.evidenceCounts.proposed;
    evidence.accepted += i.evidenceCounts.accepted;
    evidence.rejected += i.evidenceCounts.rejected;
  }
  for (const i of applicable) {
    if (i.evidenceCounts.accepted > 0) accepted.push(i.itemId);
    else if (i.evidenceCounts.proposed > 0) proposedOnly.push(i.itemId);
    else uncovered.push(i.itemId);
  }

  const actions = { ...(Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as Record<ActionStatus, number>), overdue: 0 };
  for (const a of input.actions) {
    actions[a.status] += 1;
    if ((a.status === 'open' || a.status === 'in-progress') && a.dueDate !== null && a.dueDate < input.today) actions.overdue += 1;
  }

  return {
    items: input.items.length,
    applicable: applicable.length,
    excluded: input.items.length - applicable.length,
    byStatus,
    byPriority,
    byClause,
    byArea,
    heatMap,
    priorityHeatMap,
    coverage: { uncovered, proposedOnly, accepted },
    evidence,
    documents: input.documents.length,
    findings: input.documents.reduce((n, d) => n + d.findingsCount, 0),
    needsRevision: input.documents.filter((d) => d.needsRevision).map((d) => ({ path: d.path, sha256: d.sha256, findingsCount: d.findingsCount })),
    actions,
    openActions: actions.open + actions['in-progress'],
  };
}

function groups(items: readonly ItemRow[], key: (i: ItemRow) => string, name: (id: string) => string, order: readonly string[]): GroupCounts[] {
  return order.map((id) => {
    const byStatus = emptyStatusCounts();
    const members = items.filter((i) => key(i) === id);
    for (const i of members) byStatus[i.status] += 1;
    return { id, name: name(id), total: members.length, byStatus };
  });
}

function heat(areas: HeatMap['areas'], columns: string[], items: readonly ItemRow[], column: (i: ItemRow) => string): HeatMap {
  const cells = areas.flatMap((a) =>
    columns.map((c) => ({ area: a.id, areaName: a.name, column: c, count: items.filter((i) => i.area.id === a.id && column(i) === c).length })),
  );
  return { areas, columns, cells };
}
