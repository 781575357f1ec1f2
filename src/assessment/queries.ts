/**
 * Small queries the service modules share: existence checks and lookups.
 */
import type { Transaction } from 'kysely';
import type { AssessmentItem, Schema, Store } from '../store/index.js';
import { NotFoundError, ValidationError } from './errors.js';
import { checklistOf } from './rows.js';

type Reader = Store['db'] | Transaction<Schema>;

/** Throws NotFoundError unless the assessment exists. */
export async function requireAssessment(db: Reader, assessmentId: string): Promise<void> {
  const row = await db.selectFrom('assessments').select('id').where('id', '=', assessmentId).executeTakeFirst();
  if (!row) throw new NotFoundError(`There is no assessment ${assessmentId}.`);
}

/** Throws NotFoundError unless the assessment exists, ValidationError if it is archived. */
export async function requireWritable(db: Reader, assessmentId: string): Promise<void> {
  const row = await db.selectFrom('assessments').select(['id', 'status', 'name']).where('id', '=', assessmentId).executeTakeFirst();
  if (!row) throw new NotFoundError(`There is no assessment ${assessmentId}.`);
  if (row.status === 'archived') throw new ValidationError(`Assessment "${row.name}" is archived and cannot be changed.`);
}

/** Throws NotFoundError unless the item exists in the assessment. */
export async function requireItem(db: Reader, assessmentId: string, itemId: string): Promise<AssessmentItem> {
  const row = await db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', assessmentId).where('item_id', '=', itemId).executeTakeFirst();
  if (!row) throw new NotFoundError(`Assessment ${assessmentId} has no item ${itemId}.`);
  return row;
}

/** Item rows with their checklist items, for the evidence proposer. */
export async function itemChecklists(db: Reader, assessmentId: string): Promise<{ row: AssessmentItem; item: ReturnType<typeof checklistOf> }[]> {
  const rows = await db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', assessmentId).orderBy('position').execute();
  return rows.map((row) => ({ row, item: checklistOf(row) }));
}

/** The last scanned hash of each document of an assessment. */
export async function documentShas(db: Reader, assessmentId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('documents').select(['path', 'sha256']).where('assessment_id', '=', assessmentId).execute();
  return new Map(rows.map((r) => [r.path, r.sha256]));
}

