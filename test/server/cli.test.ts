/**
 * The command-line side of the workspace: `qmsr users` (accounts without a
 * server, e.g. recovery) and `qmsr backup` / `qmsr restore` of a database
 * with accounts, signatures and the audit trail (embedded back-end).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents, verifyAuditChain } from '../../src/assessment/audit.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { buildApp } from '../../src/server/app.js';
import { migrate, openStore } from '../../src/store/index.js';
import { runCli } from '../support/run-cli.js';
import { Client, createAssessment, newEmbeddedData, PASSWORD } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');

function qmsr(args: string[], input = ''): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'qmsr.js'), ...args], { cwd: root, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('qmsr users, qmsr backup and qmsr restore (embedded)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qmsr-cli-'));
  const data = join(dir, 'data');
  const restored = join(dir, 'restored');
  const backup = join(dir, 'workspace.qmsrbak');
  mkdirSync(data);
  mkdirSync(restored);
  let signatureId = '';

  beforeAll(async () => {
    await Promise.all([newEmbeddedData(data), newEmbeddedData(restored)]);
    const store = await openStore({ data });
    await migrate(store);
    const app = await buildApp({ store, kb: getKnowledgeBase(), options: { dataDir: data } });
    const admin = new Client(app).adopt(await app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'admin', fullName: 'Ada Admin', password: PASSWORD } }));
    const { id } = await createAssessment(admin);
    const sig = await admin.post(`/api/assessments/${id}/signatures`, { username: 'admin', password: PASSWORD, meaning: 'approval' });
    signatureId = sig.json().id;
    await app.close();
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds an account with the password from standard input, and audits it under the OS user', async () => {
    const add = qmsr(['users', 'add', 'Carol', '--name', 'Carol Reviewer', '--role', 'reviewer', '--data', data, '--reason', 'new QA reviewer'], `${PASSWORD}\n`);
    expect(add.stderr).toContain('Created carol (reviewer).');
    expect(add.code).toBe(0);
    const weak = qmsr(['users', 'add', 'dave', '--name', 'Dave', '--role', 'viewer', '--data', data], 'short\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    const list = await runCli(['users', 'list', '--data', data, '--format', 'json']);
    expect(list.code).toBe(0);
    const users = JSON.parse(list.stdout).users as { username: string; role: string; mustChangePassword: boolean }[];
    expect(users.map((u) => [u.username, u.role, u.mustChangePassword])).toEqual([
      ['admin', 'admin', false],
      ['carol', 'reviewer', true],
    ]);
    const store = await openStore({ data });
    try {
      const events = await listAuditEvents(store.db, { action: 'user.create' });
      expect(events[0]!.actorId).toMatch(/^os:/);
      expect(events[0]!.reason).toBe('new QA reviewer');
    } finally {
      await store.close();
    }
  });

  it('changes roles, refuses to deactivate the last administrator, and resets a password', async () => {
    expect((await runCli(['users', 'set-role', 'carol', 'assessor', '--data', data, '--reason', 'moved team'])).code).toBe(0);
    const last = await runCli(['users', 'deactivate', 'admin', '--data', data, '--reason', 'test']);
    expect(last.code).toBe(2);
    expect(last.stderr).toMatch(/only active administrator/);
    const reset = qmsr(['users', 'reset-password', 'admin', '--data', data, '--reason', 'forgot it'], `new ${PASSWORD}\n`);
    expect(reset.code).toBe(0);
    const list = JSON.parse((await runCli(['users', 'list', '--data', data, '--format', 'json'])).stdout).users as { username: string; role: string; mustChangePassword: boolean }[];
    expect(list.map((u) => [u.username, u.role, u.mustChangePassword])).toEqual([
      ['admin', 'admin', true],
      ['carol', 'assessor', true],
    ]);
  });

  it('backs up and restores everything, signatures and the audit chain included', async () => {
    const b = await runCli(['backup', '--data', data, '--output', backup]);
    expect(b.stderr).toMatch(/Wrote .*workspace\.qmsrbak/);
    expect(b.code).toBe(0);
    const r = await runCli(['restore', backup, '--data', restored]);
    expect(r.stderr).toMatch(/Restored/);
    expect(r.code).toBe(0);
    const again = await runCli(['restore', backup, '--data', restored]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/needs an empty database/);

    const [a, c] = [await openStore({ data }), await openStore({ data: restored })];
    try {
      for (const table of ['users', 'signatures', 'audit_events', 'sessions', 'login_attempts'] as const) {
        const rows = async (s: typeof a) => (await s.db.selectFrom(table).selectAll().execute()).length;
        expect(await rows(c), table).toBe(await rows(a));
      }
      const sig = await c.db.selectFrom('signatures').selectAll().where('id', '=', signatureId).executeTakeFirstOrThrow();
      const orig = await a.db.selectFrom('signatures').selectAll().where('id', '=', signatureId).executeTakeFirstOrThrow();
      expect(Buffer.compare(sig.content, orig.content)).toBe(0);
      expect(sig.signed_at.toISOString()).toBe(orig.signed_at.toISOString());
      expect(await verifyAuditChain(c)).toMatchObject({ ok: true, head: (await verifyAuditChain(a)).head });
    } finally {
      await a.close();
      await c.close();
    }
  });
});
