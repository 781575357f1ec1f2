/** Backup and restore: round trip on each back-end and across back-ends. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupStore, DATA_TABLES, migrate, newId, restoreStore, updateWithVersion } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { latestVersion } from '../../src/store/migrate.js';
import { BACKENDS, tempDataDir } from './backends.js';
import type { Backend, Fresh } from './backends.js';
import { sha } from './fixtures.js';

/** Every row of every data table, as PostgreSQL renders it (exact, microseconds included). */
async function snapshot(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of DATA_TABLES) {
    const order = sql.join(t.key.map((k) => sql.ref(`t.${k}`)));
    const { rows } = await sql<{ r: unknown }>`select to_jsonb(t) as r from ${sql.table(t.name)} as t order by ${order}`.execute(store.db);
    out[t.name] = rows.map((r) => r.r);
  }
  return out;
}

/** A small but complete assessment touching every table. */
async function populate(store: Store): Promise<void> {
  const a = newId();
  await store.db.insertInto('assessments').values({ id: a, name: 'Backup “test” ü', organization: 'Acme', kb_version: '2026.1', profile: JSON.stringify({ classes: ['II', 'III'], sterile: true, n: 1.5, none: null }) }).execute();
  await store.db.insertInto('assessment_items').values([{ assessment_id: a, item_id: '820.10' }, { assessment_id: a, item_id: '820.30(a)', due_date: '2026-02-28', priority: 'critical' }]).execute();
  await updateWithVersion(store.db, 'assessment_items', { assessment_id: a, item_id: '820.10' }, 1, { status: 'gap', notes: 'line 1\nline 2\ttab "quotes" \\ backslash' }, { by: 'alice', reason: 'gap analysis' });
  await store.db.insertInto('evidence').values({ id: newId(), assessment_id: a, item_id: '820.10', document_path: 'sops/SOP-1.docx', document_sha256: sha('1'), location: JSON.stringify({ paragraph: 4 }), excerpt: 'excerpt', source: 'scan', state: 'accepted', decided_by: 'bob', decided_at: '2026-01-02T03:04:05.123456Z' }).execute();
  await store.db.insertInto('documents').values({ assessment_id: a, path: 'sops/SOP-1.docx', sha256: sha('1'), format: 'docx', findings_count: 2, needs_revision: true }).execute();
  await store.db.insertInto('actions').values({ id: newId(), assessment_id: a, item_id: '820.10', title: 'Fix SOP-1', due_date: '2026-03-01' }).execute();
  await store.db.insertInto('scan_runs').values({ id: newId(), assessment_id: a, tool_version: '0.1.0', kb_version: '2026.1', summary: JSON.stringify({ findings: 2 }), started_at: '2026-01-01T00:00:00.000001Z', finished_at: '2026-01-01T00:00:01.5Z' }).execute();
}

const available = BACKENDS.filter((b) => b.skip === undefined);

describe('backup and restore', () => {
  const files = tempDataDir();
  const sources = new Map<string, Fresh>();
  const extra: Fresh[] = [];
  async function target(backend: Backend): Promise<Fresh> {
    const f = await backend.fresh();
    extra.push(f);
    await migrate(f.store);
    return f;
  }

  beforeAll(async () => {
    for (const b of available) {
      const f = await b.fresh();
      await migrate(f.store);
      await populate(f.store);
      await populate(f.store);
      sources.set(b.name, f);
    }
  });
  afterAll(async () => {
    for (const f of [...sources.values(), ...extra]) await f.dispose();
    rmSync(files, { recursive: true, force: true });
  });

  for (const from of BACKENDS) {
    for (const to of BACKENDS) {
      const skip = from.skip ?? to.skip;
      it.skipIf(skip !== undefined)(`round-trips ${from.name} → ${to.name} exactly`, async () => {
        const source = sources.get(from.name)!.store;
        const file = join(files, `${from.name}-${to.name}.jsonl`);
        const written = await backupStore(source, file);
        expect(written.rows).toMatchObject({ assessments: 2, assessment_items: 4, item_history: 4, evidence: 2, documents: 2, actions: 2, scan_runs: 2 });
        const dest = await target(to);
        const restored = await restoreStore(dest.store, file);
        expect(restored.rows).toEqual(written.rows);
        expect(await snapshot(dest.store)).toEqual(await snapshot(source));
        // microseconds survived
        const run = await sql<{ t: string }>`select started_at::text as t from scan_runs order by started_at limit 1`.execute(dest.store.db);
        expect(run.rows[0]!.t).toBe('2026-01-01 00:00:00.000001+00');
      });
    }
  }

  const first = available[0]!;
  it(`refuses to restore into a database that is not empty (${first.name})`, async () => {
    const file = join(files, 'nonempty.jsonl');
    await backupStore(sources.get(first.name)!.store, file);
    await expect(restoreStore(sources.get(first.name)!.store, file)).rejects.toThrow(/needs an empty database, but assessments .* has 2 rows/);
  });

  it(`refuses a backup from another schema version (${first.name})`, async () => {
    const file = join(files, 'version.jsonl');
    await backupStore(sources.get(first.name)!.store, file);
    const unmigrated = await first.fresh();
    extra.push(unmigrated);
    await expect(restoreStore(unmigrated.store, file)).rejects.toThrow(new RegExp(`has schema version ${latestVersion()}, but the database in .* is at version 0\\. Run the migrations on the database first\\.`));
  });

  it(`refuses a truncated or edited backup before writing anything (${first.name})`, async () => {
    const file = join(files, 'damaged.jsonl');
    await backupStore(sources.get(first.name)!.store, file);
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, lines.slice(0, -3).join('\n') + '\n');
    const dest = await target(first);
    await expect(restoreStore(dest.store, file)).rejects.toThrow(/incomplete \(no end marker\)/);
    writeFileSync(file, lines.join('\n').replace('Fix SOP-1', 'Fix SOP-2'));
    await expect(restoreStore(dest.store, file)).rejects.toThrow(/checksum mismatch/);
    expect((await snapshot(dest.store)).assessments).toEqual([]);
  });
});
