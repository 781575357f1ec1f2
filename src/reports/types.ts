/**
 * The one data set every assessment report is rendered from. Gathered once
 * (data.ts), so the workbook, the PDF, the HTML page, the Markdown, the CSV
 * and the JSON of one run always agree.
 */
import type { Profile } from '../assessment/profile.js';
import type {
  ActionInfo,
  AssessmentInfo,
  AssessmentSummaryData,
  DocumentInfo,
  EvidenceInfo,
  ItemRow,
} from '../assessment/types.js';
import type { Finding } from '../scanner/types.js';

/** The report formats. */
export const REPORT_FORMATS = ['xlsx', 'pdf', 'html', 'md', 'csv', 'json'] as const;
/** A report format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * An electronic signature to print in a report (the workspace's signatures
 * table supplies these; a report without signatures says so).
 */
export interface SignatureManifestEntry {
  /** The signer's printed name. */
  printedName: string;
  username: string;
  /** What the signature means: review, approval or responsibility. */
  meaning: string;
  signedAt: string;
  /** What was signed, e.g. "assessment" or "report (pdf)". */
  subject: string;
  subjectSha256: string;
  comment?: string | null;
}

/** One item with what the reports show of it. */
export interface ReportItem extends ItemRow {
  /** Why the item applies or not (the checklist's reason). */
  reason: string;
  priorityReason: string;
  replaces: string[];
  evidence: EvidenceInfo[];
  actions: ActionInfo[];
}

/** A scanned document with its findings. */
export interface ReportDocument extends DocumentInfo {
  findings: Omit<Finding, 'span'>[];
}

/** A document version a report rests on. */
export interface DocumentVersion {
  path: string;
  sha256: string;
  /** `scanned`: the last scanned version; `evidence`: an earlier version that evidence still points at. */
  role: 'scanned' | 'evidence';
}

/** Everything a report shows. */
export interface ReportData {
  schemaVersion: 1;
  generatedAt: string;
  tool: { name: 'qmsr'; version: string };
  /** The knowledge base the report was made with, and the one the assessment's checklist was built from. */
  kb: { version: string; hash: string; assessmentVersion: string; assessmentHash: string };
  assessment: Omit<AssessmentInfo, 'profile'>;
  profile: Profile;
  summary: AssessmentSummaryData;
  items: ReportItem[];
  actions: ActionInfo[];
  documents: ReportDocument[];
  /** Every document version the report uses, with its SHA-256. */
  documentVersions: DocumentVersion[];
  signatures: SignatureManifestEntry[];
  /** The audit trail when the report was made: verified, and its head (compare with the database later). */
  audit: { ok: boolean; count: number; head: { seq: number; hash: string } | null; firstBadSeq?: number; reason?: string };
}
