/**
 * Opening the qmsr database: embedded (PGlite in `<data>/db`, the default)
 * or a PostgreSQL server for teams. The same migrations and queries serve
 * both. See docs/database.md.
 */
import { openEmbedded } from './embedded.js';
import { openPostgres } from './postgres.js';
import type { Store } from './store.js';

export type { Store } from './store.js';

/** Where the database is. */
export interface OpenStoreOptions {
  /** Directory for the embedded database (default `.qmsr`). */
  data?: string;
  /** `postgres://…` URL of a PostgreSQL 15+ server. */
  url?: string;
}

/** The default data directory, relative to the working directory. */
export const DEFAULT_DATA_DIR = '.qmsr';

/**
 * Open the database. An explicit `url` selects PostgreSQL and an explicit
 * `data` selects the embedded database; with neither, `DATABASE_URL` selects
 * PostgreSQL, else the embedded database in `.qmsr`. Giving both is an error.
 * Call `migrate(store)` before first use, and always `await store.close()`.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  if (options.url !== undefined && options.data !== undefined) {
    throw new Error('openStore: give either a data directory or a database URL, not both.');
  }
  if (options.url !== undefined) return openPostgres(options.url);
  if (options.data !== undefined) return openEmbedded(options.data);
  const env = process.env.DATABASE_URL;
  if (env) return openPostgres(env);
  return openEmbedded(DEFAULT_DATA_DIR);
}
