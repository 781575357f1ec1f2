/**
 * Reports over HTTP with the signature manifest, signing a report (the hash
 * of the exact bytes), and the audit trail as CSV. Both back-ends.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createAssessment, PASSWORD, startTestApp } from './helpers.js';
import type { Client, TestApp } from './helpers.js';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`reports and report signatures (${backend.name})`, () => {
    let t: TestApp;
    let reviewer: Client;
    let viewer: Client;
    let id = '';
    beforeAll(async () => {
      t = await startTestApp(backend);
      reviewer = await t.userWithRole('reviewer', 'ruth');
      viewer = await t.userWithRole('viewer', 'vic');
      ({ id } = await createAssessment(t.admin, 'Report test'));
    });
    afterAll(async () => t?.close());

    it('renders the JSON and Markdown reports with the signature manifest', async () => {
      const none = await viewer.get(`/api/assessments/${id}/reports/md`);
      expect(none.statusCode).toBe(200);
      expect(none.headers['content-type']).toMatch(/text\/markdown/);
      expect(none.body).toContain('No electronic signatures are recorded');
      const signed = await reviewer.post(`/api/assessments/${id}/signatures`, { username: 'ruth', password: PASSWORD, meaning: 'approval' });
      expect(signed.statusCode).toBe(201);
      const json = await viewer.get(`/api/assessments/${id}/reports/json`);
      expect(json.statusCode).toBe(200);
      expect(json.headers['content-disposition']).toMatch(/attachment; filename="qmsr-report-test-\d{4}-\d\d-\d\d\.json"/);
      const report = json.json();
      expect(report.signatures).toEqual([
        expect.objectContaining({ printedName: 'Reviewer ruth', username: 'ruth', meaning: 'approval', subjectSha256: signed.json().subjectSha256 }),
      ]);
      expect(report.signatures[0].subject).toMatch(/valid/);
      expect((await viewer.get(`/api/assessments/${id}/reports/docx`)).statusCode).toBe(400);
    });

    it('signs a report: the hash is of the exact bytes that were signed, and they are kept', async () => {
      const res = await reviewer.post(`/api/assessments/${id}/reports/md/signatures`, { password: PASSWORD, meaning: 'responsibility' });
      expect(res.statusCode).toBe(201);
      const sig = res.json();
      expect(sig).toMatchObject({ subjectType: 'report', reportFormat: 'md', meaning: 'responsibility', status: 'valid' });
      const content = await viewer.get(`/api/signatures/${sig.id}/content`);
      expect(content.headers['content-type']).toMatch(/text\/markdown/);
      expect(sha256(content.rawPayload)).toBe(sig.subjectSha256);
      expect(content.body).toContain('# ');
      // The earlier signature is in the report that was signed.
      expect(content.body).toContain('Reviewer ruth');
      const wrong = await reviewer.post(`/api/assessments/${id}/reports/md/signatures`, { password: 'wrong password!', meaning: 'review' });
      expect(wrong.statusCode).toBe(401);
    });

    it('exports the audit trail as CSV with both hashes', async () => {
      const res = await reviewer.get('/api/audit/export?format=csv');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      const lines = res.body.replace(/^\ufeff/, '').split('\r\n');
      expect(lines[0]).toBe('seq,at,actor_id,actor_name,action,entity,entity_id,assessment_id,item_id,field,old_value,new_value,reason,prev_hash,hash');
      expect(res.body).toContain('signature.sign');
      expect((await viewer.get('/api/audit/export')).statusCode).toBe(403);
    });
  });
}
