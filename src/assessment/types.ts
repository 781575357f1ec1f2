/**
 * The shapes the assessment service returns. The CLI prints them, the web
 * server sends them as JSON and the reports are built from them, so field
 * names are part of the API: add fields, do not rename them.
 *
 * Times are ISO 8601 strings (UTC), calendar dates `YYYY-MM-DD`.
 */
import type { ActionStatus, AssessmentStatus, EvidenceSource, EvidenceState, ItemStatus, Priority } from '../store/index.js';
import type { Actor } from './audit.js';
import type { ChecklistItem } from './checklist.js';
import type { Profile } from './profile.js';

export type { Actor } from './audit.js';

/** Who makes a change and why; `reason` is recorded in the audit trail. */
export interface ChangeOptions {
  actor: Actor;
  reason?: string | null;
}

/** A change to a row people edit: the version the caller read must still be current. */
export interface VersionedChangeOptions extends ChangeOptions {
  expectedVersion: number;
}

/** What the checklist of an assessment was built from. */
export interface ChecklistBasis {
  tool: { name: string; version: string };
  kb: { version: string; hash: string; checklist: { hash: string } };
  generatedAt: string;
  /** CP 7382.850 areas in the program's order. */
  inspectionAreas: { id: string; name: string; kind: string }[];
}

/** An assessment as listed and shown. */
export interface AssessmentInfo {
  id: string;
  name: string;
  organization: string;
  status: AssessmentStatus;
  kbVersion: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  version: number;
  profile: Profile;
  checklist: ChecklistBasis;
  /** Applicable items by status. */
  counts: Record<ItemStatus, number>;
  /** Number of items, applicable or not. */
  items: number;
  applicable: number;
}

/** Evidence counts of one item by state. */
export interface EvidenceCounts {
  proposed: number;
  accepted: number;
  rejected: number;
}

/** One item of an assessment, as listed. */
export interface ItemRow {
  itemId: string;
  /** Place in the checklist, 0-based. */
  position: number;
  requirement: string;
  title: string;
  kind: ChecklistItem['kind'];
  fdaSpecific: boolean;
  /** Whether the checklist found that the item applies to the organisation. */
  applicable: boolean;
  area: { id: string; name: string };
  isoClauses: string[];
  qmsrProvisions: string[];
  status: ItemStatus;
  priority: Priority;
  owner: string | null;
  dueDate: string | null;
  justification: string | null;
  notes: string | null;
  evidenceCounts: EvidenceCounts;
  openActions: number;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

/** Filters for listItems; every given filter must match. */
export interface ItemFilters {
  /** CP 7382.850 area id, e.g. `area.design-and-development`. */
  area?: string;
  status?: ItemStatus;
  owner?: string;
  fdaSpecific?: boolean;
  applicable?: boolean;
}

/** A piece of evidence. */
export interface EvidenceInfo {
  id: string;
  assessmentId: string;
  itemId: string;
  documentPath: string;
  documentSha256: string;
  /** Where in the document; `more` lists other places the proposer found. */
  location: Record<string, unknown>;
  excerpt: string | null;
  source: EvidenceSource;
  state: EvidenceState;
  score: number | null;
  /** Why it was proposed or attached. */
  basis: string | null;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  /** False when the document has been scanned again since, with different content. */
  current: boolean;
}

/** A remediation action. */
export interface ActionInfo {
  id: string;
  assessmentId: string;
  itemId: string | null;
  title: string;
  owner: string | null;
  dueDate: string | null;
  status: ActionStatus;
  createdAt: string;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

/** One recorded change (from the audit trail). */
export interface HistoryEntry {
  /** The audit event's seq, as text. */
  id: string;
  seq: number;
  action: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  changedBy: string;
  changedById: string;
  changedAt: string;
  reason: string | null;
}

/** A comment on an item. Comments are audit events: they cannot be edited or deleted. */
export interface CommentInfo {
  id: string;
  seq: number;
  body: string;
  author: string;
  authorId: string;
  createdAt: string;
}

/** One item with everything recorded about it. */
export interface ItemDetail extends ItemRow {
  /** Why the item applies or not. */
  reason: string;
  priorityReason: string;
  guidance: string;
  replaces: string[];
  evidenceHints: string[];
  sources: string[];
  evidence: EvidenceInfo[];
  actions: ActionInfo[];
  history: HistoryEntry[];
  comments: CommentInfo[];
}

/** A scanned document of the assessment (its last scanned version). */
export interface DocumentInfo {
  path: string;
  sha256: string;
  format: string;
  scannedAt: string;
  findingsCount: number;
  needsRevision: boolean;
}

/** Changes to an item; `null` clears a field. */
export interface ItemChanges {
  status?: ItemStatus;
  owner?: string | null;
  dueDate?: string | null;
  notes?: string | null;
  justification?: string | null;
  priority?: Priority;
}

/** A new remediation action. */
export interface NewActionInput {
  /** The item the action closes; omit for an assessment-wide action. */
  itemId?: string | null;
  title: string;
  owner?: string | null;
  dueDate?: string | null;
  status?: ActionStatus;
}

/** Changes to an action; `null` clears a field. */
export interface ActionChanges {
  title?: string;
  owner?: string | null;
  dueDate?: string | null;
  status?: ActionStatus;
}

/** Evidence attached by a person. */
export interface ManualEvidenceInput {
  itemId: string;
  documentPath: string;
  /** SHA-256 (hex) of the document version the person looked at. */
  documentSha256: string;
  location?: Record<string, unknown>;
  excerpt?: string | null;
  /** Why this supports the item. */
  note?: string | null;
}

/** One cell of a heat map. */
export interface HeatCell {
  area: string;
  areaName: string;
  /** The column: a status (status map) or a priority (priority map). */
  column: string;
  count: number;
}

/** Counts per area and column, with every combination present (zeros included). */
export interface HeatMap {
  areas: { id: string; name: string }[];
  columns: string[];
  cells: HeatCell[];
}

/** Counts of one group of items. */
export interface GroupCounts {
  id: string;
  name: string;
  total: number;
  byStatus: Record<ItemStatus, number>;
}

/** The numbers of an assessment. Status counts cover applicable items. */
export interface AssessmentSummaryData {
  items: number;
  applicable: number;
  /** Items the checklist excluded for this organisation. */
  excluded: number;
  byStatus: Record<ItemStatus, number>;
  /** Applicable items by priority. */
  byPriority: Record<Priority, number>;
  /** By ISO 13485 clause group (4 to 8; FDA items under the clause they add to). */
  byClause: GroupCounts[];
  /** By CP 7382.850 inspection area. */
  byArea: GroupCounts[];
  /** Area × status. */
  heatMap: HeatMap;
  /** Area × priority, for open items (gap, partial or not yet assessed). */
  priorityHeatMap: HeatMap;
  coverage: {
    /** Applicable items with no accepted or proposed evidence. */
    uncovered: string[];
    /** Applicable items whose evidence is all still proposed. */
    proposedOnly: string[];
    /** Applicable items with at least one accepted piece of evidence. */
    accepted: string[];
  };
  evidence: EvidenceCounts;
  documents: number;
  findings: number;
  needsRevision: { path: string; sha256: string; findingsCount: number }[];
  actions: Record<ActionStatus, number> & { overdue: number };
  openActions: number;
}
