/**
 * The audit trail through the API: listing, verification, and tampering with
 * a row in the database (bypassing the append-only trigger the way someone
 * with database rights could) shows up in /api/audit/verify. Both back-ends.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, createAssessment, startTestApp } from './helpers.js';
import type { Client, TestApp } from './helpers.js';

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`audit trail API (${backend.name})`, () => {
    let t: TestApp;
    let reviewer: Client;
    beforeAll(async () => {
      t = await startTestApp(backend);
      reviewer = await t.userWithRole('reviewer', 'audrey');
      const a = await createAssessment(t.admin);
      await t.admin.patch(`/api/assessments/${a.id}/items/${encodeURIComponent(a.itemId)}`, { version: a.itemVersion, reason: 'evidence reviewed', status: 'compliant' });
    });
    afterAll(async () => t?.close());

    it('lists events in chain order with actor and reason, and pages', async () => {
      const res = await reviewer.get('/api/audit?action=item.update');
      expect(res.statusCode).toBe(200);
      const events = res.json().events;
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorName: 'Ada Admin (admin)', field: 'status', oldValue: 'not-assessed', newValue: 'compliant', reason: 'evidence reviewed' });
      const page = (await reviewer.get('/api/audit?limit=3')).json().events as { seq: number }[];
      expect(page.map((e) => e.seq)).toEqual([1, 2, 3]);
      const next = (await reviewer.get('/api/audit?limit=2&afterSeq=3')).json().events as { seq: number }[];
      expect(next.map((e) => e.seq)).toEqual([4, 5]);
      expect((await (await t.userWithRole('viewer')).get('/api/audit')).statusCode).toBe(403);
    });

    it('verifies the chain, and names the first event changed behind its back', async () => {
      const ok = (await reviewer.get('/api/audit/verify')).json();
      expect(ok).toMatchObject({ ok: true });
      expect(ok.count).toBeGreaterThan(10);
      await sql`alter table audit_events disable trigger audit_events_append_only`.execute(t.store.db);
      await sql`update audit_events set reason = 'nothing to see here' where seq = 5`.execute(t.store.db);
      await sql`alter table audit_events enable trigger audit_events_append_only`.execute(t.store.db);
      const bad = (await reviewer.get('/api/audit/verify')).json();
      expect(bad).toMatchObject({ ok: false, firstBadSeq: 5 });
      expect(bad.reason).toMatch(/changed after it was written/);
    });
  });
}
