/**
 * Child process for the kill -9 test: `durability-child.ts <dir>`.
 * Opens the embedded store and commits numbered changes in a loop, forever.
 * Each transaction appends item_history row n and sets the item's notes to n
 * (so a half-applied transaction would show). The number n is written to
 * stdout (synchronously) only after COMMIT has returned. A checkpoint runs
 * every 200 commits so kills also land during checkpoints.
 */
import { writeSync } from 'node:fs';
import { sql } from 'kysely';
import { migrate, newId, openStore } from '../../../src/store/index.js';

export const ASSESSMENT = 'durability';
export const ITEM = 'counter';

const dir = process.argv[2];
if (!dir) throw new Error('usage: durability-child.ts <dir>');
const store = await openStore({ data: dir });
await migrate(store);
await store.transaction(async (trx) => {
  await trx.insertInto('assessments').values({ id: ASSESSMENT, name: 'kill -9 test', kb_version: 'test', profile: '{}' }).onConflict((oc) => oc.doNothing()).execute();
  await trx.insertInto('assessment_items').values({ assessment_id: ASSESSMENT, item_id: ITEM }).onConflict((oc) => oc.doNothing()).execute();
});
const last = await store.db
  .selectFrom('item_history')
  .select(sql<number | null>`max(new_value::integer)`.as('n'))
  .where('assessment_id', '=', ASSESSMENT)
  .where('field', '=', 'n')
  .executeTakeFirstOrThrow();
const padding = 'x'.repeat(1500); // more WAL per commit, so segments fill and get recycled
writeSync(1, 'ready\n');
for (let n = (last.n ?? 0) + 1; ; n++) {
  await store.transaction(async (trx) => {
    await trx
      .insertInto('item_history')
      .values({ id: newId(), assessment_id: ASSESSMENT, item_id: ITEM, field: 'n', old_value: String(n - 1), new_value: String(n), changed_by: 'durability-child', reason: padding })
      .execute();
    await trx
      .updateTable('assessment_items')
      .set({ notes: String(n), version: sql`version + 1` })
      .where('assessment_id', '=', ASSESSMENT)
      .where('item_id', '=', ITEM)
      .execute();
  });
  writeSync(1, `${n}\n`);
  if (n % 200 === 0) await sql`checkpoint`.execute(store.db);
}
