/**
 * Every API address the pages use, with the shape of its answer, in one
 * place: when a route changes on the server, this file changes.
 */
import type { ProposeResult } from '../../src/assessment/evidence-service.js';
import type { ScanSummary } from '../../src/scanner/types.js';
import { apiUrl } from './api.js';
import type {
  Action,
  Assessment,
  AssessmentSummary,
  AuditEvent,
  DocumentRow,
  Finding,
  ItemRow,
  ReportFormat,
} from './types.js';

const enc = encodeURIComponent;

/** `/api/assessments/:id` and below. */
export function assessmentPath(id: string, ...rest: string[]): string {
  return ['/api/assessments', enc(id), ...rest].join('/');
}

/** `GET /api/assessments`. */
export interface AssessmentList {
  assessments: Assessment[];
}

/** `GET /api/assessments/:id`: the assessment and its numbers. */
export interface AssessmentView {
  assessment: Assessment;
  summary: AssessmentSummary;
}

/** Filters of the item list (server side). */
export interface ItemQuery {
  area?: string | undefined;
  status?: string | undefined;
  owner?: string | undefined;
  fdaSpecific?: string | undefined;
  applicable?: string | undefined;
}

/** `GET /api/assessments/:id/items`. */
export interface ItemList {
  items: ItemRow[];
}

/** The item list address with filters. */
export function itemsUrl(id: string, q: ItemQuery): string {
  return apiUrl(assessmentPath(id, 'items'), { ...q });
}

/** One item. */
export function itemPath(id: string, itemId: string): string {
  return assessmentPath(id, 'items', enc(itemId));
}

/** `GET /api/assessments/:id/actions`. */
export interface ActionList {
  actions: Action[];
}

/** `GET /api/assessments/:id/documents`. */
export interface DocumentList {
  documents: DocumentRow[];
}

/** `POST /api/assessments/:id/scan` (src/server/documents/scan.ts). */
export type ScanOutcome = ProposeResult & { scan: ScanSummary };

/** `POST /api/assessments/:id/documents`. */
export interface UploadOutcome {
  uploaded: { path: string; sha256: string; size: number }[];
}

/** `GET /api/assessments/:id/documents/findings?path=`. */
export interface FindingList {
  path: string;
  findings: Finding[];
}

/** Findings of one document. */
export function findingsUrl(id: string, path: string): string {
  return apiUrl(assessmentPath(id, 'documents', 'findings'), { path });
}

/** The redlined (tracked changes) or corrected copy of one document. */
export function redlineUrl(id: string, path: string): string {
  return apiUrl(assessmentPath(id, 'documents', 'redline'), { path });
}

/** A report in one format. */
export function reportUrl(id: string, format: ReportFormat): string {
  return assessmentPath(id, 'reports', format);
}


/** `GET /api/audit`. */
export interface AuditList {
  events: AuditEvent[];
}
