/**
 * The example workspace behind `npm run demo`: seeded into a new folder, it
 * serves the Northwind assessment with the example SOPs in its document
 * library (scanned, findings, redlines), evidence proposed and a few items
 * assessed, all audited; the first visit still creates the administrator.
 * A folder that holds a workspace is never seeded again, so work done in it
 * is kept. Checked through the HTTP API, embedded database.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { buildApp } from '../../src/server/app.js';
import { EXAMPLE_ASSESSMENT_NAME, exampleSops, prepareExampleWorkspace } from '../../src/server/example-workspace.js';
import type { PreparedWorkspace } from '../../src/server/example-workspace.js';
import { migrate, openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { runCli } from '../support/run-cli.js';
import { Client, newEmbeddedData, PASSWORD } from './helpers.js';

const actor = { id: 'os:demo', name: 'Demo Runner' };

interface Served {
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

/** The workspace app over `dataDir`, as `qmsr serve --data dataDir` builds it. */
async function serve(dataDir: string): Promise<Served> {
  const store = await openStore({ data: dataDir });
  await migrate(store);
  const app = await buildApp({ store, kb: getKnowledgeBase(), options: { dataDir } });
  return {
    app,
    store,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

interface Doc {
  path: string;
  findingsCount: number;
  needsRevision: boolean;
}

describe('the example workspace (npm run demo)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qmsr-example-'));
  const data = join(dir, 'demo-workspace');
  let prepared: PreparedWorkspace;
  let served: Served | undefined;
  let admin: Client;
  let id = '';

  beforeAll(async () => {
    // A copy of a migrated database instead of creating one (seconds); the rest is what `npm run demo` does.
    prepared = await prepareExampleWorkspace(data, { actor, today: '2026-11-25', initialise: newEmbeddedData });
    served = await serve(data);
  });
  afterAll(async () => {
    await served?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds a new folder completely and leaves no staging folder behind', () => {
    expect(prepared.seeded).toBe(true);
    if (!prepared.seeded) return;
    expect(prepared.seed).toMatchObject({ name: EXAMPLE_ASSESSMENT_NAME, documents: 9, assessed: 5 });
    expect(prepared.seed.findings).toBeGreaterThan(50);
    expect(prepared.seed.proposed).toBeGreaterThan(50);
    expect(existsSync(`${data}.seeding`)).toBe(false);
    expect(existsSync(join(data, 'LOCK'))).toBe(true); // held by the app the test serves
  });

  it('asks for the first administrator on the first visit, then signs in', async () => {
    const app = served!.app;
    expect((await app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needsSetup: true });
    const setup = await app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'admin', fullName: 'Ada Admin', password: PASSWORD } });
    expect(setup.statusCode).toBe(201);
    admin = await new Client(app).login('admin');
    expect(admin.user?.role).toBe('admin');
  });

  it('holds the example assessment with its checklist and a few assessed items', async () => {
    const list = (await admin.get('/api/assessments')).json().assessments as { id: string; name: string; organization: string; items: number }[];
    expect(list.map((a) => [a.name, a.organization])).toEqual([[EXAMPLE_ASSESSMENT_NAME, 'Northwind Medical']]);
    id = list[0]!.id;
    const items = (await admin.get(`/api/assessments/${id}/items`)).json().items as { itemId: string; status: string; owner: string | null; dueDate: string | null }[];
    expect(items.length).toBeGreaterThan(80);
    const assessed = items.filter((i) => i.status !== 'not-assessed');
    expect(assessed.map((i) => [i.itemId, i.status]).sort()).toEqual([
      ['change.inspection-of-reports', 'gap'],
      ['iso.4.2.4', 'compliant'],
      ['iso.7.3.7', 'partial'],
      ['iso.8.2.1', 'compliant'],
      ['iso.8.2.2', 'partial'],
    ]);
    expect(items.find((i) => i.itemId === 'change.inspection-of-reports')).toMatchObject({ owner: 'Dana Lee', dueDate: '2027-01-09' });
    const overview = (await admin.get(`/api/assessments/${id}`)).json().summary as { byStatus: Record<string, number>; openActions: number };
    expect(overview.byStatus).toMatchObject({ gap: 1, partial: 2, compliant: 2 });
    expect(overview.openActions).toBe(1);
  });

  it('has the example SOPs in the document library, uploaded, scanned, with findings and redlines', async () => {
    const docs = (await admin.get(`/api/assessments/${id}/documents`)).json().documents as Doc[];
    expect(docs.map((d) => d.path).sort()).toEqual(exampleSops().map((p) => `uploads/${basename(p)}`).sort());
    expect(docs.reduce((n, d) => n + d.findingsCount, 0)).toBe(prepared.seeded ? prepared.seed.findings : -1);
    expect(docs.filter((d) => d.needsRevision).length).toBe(8);
    expect(docs.find((d) => d.path === 'uploads/SOP-008 Customer Feedback (QMSR).docx')).toMatchObject({ findingsCount: 0, needsRevision: false });

    const path = 'uploads/SOP-005 Management Review.docx';
    const findings = await admin.get(`/api/assessments/${id}/documents/findings?path=${encodeURIComponent(path)}`);
    expect(findings.statusCode).toBe(200);
    expect((findings.json().findings as unknown[]).length).toBe(docs.find((d) => d.path === path)!.findingsCount);
    const red = await admin.get(`/api/assessments/${id}/documents/redline?path=${encodeURIComponent(path)}`);
    expect(red.statusCode).toBe(200);
    expect(red.headers['content-type']).toMatch(/wordprocessingml/);
    expect(Number(red.headers['x-qmsr-changes'])).toBeGreaterThan(0);

    // Exactly as an upload through the web app: one audited event per file.
    const uploads = (await admin.get(`/api/audit?assessmentId=${id}&action=document.upload`)).json().events as { entityId: string; actorName: string }[];
    expect(uploads.map((e) => e.entityId).sort()).toEqual(docs.map((d) => d.path).sort());
    expect(new Set(uploads.map((e) => e.actorName))).toEqual(new Set(['Demo Runner']));
  });

  it('has evidence proposed by the scan, two proposals accepted, and an intact audit trail', async () => {
    const proposed = (await admin.get(`/api/assessments/${id}/evidence?state=proposed`)).json().evidence as { documentPath: string }[];
    expect(proposed.length).toBeGreaterThan(50);
    expect(proposed.every((e) => e.documentPath.startsWith('uploads/'))).toBe(true);
    const accepted = (await admin.get(`/api/assessments/${id}/evidence?state=accepted`)).json().evidence as { itemId: string; documentPath: string }[];
    expect(accepted.map((e) => [e.itemId, e.documentPath]).sort()).toEqual([
      ['iso.4.2.4', 'uploads/SOP-001 Document Control.docx'],
      ['iso.8.2.1', 'uploads/SOP-008 Customer Feedback (QMSR).docx'],
    ]);
    const verify = (await admin.get('/api/audit/verify')).json() as { ok: boolean };
    expect(verify.ok).toBe(true);
    const updates = (await admin.get(`/api/audit?assessmentId=${id}&action=item.update&itemId=iso.7.3.7`)).json().events as { reason: string }[];
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((e) => /^Example: /.test(e.reason))).toBe(true);
  });

  it('never seeds a folder that holds a workspace again: the work done in it is kept', async () => {
    const item = (await admin.get(`/api/assessments/${id}/items/iso.7.3.7`)).json() as { version: number };
    const patch = await admin.patch(`/api/assessments/${id}/items/iso.7.3.7`, { version: item.version, status: 'gap', notes: 'my own finding', reason: 'reviewed' });
    expect(patch.statusCode).toBe(200);
    await served!.close();
    served = undefined;

    const again = await prepareExampleWorkspace(data, { actor });
    expect(again).toEqual({ seeded: false, dataDir: data });

    served = await serve(data);
    expect((await served.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needsSetup: false });
    const c = await new Client(served.app).login('admin');
    expect(((await c.get('/api/assessments')).json().assessments as unknown[]).length).toBe(1);
    expect((await c.get(`/api/assessments/${id}/items/iso.7.3.7`)).json()).toMatchObject({ status: 'gap', notes: 'my own finding' });
    expect(((await c.get(`/api/assessments/${id}/documents`)).json().documents as unknown[]).length).toBe(9);
  });

  it('leaves any non-empty folder alone, and the CLI flag needs --data', async () => {
    const other = join(dir, 'not-empty');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    expect(await prepareExampleWorkspace(other, { actor })).toEqual({ seeded: false, dataDir: other });
    expect(existsSync(join(other, 'db'))).toBe(false);

    const cli = await runCli(['serve', '--example', '--port', '0']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/--example needs --data DIR/);
  });
});
