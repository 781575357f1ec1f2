/**
 * The assessment from end to end through the real command line (in process):
 * scan the example SOPs (examples/sops; generated SOPs if that folder is
 * missing), create an assessment from the example profile, propose evidence
 * from the scan, accept and reject some, set statuses, add an action, write
 * every report format, and verify the audit trail.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { writeSops } from '../reports/sops.js';
import { runCli } from '../support/run-cli.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROFILE = join(root, 'examples', 'assessment', 'northwind.profile.json');

describe('assessment end to end', () => {
  let tmp: string;
  let sops: string;
  let data: string[];
  let id: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'qmsr-e2e-'));
    data = ['--data', join(tmp, '.qmsr')];
    sops = join(root, 'examples', 'sops');
    if (!existsSync(sops) || readdirSync(sops).length === 0) {
      sops = join(tmp, 'sops');
      await writeSops(sops);
    }
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('scan → create → propose → decide → statuses → action → every report → audit verify', async () => {
    const scanFile = join(tmp, 'scan.json');
    const scanned = await runCli(['scan', sops, '--format', 'json', '--output', scanFile, '--no-cache', '--jobs', '1', '--quiet']);
    expect([0, 1]).toContain(scanned.code);
    const scan = JSON.parse(readFileSync(scanFile, 'utf8')) as { files: { path: string; status: string; sha256: string }[] };
    const okFiles = scan.files.filter((f) => f.status === 'ok');
    expect(okFiles.length).toBeGreaterThan(2);

    const created = await runCli(['assessment', 'create', '--profile', PROFILE, '--name', 'E2E QMSR transition', ...data, '--as', 'E2E Tester']);
    expect(created.code, created.stderr).toBe(0);
    id = created.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.stderr).toContain('items apply');

    const proposed = await runCli(['assessment', 'evidence', id.slice(0, 8), '--scan', scanFile, '--root', sops, ...data, '--format', 'json']);
    expect(proposed.code, proposed.stderr).toBe(0);
    const result = JSON.parse(proposed.stdout) as { proposed: number; documents: number; withoutText: string[]; needsRevision: unknown[] };
    expect(result.documents).toBe(okFiles.length);
    expect(result.withoutText).toEqual([]);
    expect(result.proposed).toBeGreaterThan(10);
    expect(result.needsRevision.length).toBeGreaterThan(0);

    const listed = await runCli(['assessment', 'evidence', id, '--list', '--state', 'proposed', '--format', 'json', ...data]);
    const evidence = (JSON.parse(listed.stdout) as { evidence: { id: string; itemId: string }[] }).evidence;
    const accept = evidence.slice(0, 3).map((e) => e.id.slice(0, 8));
    expect((await runCli(['assessment', 'evidence', id, '--accept', ...accept, ...data])).code).toBe(0);
    const rejected = await runCli(['assessment', 'evidence', id, '--reject', evidence[3]!.id, '--reason', 'Mentions the topic only', ...data]);
    expect(rejected.code, rejected.stderr).toBe(0);

    const set = await runCli(['assessment', 'set', id, '7.3.7', '--status', 'gap', '--owner', 'Dana Lee', '--due', '2026-09-30', '--notes', 'No simulated-use protocol', '--reason', 'E2E review', ...data]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain('status not-assessed → gap');
    expect((await runCli(['assessment', 'set', id, 'iso.8.2.2', '--status', 'partial', '--owner', 'Sam Ortiz', ...data])).code).toBe(0);
    expect((await runCli(['assessment', 'set', id, evidence[0]!.itemId, '--status', 'compliant', '--reason', 'Evidence accepted', ...data])).code).toBe(0);
    const refused = await runCli(['assessment', 'set', id, '7.5.6', '--status', 'not-applicable', ...data]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('justification');
    const unknown = await runCli(['assessment', 'set', id, '9.9.9', '--status', 'gap', ...data]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no item "9.9.9"');

    const action = await runCli(['assessment', 'action', id, '7.3.7', '--title', 'Write a design validation protocol', '--owner', 'Dana Lee', '--due', '2026-08-31', ...data]);
    expect(action.code, action.stderr).toBe(0);

    const shown = await runCli(['assessment', 'show', id, '--format', 'json', ...data]);
    const show = JSON.parse(shown.stdout) as { summary: { byStatus: Record<string, number>; openActions: number; evidence: { accepted: number; rejected: number } } };
    expect(show.summary.byStatus).toMatchObject({ gap: 1, partial: 1, compliant: 1 });
    expect(show.summary.openActions).toBe(1);
    expect(show.summary.evidence).toMatchObject({ accepted: 3, rejected: 1 });
    const item = await runCli(['assessment', 'show', id, '--item', '7.3.7', ...data]);
    expect(item.stdout).toContain('E2E Tester');
    expect(item.stdout).toContain('item.update status: not-assessed → gap  (E2E review)');

    const reports: Record<string, string> = {};
    for (const format of ['xlsx', 'pdf', 'html', 'md', 'csv', 'json']) {
      const file = join(tmp, `report.${format}`);
      const r = await runCli(['report', id, '--output', file, ...data]);
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
      expect(statSync(file).size).toBeGreaterThan(1000);
      reports[format] = file;
    }
    expect(readFileSync(reports.pdf!).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(reports.xlsx!).subarray(0, 2).toString()).toBe('PK');
    const json = JSON.parse(readFileSync(reports.json!, 'utf8')) as { documentVersions: { path: string; sha256: string }[]; tool: { version: string }; kb: { version: string } };
    for (const f of okFiles) {
      const sha = createHash('sha256').update(readFileSync(join(sops, f.path))).digest('hex');
      expect(json.documentVersions).toContainEqual(expect.objectContaining({ path: f.path, sha256: sha }));
    }
    expect(readFileSync(reports.md!, 'utf8')).toContain(`Knowledge base | ${json.kb.version}`);
    expect(readFileSync(reports.html!, 'utf8')).toContain('<svg');

    const verify = await runCli(['audit', 'verify', ...data]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^Audit trail intact: \d+ events/);
    const exported = await runCli(['audit', 'export', '--output', join(tmp, 'audit.csv'), '--assessment', id, ...data]);
    expect(exported.code, exported.stderr).toBe(0);
    const csv = readFileSync(join(tmp, 'audit.csv'), 'utf8');
    expect(csv).toContain('evidence.reject');
    expect(csv).toContain('Mentions the topic only');

    // Someone with database rights rewrites one event: verify exits 1 and names it.
    const store = await openStore({ data: data[1]! });
    try {
      await sql`alter table audit_events disable trigger audit_events_append_only`.execute(store.db);
      await store.db.updateTable('audit_events').set({ new_value: 'compliant' }).where('seq', '=', '5').execute();
      await sql`alter table audit_events enable trigger audit_events_append_only`.execute(store.db);
    } finally {
      await store.close();
    }
    const broken = await runCli(['audit', 'verify', ...data]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('Audit trail BROKEN at event 5');
  });
});
