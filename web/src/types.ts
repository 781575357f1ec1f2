/**
 * Shapes of the JSON the server sends. Where the server's own TypeScript
 * declares them (src/assessment/types.ts, src/kb, src/scanner, src/server),
 * they are imported from there — type-only, so nothing of the server ends up
 * in the browser bundle and `tsc` fails here the day a field is renamed.
 * OpenAPI: GET /api/openapi.json.
 */
import type { AuditEvent as ServerAuditEvent, AuditVerification as ServerAuditVerification } from '../../src/assessment/audit.js';
import type {
  ActionInfo,
  AssessmentInfo,
  AssessmentSummaryData,
  CommentInfo,
  DocumentInfo,
  EvidenceCounts,
  EvidenceInfo,
  GroupCounts,
  HeatCell as ServerHeatCell,
  HeatMap as ServerHeatMap,
  HistoryEntry as ServerHistoryEntry,
  ItemDetail as ServerItemDetail,
  ItemRow as ServerItemRow,
} from '../../src/assessment/types.js';
import type { CrosswalkRow as KbCrosswalkRow } from '../../src/kb/crosswalk.js';
import type { Explanation as KbExplanation } from '../../src/kb/explain.js';
import type { Finding as ScanFinding, Replacement as ScanReplacement } from '../../src/scanner/types.js';
import type { z } from 'zod';
import type { SessionReply } from '../../src/server/auth/sign-in.js';
import type { signatureView } from '../../src/server/routes/signatures/schema.js';
import type { SignedInUser } from '../../src/server/auth/sessions.js';
import type { UserView } from '../../src/server/auth/users.js';
import type {
  ActionStatus as StoreActionStatus,
  ItemStatus as StoreItemStatus,
  Priority as StorePriority,
  SignatureMeaning as StoreSignatureMeaning,
  UserRole,
} from '../../src/store/schema.js';

export type Role = UserRole;
export type ItemStatus = StoreItemStatus;
export type Priority = StorePriority;
export type ActionStatus = StoreActionStatus;
export type SignatureMeaning = StoreSignatureMeaning;

// The value lists, kept here (the server's lists live in modules that need Node).
export const ROLES = ['admin', 'assessor', 'reviewer', 'viewer'] as const satisfies readonly Role[];
export const ITEM_STATUSES = ['not-assessed', 'compliant', 'partial', 'gap', 'not-applicable'] as const satisfies readonly ItemStatus[];
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const satisfies readonly Priority[];
export const ACTION_STATUSES = ['open', 'in-progress', 'done', 'cancelled'] as const satisfies readonly ActionStatus[];
export const SIGNATURE_MEANINGS = ['review', 'approval', 'responsibility'] as const satisfies readonly SignatureMeaning[];
export const REPORT_FORMATS = ['xlsx', 'pdf', 'html', 'md', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export type User = SignedInUser;
export type UserAccount = UserView;
export type SessionInfo = SessionReply;

/** `GET /api/setup`. */
export interface SetupState {
  /** True until the first administrator exists. */
  needsSetup: boolean;
}

export type Assessment = AssessmentInfo;
export type AssessmentSummary = AssessmentSummaryData;
export type HeatCell = ServerHeatCell;
export type HeatMap = ServerHeatMap;
export type Group = GroupCounts;
export type ItemRow = ServerItemRow;
export type ItemDetail = ServerItemDetail;
export type Evidence = EvidenceInfo;
export type EvidenceTally = EvidenceCounts;
export type Action = ActionInfo;
export type HistoryEntry = ServerHistoryEntry;
export type Comment = CommentInfo;
export type DocumentRow = DocumentInfo;
export type Finding = ScanFinding;
export type Replacement = ScanReplacement;
export type Explanation = KbExplanation;
export type CrosswalkRow = KbCrosswalkRow;
export type AuditEvent = ServerAuditEvent;
export type AuditVerification = ServerAuditVerification;

/** An electronic signature as listed in the manifest, checked against the assessment as it is now. */
export type Signature = z.infer<typeof signatureView>;

/** `GET /api/assessments/:id/signatures`. */
export interface SignatureManifest {
  assessmentId: string;
  /** SHA-256 of the assessment's canonical state now: send it back when signing (409 if it changed meanwhile). */
  currentStateSha256: string;
  signatures: Signature[];
}

export interface GuideSummary {
  slug: string;
  title: string;
  kind: 'section' | 'topic';
  summary: string;
  sections: string[];
  aliases: string[];
}

export interface GuidePage extends GuideSummary {
  body: string;
}

/** `GET /api/kb`. */
export interface KbInfo {
  version: string;
  date: string;
  hash: string;
  counts: Record<string, number>;
  guide: GuideSummary[];
}
