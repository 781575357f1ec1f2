/**
 * Portable backups: a JSON-lines dump of every data table that either
 * back-end can write and either back-end can restore.
 *
 * Line 1 is a header (format, schema version, source), then one line per row
 * (`{"table": …, "row": …}`, tables parents first, rows in key order), then a
 * footer with row counts and the SHA-256 of everything before it, so a
 * truncated or edited file is refused. Rows are rendered by PostgreSQL's own
 * `to_jsonb` and read back with `jsonb_populate_recordset`, which keeps
 * timestamps to the microsecond and every type exact.
 *
 * The dump is read in one repeatable-read transaction (a consistent
 * snapshot) and written to `<file>.partial`, fsynced and renamed into place.
 */
import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { fsyncPath } from './durable-fs.js';
import { schemaVersion } from './migrate.js';
import { DATA_TABLES } from './schema.js';
import type { Schema } from './schema.js';
import type { Store } from './store.js';

const FORMAT = 'qmsr-backup';
const FORMAT_VERSION = 1;
const BATCH = 500;

/** First line of a backup. */
export interface BackupHeader {
  format: typeof FORMAT;
  formatVersion: number;
  schemaVersion: number;
  createdAt: string;
  source: Store['kind'];
  tables: string[];
}

/** What was written or restored. */
export interface BackupSummary {
  schemaVersion: number;
  rows: Record<string, number>;
}

/** Write a backup of every data table to `file` (replaced atomically if it exists). */
export async function backupStore(store: Store, file: string): Promise<BackupSummary> {
  const target = resolve(file);
  const partial = `${target}.partial`;
  const handle = await open(partial, 'w');
  const hash = createHash('sha256');
  const write = async (line: string) => {
    const text = `${line}\n`;
    hash.update(text);
    await handle.write(text);
  };
  try {
    const summary = await store.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        await checkTablesKnown(trx);
        const header: BackupHeader = {
          format: FORMAT,
          formatVersion: FORMAT_VERSION,
          schemaVersion: await schemaVersion(trx),
          createdAt: new Date().toISOString(),
          source: store.kind,
          tables: DATA_TABLES.map((t) => t.name),
        };
        await write(JSON.stringify(header));
        const rows: Record<string, number> = {};
        for (const t of DATA_TABLES) {
          const order = sql.join(t.key.map((k) => sql.ref(`t.${k}`)));
          const result = await sql<{ r: unknown }>`select to_jsonb(t) as r from ${sql.table(t.name)} as t order by ${order}`.execute(trx);
          for (const { r } of result.rows) await write(JSON.stringify({ table: t.name, row: r }));
          rows[t.name] = result.rows.length;
        }
        return { schemaVersion: header.schemaVersion, rows };
      });
    const digest = hash.copy().digest('hex');
    await handle.write(`${JSON.stringify({ end: true, rows: summary.rows, sha256: digest })}\n`);
    await handle.sync();
    await handle.close();
    await rename(partial, target);
    fsyncPath(dirname(target));
    return summary;
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw err;
  }
}

/**
 * Restore a backup into an empty database whose schema version equals the
 * backup's (run `migrate` first). All rows go in one transaction.
 */
export async function restoreStore(store: Store, file: string): Promise<BackupSummary> {
  const { header, rows } = await readBackup(file);
  return store.transaction(async (trx) => {
    const version = await schemaVersion(trx);
    if (version !== header.schemaVersion) {
      throw new Error(
        `The backup ${file} has schema version ${header.schemaVersion}, but the database in ${store.location} is at version ${version}. ` +
          (version < header.schemaVersion
            ? 'Run the migrations on the database first.'
            : 'Restore into a database at the backup\'s version, then migrate it.'),
      );
    }
    await checkTablesKnown(trx);
    for (const t of DATA_TABLES) {
      const found = await trx.selectFrom(t.name).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      if (Number(found.n) > 0) throw new Error(`Restore needs an empty database, but ${t.name} in ${store.location} has ${found.n} rows.`);
    }
    const counts: Record<string, number> = {};
    for (const t of DATA_TABLES) {
      const list = rows.get(t.name) ?? [];
      for (let i = 0; i < list.length; i += BATCH) {
        const batch = JSON.stringify(list.slice(i, i + BATCH));
        await sql`insert into ${sql.table(t.name)} select * from jsonb_populate_recordset(null::${sql.table(t.name)}, ${batch}::jsonb)`.execute(trx);
      }
      const after = await trx.selectFrom(t.name).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      if (Number(after.n) !== list.length) throw new Error(`Restore of ${t.name}: expected ${list.length} rows, found ${after.n}.`);
      counts[t.name] = list.length;
    }
    return { schemaVersion: version, rows: counts };
  });
}

/** Parse and verify a backup file completely before anything is written. */
async function readBackup(file: string): Promise<{ header: BackupHeader; rows: Map<string, unknown[]> }> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const bad = (why: string) => new Error(`${file} is not a usable qmsr backup: ${why}.`);
  const header = parseLine(lines[0], bad) as Partial<BackupHeader>;
  if (header.format !== FORMAT) throw bad('missing header');
  if (header.formatVersion !== FORMAT_VERSION) throw bad(`format version ${header.formatVersion} is not supported`);
  const footer = parseLine(lines.at(-1), bad) as { end?: boolean; rows?: Record<string, number>; sha256?: string };
  if (lines.length < 2 || footer.end !== true) throw bad('it is incomplete (no end marker)');
  const body = `${lines.slice(0, -1).join('\n')}\n`;
  if (createHash('sha256').update(body).digest('hex') !== footer.sha256) throw bad('checksum mismatch (the file was changed or damaged)');
  const known = new Set<string>(DATA_TABLES.map((t) => t.name));
  const rows = new Map<string, unknown[]>();
  for (const line of lines.slice(1, -1)) {
    const entry = parseLine(line, bad) as { table?: string; row?: unknown };
    if (!entry.table || !known.has(entry.table) || typeof entry.row !== 'object') throw bad(`unknown table ${entry.table}`);
    let list = rows.get(entry.table);
    if (!list) rows.set(entry.table, (list = []));
    list.push(entry.row);
  }
  for (const [table, n] of Object.entries(footer.rows ?? {})) {
    if ((rows.get(table)?.length ?? 0) !== n) throw bad(`${table} should have ${n} rows`);
  }
  return { header: header as BackupHeader, rows };
}

function parseLine(line: string | undefined, bad: (why: string) => Error): unknown {
  if (line === undefined) throw bad('empty file');
  try {
    return JSON.parse(line);
  } catch {
    throw bad('a line is not valid JSON');
  }
}

/** Refuse to back up or restore if the database has a table this code does not list (a migration forgot DATA_TABLES). */
async function checkTablesKnown(db: Kysely<Schema> | Transaction<Schema>): Promise<void> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  const known = new Set<string>([...DATA_TABLES.map((t) => t.name), 'schema_migrations']);
  const unknown = rows.map((r) => r.table_name).filter((n) => !known.has(n));
  if (unknown.length > 0) throw new Error(`The database has tables that backups do not cover: ${unknown.join(', ')}. Add them to DATA_TABLES.`);
}
