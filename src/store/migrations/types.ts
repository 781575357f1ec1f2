/**
 * The shape of a schema migration. Migrations are append-only history:
 * once released, a migration file is never edited; a change is a new file.
 * Only SQL that PostgreSQL 15 supports may be used (PGlite is PostgreSQL 18,
 * the team server is 15; the test suite runs every migration on both).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

/** One versioned migration. */
export interface Migration {
  /** 1, 2, 3, … with no gaps; the file is named `000N_<name>.ts`. */
  version: number;
  name: string;
  /** Apply the migration. Runs inside a transaction that also records it in `schema_migrations`. */
  up(db: Kysely<unknown>): Promise<void>;
}

/** `value IN ('a', 'b', …)` for a CHECK constraint, from string literals fixed in the migration. */
export function oneOf(column: string, values: readonly string[]): RawBuilder<unknown> {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
