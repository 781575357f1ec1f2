/**
 * Applies pending schema migrations, each in its own transaction together
 * with its row in `schema_migrations`, so a failed migration leaves the
 * database at the previous version. A database that a newer qmsr has
 * migrated is refused: old code must not write to a schema it doesn't know.
 * An advisory lock serialises concurrent migrators on a shared server.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/index.js';
import type { Schema } from './schema.js';

/** Lock id for pg_advisory_xact_lock ("qmsr" in ASCII). */
const MIGRATION_LOCK = 0x716d7372;

/** What {@link migrate} needs from a store. */
export interface Migratable {
  db: Kysely<Schema>;
  /** Where the database is, for error messages. */
  location?: string;
}

/** Outcome of {@link migrate}. */
export interface MigrateResult {
  /** Versions applied by this call. */
  applied: number[];
  /** Schema version after the call. */
  version: number;
}

/** The database has a migration this code does not know. */
export class NewerSchemaError extends Error {
  override name = 'NewerSchemaError';
  constructor(
    readonly databaseVersion: number,
    readonly knownVersion: number,
    where: string,
    migrationName: string,
  ) {
    super(
      `The qmsr database${where} has schema migration ${databaseVersion} (${migrationName}), but this version of qmsr only ` +
        `knows migrations up to ${knownVersion}. It was updated by a newer qmsr: upgrade qmsr before using this database.`,
    );
  }
}

/** The newest migration this code knows. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

/** The database's schema version: the highest applied migration, 0 if none (or no `schema_migrations` table). */
export async function schemaVersion(db: Kysely<Schema>): Promise<number> {
  const exists = await sql<{ t: string | null }>`select to_regclass('schema_migrations')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return 0;
  const row = await db.selectFrom('schema_migrations').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
  return row?.v ?? 0;
}

/** Apply every pending migration. Idempotent. Throws {@link NewerSchemaError} for a database from a newer qmsr. */
export async function migrate(store: Migratable, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  checkSequence(migrations);
  const where = store.location ? ` in ${store.location}` : '';
  await store.db.transaction().execute(async (trx) => {
    await lock(trx);
    await sql`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`.execute(trx);
    await checkApplied(trx, migrations, where);
  });
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await store.db.transaction().execute(async (trx) => {
      await lock(trx);
      const rows = await checkApplied(trx, migrations, where);
      if (rows.some((r) => r.version === m.version)) return false;
      await m.up(trx as unknown as Kysely<unknown>);
      await trx.insertInto('schema_migrations').values({ version: m.version, name: m.name }).execute();
      return true;
    });
    if (done) applied.push(m.version);
  }
  return { applied, version: await schemaVersion(store.db) };
}

async function lock(trx: Transaction<Schema>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(trx);
}

async function checkApplied(trx: Transaction<Schema>, migrations: readonly Migration[], where: string) {
  const rows = await trx.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
  const known = latestVersion(migrations);
  for (const row of rows) {
    if (row.version > known) throw new NewerSchemaError(row.version, known, where, row.name);
    const m = migrations.find((x) => x.version === row.version);
    if (!m || m.name !== row.name) {
      throw new Error(
        `The qmsr database${where} records migration ${row.version} as "${row.name}", but this qmsr calls it "${m?.name ?? '(missing)'}". ` +
          'The database and the code disagree about the schema history; restore from a backup or ask for help.',
      );
    }
  }
  return rows;
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration list is broken: expected version ${i + 1}, found ${m.version} (${m.name}).`);
  });
}
