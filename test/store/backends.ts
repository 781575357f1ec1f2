/**
 * The two back-ends every store test runs against: the embedded database
 * (PGlite in a temporary directory) and PostgreSQL (a fresh database
 * `qmsr_test_<random>` on 127.0.0.1:5432, dropped afterwards; override the
 * server with QMSR_TEST_DATABASE_URL). If PostgreSQL cannot be reached, its
 * runs are skipped and the reason is printed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';

/** A store on a brand-new, empty database, and how to get rid of it. */
export interface Fresh {
  store: Store;
  /** Close the store and delete the database (idempotent). */
  dispose(): Promise<void>;
  /** Open the same database again (after closing `store`). */
  reopen(): Promise<Store>;
}

/** One back-end under test. */
export interface Backend {
  name: 'embedded' | 'postgres';
  /** Why this back-end's tests are skipped, or undefined if they run. */
  skip: string | undefined;
  fresh(): Promise<Fresh>;
}

const ADMIN_URL = process.env.QMSR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    const u = new URL(ADMIN_URL);
    const detail = err instanceof AggregateError ? err.errors.map(String).join('; ') : String((err as Error).message || err);
    return `PostgreSQL not reachable on ${u.hostname}:${u.port || 5432}: ${detail}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgSkip = await probePostgres();
if (pgSkip) console.warn(`[store tests] skipping the postgres back-end: ${pgSkip}`);

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new temporary directory for an embedded database. */
/** The embedded store in `dir` (opened now; reopened on demand); disposing closes it and removes the folder. */
export async function embeddedIn(dir: string): Promise<Fresh> {
  let current = await openStore({ data: dir });
  return {
    get store() {
      return current;
    },
    async reopen() {
      current = await openStore({ data: dir });
      return current;
    },
    async dispose() {
      await current.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'qmsr-store-'));
}

const embedded: Backend = {
  name: 'embedded',
  skip: undefined,
  async fresh() {
    return embeddedIn(tempDataDir());
  },
};

const postgres: Backend = {
  name: 'postgres',
  skip: pgSkip,
  async fresh() {
    const name = `qmsr_test_${randomBytes(6).toString('hex')}`;
    await admin((c) => c.query(`create database ${name}`));
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    let current = await openStore({ url: url.toString() });
    let disposed = false;
    return {
      get store() {
        return current;
      },
      async reopen() {
        current = await openStore({ url: url.toString() });
        return current;
      },
      async dispose() {
        if (disposed) return;
        disposed = true;
        await current.close();
        await admin((c) => c.query(`drop database if exists ${name} with (force)`));
      },
    };
  },
};

/** Both back-ends, embedded first. */
export const BACKENDS: readonly Backend[] = [embedded, postgres];
