/** Schema migrations on both back-ends. */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { latestVersion, migrate, MIGRATIONS, NewerSchemaError, schemaVersion } from '../../src/store/index.js';
import type { Migration } from '../../src/store/index.js';
import { BACKENDS } from './backends.js';
import type { Fresh } from './backends.js';

/** Every table the migrations create (0001 assessment, 0002 audit trail, 0003 accounts), sorted. */
const EXPECTED_TABLES = [
  'actions', 'assessment_items', 'assessments', 'audit_events', 'document_folders', 'documents', 'evidence', 'item_history',
  'login_attempts', 'scan_runs', 'schema_migrations', 'sessions', 'signatures', 'users',
];

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`migrations on ${backend.name}`, () => {
    let fresh: Fresh | undefined;
    afterEach(async () => {
      await fresh?.dispose();
      fresh = undefined;
    });

    it('apply to an empty database, are idempotent, and survive reopening', async () => {
      fresh = await backend.fresh();
      expect(await schemaVersion(fresh.store.db)).toBe(0);
      const first = await migrate(fresh.store);
      expect(first).toEqual({ applied: MIGRATIONS.map((m) => m.version), version: latestVersion() });
      const { rows } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(fresh.store.db);
      expect(rows.map((r) => r.table_name)).toEqual(EXPECTED_TABLES);
      expect(await migrate(fresh.store)).toEqual({ applied: [], version: latestVersion() });
      await fresh.store.close();
      const again = await fresh.reopen();
      expect(await migrate(again)).toEqual({ applied: [], version: latestVersion() });
      const recorded = await again.db.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
      expect(recorded).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    });

    it('refuses a database that a newer qmsr has migrated', async () => {
      fresh = await backend.fresh();
      await migrate(fresh.store);
      const future = latestVersion() + 1;
      await fresh.store.db.insertInto('schema_migrations').values({ version: future, name: 'from_the_future' }).execute();
      const attempt = migrate(fresh.store);
      await expect(attempt).rejects.toBeInstanceOf(NewerSchemaError);
      await expect(attempt).rejects.toThrow(
        `has schema migration ${future} (from_the_future), but this version of qmsr only knows migrations up to ${latestVersion()}`,
      );
    });

    it('applies each migration in its own transaction: a failing one leaves the previous version', async () => {
      fresh = await backend.fresh();
      const extra: Migration[] = [
        ...MIGRATIONS,
        {
          version: MIGRATIONS.length + 1,
          name: 'broken',
          async up(db) {
            await db.schema.createTable('half_done').addColumn('id', 'text').execute();
            await sql`select * from no_such_table`.execute(db);
          },
        },
      ];
      await expect(migrate(fresh.store, extra)).rejects.toThrow(/no_such_table/);
      expect(await schemaVersion(fresh.store.db)).toBe(latestVersion());
      const halfDone = await sql<{ t: string | null }>`select to_regclass('half_done')::text as t`.execute(fresh.store.db);
      expect(halfDone.rows[0]?.t).toBeNull();
      // and the real migrations are complete and usable
      expect(await migrate(fresh.store)).toEqual({ applied: [], version: latestVersion() });
    });

    it('refuses a database whose migration history disagrees with the code', async () => {
      fresh = await backend.fresh();
      await migrate(fresh.store);
      const renamed = MIGRATIONS.map((m) => ({ ...m, name: `${m.name}_renamed` }));
      await expect(migrate(fresh.store, renamed)).rejects.toThrow(/records migration 1 as "assessment"/);
    });
  });
}
