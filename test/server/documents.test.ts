/**
 * Documents over HTTP: uploads (supported types only, size limit, names
 * cleaned, never outside the data folder), server folders (administrators),
 * scanning with evidence proposals, findings per document and the redlined
 * copy from the fixer. Both back-ends.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/assessment/audit.js';
import { BACKENDS, createAssessment, startTestApp } from './helpers.js';
import type { Client, TestApp } from './helpers.js';

const SOPS = join(import.meta.dirname, '..', '..', 'examples', 'sops');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A multipart/form-data body from named files (and fields). */
async function form(files: { name: string; bytes: Buffer }[], fields: Record<string, string> = {}): Promise<{ body: Buffer; type: string }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append('file', new Blob([new Uint8Array(f.bytes)]), f.name);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return { body: Buffer.from(await req.arrayBuffer()), type: req.headers.get('content-type')! };
}

async function upload(c: Client, id: string, files: { name: string; bytes: Buffer }[], fields?: Record<string, string>) {
  const { body, type } = await form(files, fields);
  return c.request('POST', `/api/assessments/${id}/documents`, body, { 'content-type': type });
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`documents (${backend.name})`, () => {
    let t: TestApp;
    let assessor: Client;
    let id = '';
    const md = readFileSync(join(SOPS, 'SOP-004 Complaint Handling.md'));
    const docx = readFileSync(join(SOPS, 'SOP-002 Design Controls.docx'));

    beforeAll(async () => {
      t = await startTestApp(backend, { uploads: { maxFileBytes: 200_000 } });
      assessor = await t.userWithRole('assessor', 'doc');
      ({ id } = await createAssessment(assessor, 'Documents'));
    });
    afterAll(async () => t?.close());

    it('stores uploads under the data folder with clean names, and audits them', async () => {
      const res = await upload(
        assessor,
        id,
        [
          { name: 'SOP-004 Complaint Handling.md', bytes: md },
          { name: 'SOP-002 Design Controls.docx', bytes: docx },
          { name: '../../../outside/evil<script>.md', bytes: Buffer.from('# 21 CFR 820.198\n') },
        ],
        { reason: 'current SOP set' },
      );
      expect(res.statusCode).toBe(201);
      const uploaded = res.json().uploaded as { path: string; sha256: string }[];
      expect(uploaded.map((u) => u.path)).toEqual(['uploads/SOP-004 Complaint Handling.md', 'uploads/SOP-002 Design Controls.docx', 'uploads/evil_script_.md']);
      expect(uploaded[0]!.sha256).toBe(sha256(md));
      const folder = join(t.dataDir, 'documents', id);
      expect(readdirSync(folder).sort()).toEqual(['SOP-002 Design Controls.docx', 'SOP-004 Complaint Handling.md', 'evil_script_.md']);
      expect(existsSync(join(dirname(t.dataDir), 'outside'))).toBe(false);
      const events = await listAuditEvents(t.store.db, { assessmentId: id, action: 'document.upload' });
      expect(events.map((e) => [e.entityId, e.newValue, e.reason, e.actorName])).toContainEqual(['uploads/SOP-004 Complaint Handling.md', sha256(md), 'current SOP set', 'Assessor doc (doc)']);
    });

    it('refuses unsupported types, oversized files and viewers', async () => {
      const exe = await upload(assessor, id, [{ name: 'tool.exe', bytes: Buffer.from('MZ') }]);
      expect(exe.statusCode).toBe(400);
      expect(exe.json().message).toMatch(/not a supported document type/);
      const big = await upload(assessor, id, [{ name: 'big.txt', bytes: Buffer.alloc(300_000, 'a') }]);
      expect(big.statusCode).toBe(413);
      // All or nothing: a good file in a refused request is not kept, and nothing is audited.
      const mixed = await upload(assessor, id, [
        { name: 'SOP-099 Good.md', bytes: md },
        { name: 'bad.exe', bytes: Buffer.from('MZ') },
      ]);
      expect(mixed.statusCode).toBe(400);
      expect(existsSync(join(t.dataDir, 'documents', id, 'SOP-099 Good.md'))).toBe(false);
      expect(await listAuditEvents(t.store.db, { entityId: 'uploads/SOP-099 Good.md' })).toEqual([]);
      const left = readdirSync(join(t.dataDir, 'documents', id));
      expect(left.filter((n) => n.startsWith('.upload-') || n === 'big.txt' || n === 'tool.exe')).toEqual([]);
      const viewer = await t.userWithRole('viewer');
      expect((await upload(viewer, id, [{ name: 'a.md', bytes: md }])).statusCode).toBe(403);
      const noCsrf = await form([{ name: 'a.md', bytes: md }]);
      const res = await assessor.request('POST', `/api/assessments/${id}/documents`, noCsrf.body, { 'content-type': noCsrf.type, 'x-csrf-token': 'x' });
      expect(res.statusCode).toBe(403);
    });

    it('registers a server folder only for administrators, and only a real folder', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'qmsr-sops-'));
      copyFileSync(join(SOPS, 'SOP-007 Purchasing.md'), join(dir, 'SOP-007 Purchasing.md'));
      try {
        expect((await assessor.post(`/api/assessments/${id}/folders`, { path: dir, reason: 'QMS share' })).statusCode).toBe(403);
        expect((await t.admin.post(`/api/assessments/${id}/folders`, { path: join(dir, 'missing'), reason: 'x' })).statusCode).toBe(400);
        expect((await t.admin.post(`/api/assessments/${id}/folders`, { path: 'relative/path', reason: 'x' })).statusCode).toBe(400);
        const ok = await t.admin.post(`/api/assessments/${id}/folders`, { path: dir, reason: 'QMS share' });
        expect(ok.statusCode).toBe(201);
        expect((await assessor.get(`/api/assessments/${id}/folders`)).json().folders).toEqual([ok.json().path]);

        const scan = await assessor.post(`/api/assessments/${id}/scan`, {});
        expect(scan.statusCode).toBe(200);
        expect(scan.json()).toMatchObject({ documents: 4 });
        expect(scan.json().proposed).toBeGreaterThan(0);
        const docs = (await assessor.get(`/api/assessments/${id}/documents`)).json().documents as { path: string; findingsCount: number }[];
        expect(docs.map((d) => d.path)).toEqual(
          expect.arrayContaining(['uploads/SOP-002 Design Controls.docx', 'uploads/SOP-004 Complaint Handling.md', `${ok.json().path}/SOP-007 Purchasing.md`]),
        );
        const evidence = (await assessor.get(`/api/assessments/${id}/evidence?state=proposed`)).json().evidence as unknown[];
        expect(evidence.length).toBe(scan.json().proposed);

        const path = 'uploads/SOP-002 Design Controls.docx';
        const findings = await assessor.get(`/api/assessments/${id}/documents/findings?path=${encodeURIComponent(path)}`);
        expect(findings.statusCode).toBe(200);
        const list = findings.json().findings as { context?: string; replacements: unknown[]; ruleId: string }[];
        expect(list.length).toBe(docs.find((d) => d.path === path)!.findingsCount);
        expect(list.length).toBeGreaterThan(0);
        expect(list.some((f) => f.context && f.replacements.length > 0)).toBe(true);

        const red = await assessor.get(`/api/assessments/${id}/documents/redline?path=${encodeURIComponent(path)}`);
        expect(red.statusCode).toBe(200);
        expect(red.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
        expect(red.headers['content-disposition']).toContain('SOP-002 Design Controls.qmsr-redline.docx');
        expect(red.rawPayload.subarray(0, 2).toString()).toBe('PK');
        expect(Number(red.headers['x-qmsr-changes'])).toBeGreaterThan(0);
        expect(readFileSync(join(t.dataDir, 'documents', id, 'SOP-002 Design Controls.docx')).equals(docx)).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('never reads a file outside the document folders', async () => {
      for (const p of ['/etc/passwd', 'uploads/../../../../etc/passwd', `uploads/../${id}/../x.md`, join(t.dataDir, 'documents', id, 'SOP-004 Complaint Handling.md')]) {
        const res = await assessor.get(`/api/assessments/${id}/documents/redline?path=${encodeURIComponent(p)}`);
        expect(res.statusCode, p).toBe(404);
      }
      expect((await assessor.get(`/api/assessments/${id}/documents/findings?path=${encodeURIComponent('/etc/passwd')}`)).statusCode).toBe(404);
    });
  });
}

