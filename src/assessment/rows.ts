/**
 * Database rows to the service's shapes (types.ts). Nothing here queries.
 */
import type { Action, Assessment, AssessmentItem, DocumentRow, Evidence, ItemStatus } from '../store/index.js';
import { ITEM_STATUSES } from '../store/index.js';
import type { AuditEvent } from './audit.js';
import type { ChecklistItem } from './checklist.js';
import type { Profile } from './profile.js';
import type {
  ActionInfo,
  AssessmentInfo,
  ChecklistBasis,
  CommentInfo,
  DocumentInfo,
  EvidenceCounts,
  EvidenceInfo,
  HistoryEntry,
  ItemDetail,
  ItemRow,
} from './types.js';

const iso = (d: Date | string): string => new Date(d).toISOString();

/** Zero for every item status. */
export function emptyStatusCounts(): Record<ItemStatus, number> {
  return Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<ItemStatus, number>;
}

/** An assessment row with its item counts. */
export function toAssessmentInfo(row: Assessment, counts: Record<ItemStatus, number>, items: number, applicable: number): AssessmentInfo {
  return {
    id: row.id,
    name: row.name,
    organization: row.organization,
    status: row.status,
    kbVersion: row.kb_version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
    version: row.version,
    profile: row.profile as unknown as Profile,
    checklist: row.checklist as unknown as ChecklistBasis,
    counts,
    items,
    applicable,
  };
}

/** The checklist item stored with an item row. */
export function checklistOf(row: AssessmentItem): ChecklistItem {
  return row.checklist as unknown as ChecklistItem;
}

/** An item row with its evidence counts and open actions. */
export function toItemRow(row: AssessmentItem, evidence: EvidenceCounts | undefined, openActions: number): ItemRow {
  const c = checklistOf(row);
  return {
    itemId: row.item_id,
    position: row.position,
    requirement: c.requirement,
    title: c.title,
    kind: c.kind,
    fdaSpecific: c.fdaSpecific,
    applicable: row.applicable,
    area: c.inspectionArea,
    isoClauses: c.isoClauses,
    qmsrProvisions: c.qmsrProvisions,
    status: row.status,
    priority: row.priority ?? c.priority,
    owner: row.owner,
    dueDate: row.due_date,
    justification: row.justification,
    notes: row.notes,
    evidenceCounts: evidence ?? { proposed: 0, accepted: 0, rejected: 0 },
    openActions,
    version: row.version,
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
  };
}

/** An item with everything recorded about it. */
export function toItemDetail(row: ItemRow, stored: AssessmentItem, parts: Pick<ItemDetail, 'evidence' | 'actions' | 'history' | 'comments'>): ItemDetail {
  const c = checklistOf(stored);
  return {
    ...row,
    reason: c.reason,
    priorityReason: c.priorityReason,
    guidance: c.guidance,
    replaces: c.replaces,
    evidenceHints: c.evidenceHints,
    sources: c.sources,
    ...parts,
  };
}

/** An evidence row; `currentSha` is the document's last scanned hash, if it was scanned. */
export function toEvidenceInfo(row: Evidence, currentSha: string | undefined): EvidenceInfo {
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    itemId: row.item_id,
    documentPath: row.document_path,
    documentSha256: row.document_sha256,
    location: row.location as Record<string, unknown>,
    excerpt: row.excerpt,
    source: row.source,
    state: row.state,
    score: row.score,
    basis: row.basis,
    createdAt: iso(row.created_at),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at ? iso(row.decided_at) : null,
    current: currentSha === undefined || currentSha === row.document_sha256,
  };
}

/** An action row. */
export function toActionInfo(row: Action): ActionInfo {
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    itemId: row.item_id,
    title: row.title,
    owner: row.owner,
    dueDate: row.due_date,
    status: row.status,
    createdAt: iso(row.created_at),
    version: row.version,
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
  };
}

/** A document row. */
export function toDocumentInfo(row: DocumentRow): DocumentInfo {
  return {
    path: row.path,
    sha256: row.sha256,
    format: row.format,
    scannedAt: iso(row.scanned_at),
    findingsCount: row.findings_count,
    needsRevision: row.needs_revision,
  };
}

/** An audit event as an item history entry. */
export function toHistoryEntry(e: AuditEvent): HistoryEntry {
  return {
    id: String(e.seq),
    seq: e.seq,
    action: e.action,
    field: e.field,
    oldValue: e.oldValue,
    newValue: e.newValue,
    changedBy: e.actorName,
    changedById: e.actorId,
    changedAt: e.at,
    reason: e.reason,
  };
}

/** An audit event of action `comment.add` as a comment. */
export function toComment(e: AuditEvent): CommentInfo {
  return { id: e.entityId, seq: e.seq, body: e.newValue ?? '', author: e.actorName, authorId: e.actorId, createdAt: e.at };
}
