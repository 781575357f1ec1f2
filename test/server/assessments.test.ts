/**
 * The assessment over HTTP: create from a profile, summary and heat map,
 * item filters, edits with the optimistic version check (409 naming who and
 * when), comments, actions and evidence, each leaving audit events with the
 * signed-in user as actor and the reason. Both back-ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/assessment/audit.js';
import { BACKENDS, createAssessment, startTestApp } from './helpers.js';
import type { Client, TestApp } from './helpers.js';

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`assessment API (${backend.name})`, () => {
    let t: TestApp;
    let assessor: Client;
    let reviewer: Client;
    let a: { id: string; itemId: string; itemVersion: number };
    const item = () => `/api/assessments/${a.id}/items/${encodeURIComponent(a.itemId)}`;

    beforeAll(async () => {
      t = await startTestApp(backend);
      assessor = await t.userWithRole('assessor', 'sam');
      reviewer = await t.userWithRole('reviewer', 'rita');
      a = await createAssessment(assessor, 'Northwind gap assessment');
    });
    afterAll(async () => t?.close());

    it('creates an assessment from a profile and shows its summary and heat map', async () => {
      const res = await assessor.get(`/api/assessments/${a.id}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.assessment).toMatchObject({ id: a.id, name: 'Northwind gap assessment', organization: expect.any(String) });
      expect(body.summary.applicable).toBeGreaterThan(10);
      expect(body.summary.heatMap.cells.length).toBe(body.summary.heatMap.areas.length * body.summary.heatMap.columns.length);
      const list = (await t.client().login('sam')).get('/api/assessments');
      expect((await list).json().assessments.map((x: { id: string }) => x.id)).toContain(a.id);
      const created = await listAuditEvents(t.store.db, { assessmentId: a.id, action: 'assessment.create' });
      expect(created[0]!.actorName).toBe('Assessor sam (sam)');
      const bad = await assessor.post('/api/assessments', { name: 'x', profile: { organization: 'X', deviceClasses: ['IV'] } });
      expect(bad.statusCode).toBe(400);
    });

    it('filters items by status, FDA-specific, area and owner', async () => {
      const all = (await assessor.get(`/api/assessments/${a.id}/items`)).json().items as { itemId: string; fdaSpecific: boolean; area: { id: string } }[];
      const fda = (await assessor.get(`/api/assessments/${a.id}/items?fdaSpecific=true`)).json().items as { fdaSpecific: boolean }[];
      expect(fda.length).toBeGreaterThan(0);
      expect(fda.length).toBeLessThan(all.length);
      expect(fda.every((i) => i.fdaSpecific)).toBe(true);
      const area = all[0]!.area.id;
      const inArea = (await assessor.get(`/api/assessments/${a.id}/items?area=${encodeURIComponent(area)}`)).json().items as { area: { id: string } }[];
      expect(inArea.length).toBeGreaterThan(0);
      expect(inArea.every((i) => i.area.id === area)).toBe(true);
      expect((await assessor.get(`/api/assessments/${a.id}/items?status=bogus`)).statusCode).toBe(400);
      expect((await assessor.get(`/api/assessments/${a.id}/items?colour=red`)).statusCode).toBe(400);
    });

    it('changes an item with version and reason, and answers 409 naming who changed it and when', async () => {
      const noReason = await assessor.patch(item(), { version: a.itemVersion, status: 'partial' });
      expect(noReason.statusCode).toBe(400);
      const first = await assessor.patch(item(), { version: a.itemVersion, reason: 'SOP-002 covers most of it', status: 'partial', owner: 'Sam' });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ status: 'partial', owner: 'Sam', version: a.itemVersion + 1 });
      const stale = await t.admin.patch(item(), { version: a.itemVersion, reason: 'I think it is compliant', status: 'compliant' });
      expect(stale.statusCode).toBe(409);
      const body = stale.json();
      expect(body.error).toBe('conflict');
      expect(body.message).toMatch(/changed by Assessor sam \(sam\) at \d{4}-\d\d-\d\dT/);
      expect(body).toMatchObject({ changedBy: 'Assessor sam (sam)', yourVersion: a.itemVersion, currentVersion: a.itemVersion + 1 });
      const now = (await assessor.get(item())).json();
      expect(now.status).toBe('partial');
      const events = await listAuditEvents(t.store.db, { assessmentId: a.id, itemId: a.itemId, action: 'item.update' });
      expect(events.map((e) => [e.actorName, e.field, e.oldValue, e.newValue, e.reason])).toEqual([
        ['Assessor sam (sam)', 'status', 'not-assessed', 'partial', 'SOP-002 covers most of it'],
        ['Assessor sam (sam)', 'owner', null, 'Sam', 'SOP-002 covers most of it'],
      ]);
      a.itemVersion += 1;
    });

    it('refuses not-applicable without a justification (the service rule, as 400)', async () => {
      const res = await assessor.patch(item(), { version: a.itemVersion, reason: 'n/a', status: 'not-applicable' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/justification/);
    });

    it('records comments, actions and evidence with the actor and a reason', async () => {
      const comment = await reviewer.post(`${item()}/comments`, { body: 'Please attach the design review minutes.' });
      expect(comment.statusCode).toBe(201);
      const action = await assessor.post(`/api/assessments/${a.id}/actions`, { itemId: a.itemId, title: 'Update SOP-002', owner: 'Sam', dueDate: '2026-12-31', reason: 'gap found' });
      expect(action.statusCode).toBe(201);
      const actionId = action.json().id as string;
      const actionV = action.json().version as number;
      const moved = await assessor.patch(`/api/assessments/${a.id}/actions/${actionId}`, { version: actionV, reason: 'started', status: 'in-progress' });
      expect(moved.statusCode).toBe(200);
      const staleAction = await t.admin.patch(`/api/assessments/${a.id}/actions/${actionId}`, { version: actionV, reason: 'late', status: 'done' });
      expect(staleAction.statusCode).toBe(409);
      const sha = 'ab'.repeat(32);
      const ev = await assessor.post(`${item()}/evidence`, { documentPath: 'SOPs/SOP-002.docx', documentSha256: sha, location: { page: 3 }, excerpt: 'Design reviews are held…', reason: 'reviewed by hand' });
      expect(ev.statusCode).toBe(201);
      const evId = ev.json().id as string;
      const rejected = await reviewer.post(`/api/assessments/${a.id}/evidence/${evId}/decision`, { decision: 'rejected', reason: 'old revision' });
      expect(rejected.statusCode).toBe(200);
      expect(rejected.json().state).toBe('rejected');
      const detail = (await reviewer.get(item())).json();
      expect(detail.comments.map((c: { body: string; author: string }) => [c.body, c.author])).toEqual([['Please attach the design review minutes.', 'Reviewer rita (rita)']]);
      expect(detail.actions.map((x: { title: string; status: string }) => [x.title, x.status])).toEqual([['Update SOP-002', 'in-progress']]);
      expect(detail.evidence.map((x: { state: string }) => x.state)).toEqual(['rejected']);
      expect(detail.history.length).toBeGreaterThan(2);

      const events = await listAuditEvents(t.store.db, { assessmentId: a.id });
      const byUsers = events.filter((e) => e.actorId !== 'anonymous' && e.action !== 'assessment.create' && e.action !== 'item.create');
      expect(new Set(byUsers.map((e) => e.action))).toEqual(new Set(['item.update', 'comment.add', 'action.create', 'action.update', 'evidence.attach', 'evidence.reject']));
      for (const e of byUsers) {
        expect(e.actorName, e.action).toMatch(/\((sam|rita)\)$/);
        if (e.action !== 'comment.add') expect(e.reason, e.action).toBeTruthy();
      }
    });

    it('answers 404 for an action or evidence of another assessment', async () => {
      const other = await createAssessment(assessor, 'Other');
      const action = await assessor.post(`/api/assessments/${a.id}/actions`, { title: 'Assessment-wide', reason: 'r' });
      const res = await assessor.patch(`/api/assessments/${other.id}/actions/${action.json().id}`, { version: 1, reason: 'x', status: 'done' });
      expect(res.statusCode).toBe(404);
      expect((await assessor.get(`/api/assessments/nope/items`)).statusCode).toBe(404);
    });
  });
}
