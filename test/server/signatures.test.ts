/**
 * Electronic signatures: re-authentication, what a signature records, the
 * hash of exactly what was signed, and "subject changed since signing".
 * Both back-ends.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/assessment/audit.js';
import { getAssessment, listActions, listEvidence, listItems } from '../../src/assessment/service.js';
import { stableJson } from '../../src/scanner/hash.js';
import { BACKENDS, createAssessment, PASSWORD, startTestApp } from './helpers.js';
import type { Client, TestApp } from './helpers.js';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`electronic signatures (${backend.name})`, () => {
    let t: TestApp;
    let reviewer: Client;
    let assessor: Client;
    let a: { id: string; itemId: string; itemVersion: number };

    beforeAll(async () => {
      t = await startTestApp(backend);
      reviewer = await t.userWithRole('reviewer', 'rhea');
      assessor = await t.userWithRole('assessor', 'otto');
      a = await createAssessment(assessor);
    });
    afterAll(async () => t?.close());

    it('needs the username as well as the password for the first signature of a session', async () => {
      const res = await reviewer.post(`/api/assessments/${a.id}/signatures`, { password: PASSWORD, meaning: 'review' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('username-required');
      const other = await reviewer.post(`/api/assessments/${a.id}/signatures`, { username: 'admin', password: PASSWORD, meaning: 'review' });
      expect(other.statusCode).toBe(401);
      expect(await t.store.db.selectFrom('signatures').select('id').execute()).toEqual([]);
    });

    it('refuses a wrong password with 401 and records no signature', async () => {
      const res = await reviewer.post(`/api/assessments/${a.id}/signatures`, { username: 'rhea', password: 'not the password', meaning: 'review' });
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toMatch(/signature was not recorded/);
      expect(await t.store.db.selectFrom('signatures').select('id').execute()).toEqual([]);
      const failed = await listAuditEvents(t.store.db, { action: 'signature.failed' });
      expect(failed.map((e) => e.actorName)).toEqual(['Reviewer rhea (rhea)', 'Reviewer rhea (rhea)']);
      const attempts = await t.store.db.selectFrom('login_attempts').select(['kind', 'outcome']).where('username', '=', 'rhea').where('kind', '=', 'signature').execute();
      expect(attempts).toEqual([
        { kind: 'signature', outcome: 'bad-password' },
        { kind: 'signature', outcome: 'bad-password' },
      ]);
    });

    it('does not let a viewer or an assessor sign', async () => {
      expect((await assessor.post(`/api/assessments/${a.id}/signatures`, { username: 'otto', password: PASSWORD, meaning: 'approval' })).statusCode).toBe(403);
    });

    it('records printed name, meaning, UTC time and the SHA-256 of the canonical assessment', async () => {
      const before = Date.now();
      const manifest0 = (await reviewer.get(`/api/assessments/${a.id}/signatures`)).json();
      const res = await reviewer.post(`/api/assessments/${a.id}/signatures`, {
        username: 'rhea',
        password: PASSWORD,
        meaning: 'review',
        comment: 'Reviewed all items',
        expectedStateSha256: manifest0.currentStateSha256,
      });
      expect(res.statusCode).toBe(201);
      const sig = res.json();
      expect(sig).toMatchObject({
        printedName: 'Reviewer rhea',
        username: 'rhea',
        meaning: 'review',
        subjectType: 'assessment',
        comment: 'Reviewed all items',
        status: 'valid',
      });
      expect(sig.signedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(sig.signedAt)).toBeGreaterThanOrEqual(before - 5000);
      expect(sig.subjectSha256).toBe(manifest0.currentStateSha256);

      // The signed bytes are kept and hash to subjectSha256 ...
      const content = await reviewer.get(`/api/signatures/${sig.id}/content`);
      expect(content.statusCode).toBe(200);
      expect(sha256(content.rawPayload)).toBe(sig.subjectSha256);
      // ... and they are the canonical JSON of the assessment as the service shows it, computed independently here.
      const expected = stableJson({
        format: 'qmsr-assessment-state/1',
        assessment: await getAssessment(t.store, a.id),
        items: await listItems(t.store, a.id),
        evidence: await listEvidence(t.store, a.id),
        actions: await listActions(t.store, a.id),
      });
      expect(content.rawPayload.toString('utf8')).toBe(expected);
      expect(sha256(expected)).toBe(sig.subjectSha256);

      const events = await listAuditEvents(t.store.db, { action: 'signature.sign', entityId: sig.id });
      expect(events.map((e) => [e.field, e.newValue])).toEqual([
        ['meaning', 'review'],
        ['subject_sha256', sig.subjectSha256],
      ]);
      expect(events[0]!.assessmentId).toBe(a.id);
    });

    it('shows "subject changed since signing" once the assessment changes, and refuses a stale review', async () => {
      const before = (await reviewer.get(`/api/assessments/${a.id}/signatures`)).json();
      expect(before.signatures.map((s: { status: string }) => s.status)).toEqual(['valid']);
      const patched = await assessor.patch(`/api/assessments/${a.id}/items/${encodeURIComponent(a.itemId)}`, { version: a.itemVersion, reason: 'new information', status: 'gap' });
      expect(patched.statusCode).toBe(200);
      const after = (await reviewer.get(`/api/assessments/${a.id}/signatures`)).json();
      expect(after.currentStateSha256).not.toBe(before.currentStateSha256);
      expect(after.signatures[0]).toMatchObject({ status: 'subject-changed', statusText: 'subject changed since signing', subjectSha256: before.signatures[0].subjectSha256 });
      const stale = await reviewer.post(`/api/assessments/${a.id}/signatures`, { password: PASSWORD, meaning: 'approval', expectedStateSha256: before.currentStateSha256 });
      expect(stale.statusCode).toBe(409);
      // A later signature in the same session needs only the password.
      const fresh = await reviewer.post(`/api/assessments/${a.id}/signatures`, { password: PASSWORD, meaning: 'approval', expectedStateSha256: after.currentStateSha256 });
      expect(fresh.statusCode).toBe(201);
      const now = (await reviewer.get(`/api/assessments/${a.id}/signatures`)).json();
      expect(now.signatures.map((s: { meaning: string; status: string }) => [s.meaning, s.status])).toEqual([
        ['review', 'subject-changed'],
        ['approval', 'valid'],
      ]);
    });

    it('keeps signatures append-only in the database', async () => {
      await expect(sql`update signatures set printed_name = 'Someone Else'`.execute(t.store.db)).rejects.toThrow(/append-only|not allowed/);
      await expect(sql`delete from signatures`.execute(t.store.db)).rejects.toThrow(/append-only|not allowed/);
    });

    it('locks signing out after repeated wrong passwords', async () => {
      const signer = await t.userWithRole('reviewer', 'guesser');
      for (let i = 0; i < 5; i++) {
        expect((await signer.post(`/api/assessments/${a.id}/signatures`, { username: 'guesser', password: `wrong ${i} password`, meaning: 'review' })).statusCode).toBe(401);
      }
      const locked = await signer.post(`/api/assessments/${a.id}/signatures`, { username: 'guesser', password: PASSWORD, meaning: 'review' });
      expect(locked.statusCode).toBe(429);
      const mine = await t.store.db.selectFrom('signatures').select('id').where('username', '=', 'guesser').execute();
      expect(mine).toEqual([]);
    });
  });
}
