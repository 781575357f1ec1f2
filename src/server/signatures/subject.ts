/**
 * What an assessment signature covers: the assessment's whole recorded state,
 * as the assessment service returns it (the assessment, every item, every
 * piece of evidence, every action), in canonical JSON (object keys sorted,
 * no whitespace). Its SHA-256 is what the signature binds to; recomputing it
 * later and comparing tells whether the subject changed since signing.
 */
import { createHash } from 'node:crypto';
import { getAssessment, listActions, listEvidence, listItems } from '../../assessment/service.js';
import { stableJson } from '../../scanner/hash.js';
import type { Store } from '../../store/store.js';

/** Identifies the layout of the signed JSON, so it can be read back in years. */
export const SUBJECT_FORMAT = 'qmsr-assessment-state/1';

/** The canonical state of an assessment and its SHA-256. */
export interface AssessmentState {
  /** UTF-8 canonical JSON: exactly the bytes an assessment signature signs. */
  content: Buffer;
  sha256: string;
  /** The assessment row's version at the time. */
  version: number;
}

/** SHA-256 (hex) of bytes. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The canonical state of an assessment now. Throws NotFoundError for an unknown assessment. */
export async function assessmentState(store: Store, assessmentId: string): Promise<AssessmentState> {
  const assessment = await getAssessment(store, assessmentId);
  const [items, evidence, actions] = await Promise.all([
    listItems(store, assessmentId),
    listEvidence(store, assessmentId),
    listActions(store, assessmentId),
  ]);
  const content = Buffer.from(stableJson({ format: SUBJECT_FORMAT, assessment, items, evidence, actions }), 'utf8');
  return { content, sha256: sha256(content), version: assessment.version };
}
