/**
 * CRUD, types, constraints, transactions and optimistic concurrency,
 * on both back-ends.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  ITEM_STATUSES,
  migrate,
  NestedTransactionError,
  newId,
  NotFoundError,
  updateWithVersion,
} from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { BACKENDS } from './backends.js';
import type { Fresh } from './backends.js';
import { seedAssessment, sha, sleep } from './fixtures.js';

/** The SQLSTATE of a failed query (pg and PGlite both expose `code`). */
async function sqlState(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return String((err as { code?: string }).code);
  }
  throw new Error('expected the statement to fail');
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`store on ${backend.name}`, () => {
    let fresh: Fresh;
    let store: Store;

    beforeAll(async () => {
      fresh = await backend.fresh();
      store = fresh.store;
      await migrate(store);
    });
    afterAll(async () => {
      await fresh?.dispose();
    });

    it('reports its kind', () => {
      expect(store.kind).toBe(backend.name);
    });

    it('creates, reads, updates and deletes assessments with jsonb profiles', async () => {
      const id = newId();
      const profile = {
        deviceClass: 'II',
        activities: ['design', 'servicing'],
        nested: { sterile: true, count: 3, ratio: 0.25, none: null, text: 'Größe – “quoted” ✓' },
      };
      await store.db.insertInto('assessments').values({ id, name: 'QMSR 2026', organization: 'Acme', kb_version: '2026.1', profile: JSON.stringify(profile) }).execute();
      const row = await store.db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ id, name: 'QMSR 2026', organization: 'Acme', kb_version: '2026.1', status: 'draft', version: 1, updated_by: null });
      expect(row.profile).toEqual(profile);
      expect(row.created_at).toBeInstanceOf(Date);
      expect(Math.abs(row.created_at.getTime() - Date.now())).toBeLessThan(60_000);

      const upd = await store.db.updateTable('assessments').set({ status: 'in-progress', profile: JSON.stringify({ ...profile, deviceClass: 'III' }) }).where('id', '=', id).executeTakeFirst();
      expect(upd.numUpdatedRows).toBe(1n);
      const after = await store.db.selectFrom('assessments').select(['status', 'profile']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(after).toEqual({ status: 'in-progress', profile: { ...profile, deviceClass: 'III' } });

      // jsonb path query works the same on both
      const byClass = await store.db.selectFrom('assessments').select('id').where(sql<string>`profile->>'deviceClass'`, '=', 'III').execute();
      expect(byClass.map((r) => r.id)).toContain(id);

      const del = await store.db.deleteFrom('assessments').where('id', '=', id).executeTakeFirst();
      expect(del.numDeletedRows).toBe(1n);
      expect(await store.db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst()).toBeUndefined();
    });

    it('round-trips assessment items, with dates as YYYY-MM-DD strings', async () => {
      const a = await seedAssessment(store.db);
      await store.db
        .insertInto('assessment_items')
        .values({ assessment_id: a, item_id: '820.10(a)', status: 'partial', justification: 'SOP-12 lacks design transfer', owner: 'alice', due_date: '2026-03-31', priority: 'high', notes: 'n' })
        .execute();
      const row = await store.db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', a).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ item_id: '820.10(a)', status: 'partial', owner: 'alice', due_date: '2026-03-31', priority: 'high', version: 1 });
      await store.db.updateTable('assessment_items').set({ due_date: '2026-12-31' }).where('assessment_id', '=', a).execute();
      const later = await store.db.selectFrom('assessment_items').select('due_date').where('due_date', '>', '2026-06-01').where('assessment_id', '=', a).execute();
      expect(later).toEqual([{ due_date: '2026-12-31' }]);
      const n = await store.db.selectFrom('assessment_items').select((eb) => eb.fn.countAll().as('n')).where('assessment_id', '=', a).executeTakeFirstOrThrow();
      expect(n.n).toBe('1'); // int8 is a string on both back-ends, as node-postgres returns it
      await store.db.deleteFrom('assessment_items').where('assessment_id', '=', a).execute();
      expect(await store.db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', a).execute()).toEqual([]);
    });

    it('accepts every status the code knows and rejects others with a CHECK violation', async () => {
      const a = await seedAssessment(store.db);
      for (const [i, status] of ITEM_STATUSES.entries()) {
        await store.db.insertInto('assessment_items').values({ assessment_id: a, item_id: `i${i}`, status }).execute();
      }
      const bad = store.db.insertInto('assessment_items').values({ assessment_id: a, item_id: 'bad', status: 'done' as never }).execute();
      expect(await sqlState(bad)).toBe('23514');
      expect(await sqlState(store.db.updateTable('assessment_items').set({ status: 'Compliant' as never }).where('assessment_id', '=', a).execute())).toBe('23514');
      expect(await sqlState(store.db.insertInto('assessment_items').values({ assessment_id: a, item_id: 'p', priority: 'urgent' as never }).execute())).toBe('23514');
      expect(await sqlState(store.db.insertInto('assessments').values({ id: newId(), name: 'x', kb_version: '1', status: 'open' as never, profile: '{}' }).execute())).toBe('23514');
      // foreign key: no items for a missing assessment
      expect(await sqlState(store.db.insertInto('assessment_items').values({ assessment_id: 'missing', item_id: 'x' }).execute())).toBe('23503');
    });

    it('keeps item_history append-only', async () => {
      const a = await seedAssessment(store.db, ['820.20']);
      const id = newId();
      await store.db.insertInto('item_history').values({ id, assessment_id: a, item_id: '820.20', field: 'status', old_value: 'not-assessed', new_value: 'gap', changed_by: 'alice', reason: 'audit finding 3' }).execute();
      const row = await store.db.selectFrom('item_history').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ field: 'status', old_value: 'not-assessed', new_value: 'gap', changed_by: 'alice', reason: 'audit finding 3' });
      expect(row.changed_at).toBeInstanceOf(Date);
      expect(await sqlState(store.db.updateTable('item_history').set({ new_value: 'compliant' }).where('id', '=', id).execute())).toBe('23001');
      expect(await sqlState(store.db.deleteFrom('item_history').where('id', '=', id).execute())).toBe('23001');
      expect(await sqlState(sql`truncate item_history`.execute(store.db))).toBe('23001');
      // an item with history cannot be deleted, so neither can its assessment
      expect(await sqlState(store.db.deleteFrom('assessments').where('id', '=', a).execute())).toBe('23503');
      expect((await store.db.selectFrom('item_history').select('new_value').where('id', '=', id).executeTakeFirstOrThrow()).new_value).toBe('gap');
    });

    it('stores evidence with jsonb locations and enforces decision consistency', async () => {
      const a = await seedAssessment(store.db, ['820.30']);
      const id = newId();
      const location = { page: 3, paragraph: 12, table: { index: 1, row: 2, cell: [0, 1] } };
      await store.db
        .insertInto('evidence')
        .values({ id, assessment_id: a, item_id: '820.30', document_path: 'sops/SOP-12.docx', document_sha256: sha('v1'), location: JSON.stringify(location), excerpt: 'Design transfer shall…', source: 'scan' })
        .execute();
      let row = await store.db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ state: 'proposed', source: 'scan', decided_by: null, decided_at: null });
      expect(row.location).toEqual(location);
      // accepting without saying who is refused
      expect(await sqlState(store.db.updateTable('evidence').set({ state: 'accepted' }).where('id', '=', id).execute())).toBe('23514');
      await store.db.updateTable('evidence').set({ state: 'accepted', decided_by: 'bob', decided_at: sql`now()` }).where('id', '=', id).execute();
      row = await store.db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ state: 'accepted', decided_by: 'bob' });
      expect(row.decided_at).toBeInstanceOf(Date);
      expect(await sqlState(store.db.insertInto('evidence').values({ id: newId(), assessment_id: a, item_id: 'x', document_path: 'p', document_sha256: 'not-a-hash', source: 'manual', location: '{}' }).execute())).toBe('23514');
      expect(await sqlState(store.db.insertInto('evidence').values({ id: newId(), assessment_id: a, item_id: 'x', document_path: 'p', document_sha256: sha('x'), source: 'import' as never, location: '{}' }).execute())).toBe('23514');
      await store.db.deleteFrom('evidence').where('id', '=', id).execute();
      expect(await store.db.selectFrom('evidence').select('id').where('id', '=', id).execute()).toEqual([]);
    });

    it('tracks documents, actions and scan runs', async () => {
      const a = await seedAssessment(store.db);
      await store.db.insertInto('documents').values({ assessment_id: a, path: 'sops/SOP-01.docx', sha256: sha('d1'), format: 'docx', findings_count: 4, needs_revision: true }).execute();
      expect(await store.db.selectFrom('documents').selectAll().where('assessment_id', '=', a).executeTakeFirstOrThrow()).toMatchObject({ path: 'sops/SOP-01.docx', format: 'docx', findings_count: 4, needs_revision: true });
      await store.db.updateTable('documents').set({ findings_count: 0, needs_revision: false }).where('assessment_id', '=', a).execute();
      expect(await sqlState(store.db.updateTable('documents').set({ findings_count: -1 }).where('assessment_id', '=', a).execute())).toBe('23514');
      expect(await sqlState(store.db.insertInto('documents').values({ assessment_id: a, path: 'sops/SOP-01.docx', sha256: sha('d2'), format: 'docx' }).execute())).toBe('23505');

      const actionId = newId();
      await store.db.insertInto('actions').values({ id: actionId, assessment_id: a, item_id: '820.30', title: 'Revise SOP-12 for design transfer', owner: 'carol', due_date: '2026-05-01' }).execute();
      await store.db.insertInto('actions').values({ id: newId(), assessment_id: a, item_id: null, title: 'Train staff on QMSR' }).execute();
      const actions = await store.db.selectFrom('actions').selectAll().where('assessment_id', '=', a).orderBy('title').execute();
      expect(actions.map((x) => [x.title, x.status, x.version, x.due_date])).toEqual([
        ['Revise SOP-12 for design transfer', 'open', 1, '2026-05-01'],
        ['Train staff on QMSR', 'open', 1, null],
      ]);
      expect(await sqlState(store.db.updateTable('actions').set({ status: 'closed' as never }).where('id', '=', actionId).execute())).toBe('23514');
      await store.db.deleteFrom('actions').where('id', '=', actionId).execute();

      const runId = newId();
      const summary = { documents: 12, findings: { critical: 1, minor: 7 }, rules: ['R1', 'R2'] };
      await store.db.insertInto('scan_runs').values({ id: runId, assessment_id: a, tool_version: '0.1.0', kb_version: '2026.1', summary: JSON.stringify(summary) }).execute();
      await store.db.updateTable('scan_runs').set({ finished_at: sql`now()` }).where('id', '=', runId).execute();
      const run = await store.db.selectFrom('scan_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
      expect(run.summary).toEqual(summary);
      expect(run.finished_at!.getTime()).toBeGreaterThanOrEqual(run.started_at.getTime());
      expect(await sqlState(store.db.updateTable('scan_runs').set({ finished_at: '2000-01-01T00:00:00Z' }).where('id', '=', runId).execute())).toBe('23514');
      expect(await sqlState(store.db.updateTable('scan_runs').set({ summary: JSON.stringify([1, 2]) }).where('id', '=', runId).execute())).toBe('23514');

      // deleting an assessment without history cascades to its rows
      await store.db.deleteFrom('assessments').where('id', '=', a).execute();
      for (const t of ['documents', 'actions', 'scan_runs'] as const) {
        expect(await store.db.selectFrom(t).select('assessment_id').where('assessment_id', '=', a).execute()).toEqual([]);
      }
    });

    it('rolls a transaction back when its callback throws, and commits otherwise', async () => {
      const a = await seedAssessment(store.db);
      await expect(
        store.transaction(async (trx) => {
          await trx.insertInto('documents').values({ assessment_id: a, path: 'rolled-back', sha256: sha('x'), format: 'pdf' }).execute();
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await store.transaction(async (trx) => {
        await trx.insertInto('documents').values({ assessment_id: a, path: 'kept', sha256: sha('y'), format: 'pdf' }).execute();
      });
      const paths = await store.db.selectFrom('documents').select('path').where('assessment_id', '=', a).execute();
      expect(paths).toEqual([{ path: 'kept' }]);
    });

    it('reports a COMMIT that PostgreSQL turned into a ROLLBACK as an error, not success', async () => {
      const a = await seedAssessment(store.db);
      await expect(
        store.transaction(async (trx) => {
          await trx.insertInto('documents').values({ assessment_id: a, path: 'lost', sha256: sha('x'), format: 'pdf' }).execute();
          // a failed statement whose error the callback swallows leaves the transaction aborted
          await trx.insertInto('documents').values({ assessment_id: a, path: 'lost', sha256: sha('x'), format: 'pdf' }).execute().catch(() => undefined);
        }),
      ).rejects.toThrow();
      expect(await store.db.selectFrom('documents').select('path').where('assessment_id', '=', a).execute()).toEqual([]);
    });

    it('does not let a plain statement land inside another caller\'s transaction', async () => {
      const a = await seedAssessment(store.db);
      const insert = (path: string) => ({ assessment_id: a, path, sha256: sha(path), format: 'txt' });
      const tx = store.transaction(async (trx) => {
        await trx.insertInto('documents').values(insert('in-tx')).execute();
        await sleep(50);
        throw new Error('roll back');
      });
      await sleep(5);
      await store.db.insertInto('documents').values(insert('outside')).execute();
      await expect(tx).rejects.toThrow('roll back');
      const paths = await store.db.selectFrom('documents').select('path').where('assessment_id', '=', a).execute();
      expect(paths).toEqual([{ path: 'outside' }]);
    });

    it('refuses store.db and nested store.transaction inside a transaction instead of deadlocking', async () => {
      const a = await seedAssessment(store.db);
      await store.transaction(async (trx) => {
        await expect(store.db.selectFrom('assessments').selectAll().execute()).rejects.toBeInstanceOf(NestedTransactionError);
        await expect(store.transaction(async () => 1)).rejects.toBeInstanceOf(NestedTransactionError);
        await trx.updateTable('assessments').set({ organization: 'still works' }).where('id', '=', a).execute();
      });
      expect((await store.db.selectFrom('assessments').select('organization').where('id', '=', a).executeTakeFirstOrThrow()).organization).toBe('still works');
      // after the transaction, detached work may use store.db again
      expect(await store.db.selectFrom('assessments').select('id').where('id', '=', a).execute()).toHaveLength(1);
    });

    it('runs 20 concurrent read-increment-write transactions without losing an increment', async () => {
      const a = await seedAssessment(store.db);
      await store.db.insertInto('documents').values({ assessment_id: a, path: 'counter', sha256: sha('c'), format: 'txt' }).execute();
      // The embedded adapter serialises whole transactions, so a plain read is enough there; a server
      // runs them concurrently and needs the row lock (FOR UPDATE) that the same code takes on both.
      const forUpdate = backend.name === 'postgres';
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.transaction(async (trx) => {
            let q = trx.selectFrom('documents').select('findings_count').where('assessment_id', '=', a).where('path', '=', 'counter');
            if (forUpdate) q = q.forUpdate();
            const { findings_count } = await q.executeTakeFirstOrThrow();
            await sleep(i % 3); // give other callers every chance to interleave
            await trx.updateTable('documents').set({ findings_count: findings_count + 1 }).where('assessment_id', '=', a).where('path', '=', 'counter').execute();
          }),
        ),
      );
      const { findings_count } = await store.db.selectFrom('documents').select('findings_count').where('assessment_id', '=', a).where('path', '=', 'counter').executeTakeFirstOrThrow();
      expect(findings_count).toBe(20);
    });

    it('updates with optimistic concurrency and writes the item history', async () => {
      const a = await seedAssessment(store.db, ['820.40']);
      const key = { assessment_id: a, item_id: '820.40' };
      const updated = await updateWithVersion(store.db, 'assessment_items', key, 1, { status: 'gap', owner: 'alice', due_date: '2026-04-30' }, { by: 'alice', reason: 'no document control SOP' });
      expect(updated).toMatchObject({ status: 'gap', owner: 'alice', due_date: '2026-04-30', version: 2, updated_by: 'alice' });
      const history = await store.db.selectFrom('item_history').select(['field', 'old_value', 'new_value', 'changed_by', 'reason']).where('assessment_id', '=', a).orderBy('field').execute();
      expect(history).toEqual([
        { field: 'due_date', old_value: null, new_value: '2026-04-30', changed_by: 'alice', reason: 'no document control SOP' },
        { field: 'owner', old_value: null, new_value: 'alice', changed_by: 'alice', reason: 'no document control SOP' },
        { field: 'status', old_value: 'not-assessed', new_value: 'gap', changed_by: 'alice', reason: 'no document control SOP' },
      ]);
      // a stale version is refused with who and when
      const stale = updateWithVersion(store.db, 'assessment_items', key, 1, { status: 'compliant' }, { by: 'bob' });
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      await expect(stale).rejects.toThrow(/^Item 820\.40 was changed by alice at \d{4}-\d\d-\d\dT[\d:.]+Z since you opened it/);
      await expect(updateWithVersion(store.db, 'assessment_items', { assessment_id: a, item_id: 'nope' }, 1, { status: 'gap' }, { by: 'bob' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(updateWithVersion(store.db, 'assessment_items', key, 2, { version: 9 } as never, { by: 'bob' })).rejects.toThrow(/cannot be changed/);
    });

    it('lets exactly one of two concurrent writers with the same version win', async () => {
      const a = await seedAssessment(store.db, ['820.50']);
      const key = { assessment_id: a, item_id: '820.50' };
      const results = await Promise.allSettled([
        updateWithVersion(store.db, 'assessment_items', key, 1, { status: 'compliant' }, { by: 'alice' }),
        updateWithVersion(store.db, 'assessment_items', key, 1, { status: 'gap' }, { by: 'bob' }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
      const row = await store.db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', a).executeTakeFirstOrThrow();
      expect(row.version).toBe(2);
      expect(String((lost[0]!.reason as Error).message)).toContain(`changed by ${row.updated_by} at `);
      const history = await store.db.selectFrom('item_history').select(['changed_by', 'new_value']).where('assessment_id', '=', a).execute();
      expect(history).toEqual([{ changed_by: row.updated_by, new_value: row.status }]);
    });

    it('versions actions and assessments too, inside a caller\'s transaction', async () => {
      const a = await seedAssessment(store.db);
      const id = newId();
      await store.db.insertInto('actions').values({ id, assessment_id: a, title: 'Write CAPA SOP' }).execute();
      await store.transaction(async (trx) => {
        await updateWithVersion(trx, 'actions', { id }, 1, { status: 'in-progress', owner: 'dan' }, { by: 'dan' });
        await updateWithVersion(trx, 'assessments', { id: a }, 1, { status: 'in-progress' }, { by: 'dan' });
      });
      await expect(updateWithVersion(store.db, 'actions', { id }, 1, { status: 'done' }, { by: 'erin' })).rejects.toThrow(/^Action "Write CAPA SOP" was changed by dan at /);
      expect(await store.db.selectFrom('actions').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'in-progress', version: 2 });
    });

    it.skipIf(backend.name !== 'embedded')('fsyncs on every commit (embedded durability is active)', async () => {
      const a = await seedAssessment(store.db);
      const before = store.fsyncCount!();
      for (let i = 0; i < 25; i++) {
        await store.db.insertInto('documents').values({ assessment_id: a, path: `f${i}`, sha256: sha(`f${i}`), format: 'txt' }).execute();
      }
      expect(store.fsyncCount!() - before).toBeGreaterThanOrEqual(25);
    });
  });
}
