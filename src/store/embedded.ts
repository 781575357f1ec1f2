/**
 * The embedded back-end: PGlite (PostgreSQL compiled to WASM) in this
 * process, with its data in `<data>/db`, owned by exactly one process
 * (`<data>/LOCK`), and every COMMIT fsynced before it returns.
 *
 * A new database is created in `<data>/db.creating` and renamed into place
 * once it is complete and synced, so a crash during creation never leaves a
 * half-made database behind.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PGliteOptions } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { DurableNodeFS, durableStartParams, fsyncPath, fsyncTree, REQUIRED_SETTINGS } from './durable-fs.js';
import { acquireLock } from './lock.js';
import type { DirLock } from './lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import { registerForShutdown } from './shutdown.js';
import type { Schema } from './schema.js';
import { makeStore, transactionGuard } from './store.js';
import type { Store } from './store.js';

/** Read `date` as 'YYYY-MM-DD' and int8 as a string, exactly as the PostgreSQL back-end does. */
const PARSERS: NonNullable<PGliteOptions['parsers']> = {
  1082: (value: string) => value, // date
  20: (value: string) => value, // int8
};

/** Open (creating if needed) the embedded database under `dataDir`. */
export async function openEmbedded(dataDir: string): Promise<Store> {
  const dir = resolve(dataDir);
  const lock = await acquireLock(dir);
  let pglite: PGlite | undefined;
  try {
    const dbDir = join(dir, 'db');
    if (!existsSync(join(dbDir, 'PG_VERSION'))) await createDatabase(dir, dbDir);
    const fs = new DurableNodeFS(dbDir);
    pglite = await startPGlite(fs).catch((err: unknown) => {
      throw new Error(
        `Cannot open the qmsr database in ${dir}: ${(err instanceof Error ? err.message : String(err)).replace(/\.$/, '')}. ` +
          'If the data directory is damaged, restore it from a backup (restoreStore into a new data directory).',
        { cause: err },
      );
    });
    return storeFor(pglite, fs, lock, dir);
  } catch (err) {
    await pglite?.close().catch(() => undefined);
    lock.release();
    throw err;
  }
}

async function startPGlite(fs: DurableNodeFS): Promise<PGlite> {
  const pglite = await PGlite.create({ fs, startParams: durableStartParams(), relaxedDurability: false, parsers: PARSERS });
  try {
    if (!fs.installed) throw new Error('Durable fsync was not installed into PGlite; refusing to use the database.');
    for (const [name, expected] of Object.entries(REQUIRED_SETTINGS)) {
      const { rows } = await pglite.query<Record<string, string>>(`show ${name}`);
      const actual = rows[0] ? Object.values(rows[0])[0] : undefined;
      if (actual !== expected) throw new Error(`PGlite setting ${name} is ${actual}, expected ${expected}; refusing to use the database.`);
    }
  } catch (err) {
    await pglite.close();
    throw err;
  }
  return pglite;
}

async function createDatabase(dir: string, dbDir: string): Promise<void> {
  const tmp = join(dir, 'db.creating');
  rmSync(tmp, { recursive: true, force: true }); // left by a crash during an earlier creation; we hold the lock
  if (existsSync(dbDir)) {
    throw new Error(`${dbDir} exists but is not a database (no PG_VERSION). Move it away, or restore the data directory from a backup.`);
  }
  const pglite = await startPGlite(new DurableNodeFS(tmp));
  await pglite.query('checkpoint');
  await pglite.close();
  fsyncTree(tmp);
  renameSync(tmp, dbDir);
  fsyncPath(dir);
}

function storeFor(pglite: PGlite, fs: DurableNodeFS, lock: DirLock, dir: string): Store {
  const guard = transactionGuard();
  let changes = 0;
  const db = new Kysely<Schema>({
    dialect: new PGliteDialect({
      pglite,
      beforeAcquire: guard.beforeAcquire,
      afterChange: () => {
        changes += 1;
      },
    }),
  });
  const store = makeStore({
    db,
    kind: 'embedded',
    location: dir,
    owner: guard.owner,
    fsyncCount: () => fs.fsyncCount,
    changeCount: () => changes,
    async shutdown() {
      try {
        await pglite.close();
      } finally {
        unregister();
        lock.release();
      }
    },
  });
  const unregister = registerForShutdown({ close: () => store.close(), releaseLock: () => lock.release() });
  return store;
}
