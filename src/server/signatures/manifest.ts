/**
 * The signature manifest of an assessment: every signature (printed name,
 * meaning, UTC time, what was signed and its SHA-256), each checked against
 * the assessment as it is now. A signature whose subject has changed since
 * shows as "subject changed since signing"; the signature itself stays, as
 * does the exact content that was signed (GET /api/signatures/:id/content).
 */
import type { Selectable } from 'kysely';
import type { SignaturesTable } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import { assessmentState } from './subject.js';

/** One signature as listed. */
export interface SignatureView {
  id: string;
  assessmentId: string;
  subjectType: 'assessment' | 'report';
  reportFormat: string | null;
  userId: string;
  username: string;
  printedName: string;
  meaning: Selectable<SignaturesTable>['meaning'];
  /** UTC, ISO 8601. */
  signedAt: string;
  comment: string | null;
  /** SHA-256 of exactly what was signed: the canonical JSON of the assessment, or the report's bytes. */
  subjectSha256: string;
  /** SHA-256 of the assessment's canonical state when it was signed. */
  stateSha256: string;
  assessmentVersion: number;
  contentType: string;
  /** `valid` while the assessment is as it was signed; `subject-changed` after any change. */
  status: 'valid' | 'subject-changed';
  /** The status in words, as printed on reports. */
  statusText: string;
}

/** The manifest: the assessment's current state hash and its signatures, oldest first. */
export interface SignatureManifest {
  assessmentId: string;
  currentStateSha256: string;
  signatures: SignatureView[];
}

/** Every column of `signatures` but the signed content: what the manifest shows. */
export const SIGNATURE_COLUMNS = [
  'id',
  'assessment_id',
  'subject_type',
  'report_format',
  'user_id',
  'username',
  'printed_name',
  'meaning',
  'signed_at',
  'comment',
  'subject_sha256',
  'content_type',
  'state_sha256',
  'assessment_version',
] as const;

/** The API view of a signature row, given the assessment's current state hash. */
export function toSignatureView(row: Omit<Selectable<SignaturesTable>, 'content'>, currentStateSha256: string): SignatureView {
  const valid = row.state_sha256 === currentStateSha256;
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    subjectType: row.subject_type,
    reportFormat: row.report_format,
    userId: row.user_id,
    username: row.username,
    printedName: row.printed_name,
    meaning: row.meaning,
    signedAt: row.signed_at.toISOString(),
    comment: row.comment,
    subjectSha256: row.subject_sha256,
    stateSha256: row.state_sha256,
    assessmentVersion: row.assessment_version,
    contentType: row.content_type,
    status: valid ? 'valid' : 'subject-changed',
    statusText: valid ? 'valid: the assessment is as signed' : 'subject changed since signing',
  };
}

/** The manifest of an assessment. Throws NotFoundError for an unknown assessment. */
export async function signatureManifest(store: Store, assessmentId: string): Promise<SignatureManifest> {
  const state = await assessmentState(store, assessmentId);
  const rows = await store.db
    .selectFrom('signatures')
    .select(SIGNATURE_COLUMNS)
    .where('assessment_id', '=', assessmentId)
    .orderBy('signed_at')
    .orderBy('id')
    .execute();
  return { assessmentId, currentStateSha256: state.sha256, signatures: rows.map((r) => toSignatureView(r, state.sha256)) };
}
