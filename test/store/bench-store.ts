/**
 * Measurements quoted in docs/database.md (not a test; run by hand):
 *   node --import tsx test/store/bench-store.ts [postgres://…]
 * Opens, 1,000 single-row committed inserts and 1,000 inserts in one
 * transaction on the embedded store (durable settings), on PGlite with its
 * defaults (fsync off) for contrast, and on a PostgreSQL server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrate, openStore } from '../../src/store/index.js';

const N = 1000;
const since = (t: number) => Math.round(performance.now() - t);
const out: Record<string, number | string> = {};

const dir = mkdtempSync(join(tmpdir(), 'qmsr-bench-'));
let t = performance.now();
let store = await openStore({ data: dir });
out['embedded: create new database (ms)'] = since(t);
await migrate(store);
await store.close();
t = performance.now();
store = await openStore({ data: dir });
out['embedded: open existing (ms)'] = since(t);
await store.db.insertInto('assessments').values({ id: 'a', name: 'bench', kb_version: '1' }).execute();
const fsyncs = store.fsyncCount!();
t = performance.now();
for (let i = 0; i < N; i++) await store.db.insertInto('documents').values({ assessment_id: 'a', path: `p${i}`, sha256: '0'.repeat(64), format: 'txt' }).execute();
out[`embedded: ${N} single-row committed inserts (ms)`] = since(t);
out['embedded: fsync calls during them'] = store.fsyncCount!() - fsyncs;
t = performance.now();
await store.transaction(async (trx) => {
  for (let i = 0; i < N; i++) await trx.insertInto('documents').values({ assessment_id: 'a', path: `q${i}`, sha256: '0'.repeat(64), format: 'txt' }).execute();
});
out[`embedded: ${N} inserts in one transaction (ms)`] = since(t);
await store.close();
rmSync(dir, { recursive: true, force: true });

const dir2 = mkdtempSync(join(tmpdir(), 'qmsr-bench-'));
let lite = await PGlite.create({ dataDir: dir2 });
await lite.close();
t = performance.now();
lite = await PGlite.create({ dataDir: dir2 });
out['PGlite defaults: open existing (ms)'] = since(t);
await lite.query('create table d (id int primary key, v text)');
t = performance.now();
for (let i = 0; i < N; i++) await lite.query('insert into d values ($1, $2)', [i, 'x']);
out[`PGlite defaults (fsync=off): ${N} committed inserts (ms)`] = since(t);
await lite.close();
rmSync(dir2, { recursive: true, force: true });

const url = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new pg.Client({ connectionString: url });
const table = `qmsr_bench_${process.pid}`;
try {
  t = performance.now();
  await client.connect();
  out['PostgreSQL: connect (ms)'] = since(t);
  // a regular table: commits that touch only a temp table write no WAL and need no fsync
  await client.query(`create table ${table} (id int primary key, v text)`);
  t = performance.now();
  for (let i = 0; i < N; i++) await client.query(`insert into ${table} values ($1, $2)`, [i, 'x']);
  out[`PostgreSQL: ${N} committed inserts (ms)`] = since(t);
} catch (err) {
  out['PostgreSQL'] = `not measured: ${(err as Error).message}`;
} finally {
  await client.query(`drop table if exists ${table}`).catch(() => undefined);
  await client.end().catch(() => undefined);
}
console.log(JSON.stringify(out, null, 1));
