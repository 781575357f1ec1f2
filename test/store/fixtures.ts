/** Small builders for test rows. */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../../src/store/index.js';
import type { Schema } from '../../src/store/index.js';

/** SHA-256 hex of a string. */
export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Insert an assessment (and optionally items) and return its id. */
export async function seedAssessment(db: Kysely<Schema>, items: string[] = []): Promise<string> {
  const id = newId();
  await db
    .insertInto('assessments')
    .values({ id, name: `Assessment ${id.slice(0, 8)}`, organization: 'Acme Medical', kb_version: '2026.1', profile: JSON.stringify({ deviceClass: 'II' }) })
    .execute();
  if (items.length > 0) {
    await db
      .insertInto('assessment_items')
      .values(items.map((item_id) => ({ assessment_id: id, item_id })))
      .execute();
  }
  return id;
}

/** Resolve after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
