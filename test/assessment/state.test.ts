/**
 * Assessment state through the service, on both back-ends (embedded PGlite
 * and PostgreSQL; the PostgreSQL run is skipped with a printed reason when
 * no server answers on 127.0.0.1:5432): creation from the example profile,
 * item changes with their history, the not-applicable rule, version
 * conflicts, evidence proposed from a real scan of real files and decided,
 * actions, comments, filters, and the summary and heat map against the items.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChecklist } from '../../src/assessment/checklist.js';
import { getChecklistData } from '../../src/assessment/checklist-data.js';
import { loadProfile } from '../../src/assessment/profile.js';
import * as svc from '../../src/assessment/service.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/assessment/service.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { migrate } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { ALICE, BOB, PROFILE, scanWithText } from '../reports/fixture.js';
import { writeSops } from '../reports/sops.js';
import { BACKENDS } from '../store/backends.js';
import type { Fresh } from '../store/backends.js';

const kb = getKnowledgeBase();
const profile = loadProfile(PROFILE);
const checklist = buildChecklist(kb, getChecklistData(kb), profile);

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`assessment state on ${backend.name}`, () => {
    let fresh: Fresh;
    let store: Store;
    let id: string;
    let sops: string;

    beforeAll(async () => {
      fresh = await backend.fresh();
      store = fresh.store;
      await migrate(store);
      sops = mkdtempSync(join(tmpdir(), 'qmsr-state-sops-'));
      await writeSops(sops);
      id = (await svc.createAssessment(store, { name: 'QMSR transition 2026', profile, actor: ALICE })).id;
    });
    afterAll(async () => {
      await fresh?.dispose();
      if (sops) rmSync(sops, { recursive: true, force: true });
    });

    it('creates an assessment from the example profile: every checklist item, not assessed, with its applicability and priority', async () => {
      const a = await svc.getAssessment(store, id);
      expect(a).toMatchObject({ name: 'QMSR transition 2026', organization: 'Northwind Medical', status: 'draft', kbVersion: kb.version, version: 1 });
      expect(a.items).toBe(checklist.items.length);
      expect(a.applicable).toBe(checklist.summary.applicable);
      expect(a.counts['not-assessed']).toBe(checklist.summary.applicable);
      expect(a.checklist.kb.hash).toBe(kb.hash);
      const items = await svc.listItems(store, id);
      expect(items.map((i) => i.itemId)).toEqual(checklist.items.map((i) => i.id));
      for (const [n, i] of items.entries()) {
        const c = checklist.items[n]!;
        expect([i.status, i.applicable, i.priority, i.requirement, i.area.id]).toEqual(['not-assessed', c.applicable, c.priority, c.requirement, c.inspectionArea.id]);
      }
      const detail = await svc.getItem(store, id, 'iso.7.3.7');
      expect(detail.reason).toBe(checklist.items.find((i) => i.id === 'iso.7.3.7')!.reason);
      expect(detail.history).toHaveLength(1);
      expect(detail.history[0]).toMatchObject({ action: 'item.create', field: 'status', oldValue: null, newValue: 'not-assessed', changedBy: ALICE.name, changedById: ALICE.id });
      expect((await svc.listAssessments(store)).map((x) => x.id)).toContain(id);
      expect((await svc.findAssessment(store, id.slice(0, 8))).id).toBe(id);
      expect((await svc.findAssessment(store, 'QMSR transition 2026')).id).toBe(id);
      await expect(svc.findAssessment(store, 'no such assessment')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('records every field change of an item with old and new value, who and why', async () => {
      const before = (await svc.listItems(store, id)).find((i) => i.itemId === 'iso.7.3.7')!;
      const after = await svc.updateItem(
        store,
        id,
        'iso.7.3.7',
        { status: 'gap', owner: 'Dana Lee', dueDate: '2026-12-31', notes: 'No simulated-use protocol' },
        { actor: BOB, reason: 'Gap review, November', expectedVersion: before.version },
      );
      expect(after).toMatchObject({ status: 'gap', owner: 'Dana Lee', dueDate: '2026-12-31', notes: 'No simulated-use protocol', version: before.version + 1, updatedBy: BOB.name });
      const history = (await svc.getItem(store, id, 'iso.7.3.7')).history.filter((h) => h.action === 'item.update');
      expect(history.map((h) => [h.field, h.oldValue, h.newValue, h.changedBy, h.changedById, h.reason])).toEqual([
        ['status', 'not-assessed', 'gap', BOB.name, BOB.id, 'Gap review, November'],
        ['owner', null, 'Dana Lee', BOB.name, BOB.id, 'Gap review, November'],
        ['due_date', null, '2026-12-31', BOB.name, BOB.id, 'Gap review, November'],
        ['notes', null, 'No simulated-use protocol', BOB.name, BOB.id, 'Gap review, November'],
      ]);
      // The store's own item_history, written by updateWithVersion in the same transaction, agrees.
      const rows = await store.db.selectFrom('item_history').selectAll().where('assessment_id', '=', id).where('item_id', '=', 'iso.7.3.7').orderBy('field').execute();
      expect(rows.map((r) => [r.field, r.old_value, r.new_value, r.changed_by])).toEqual([
        ['due_date', null, '2026-12-31', BOB.name],
        ['notes', null, 'No simulated-use protocol', BOB.name],
        ['owner', null, 'Dana Lee', BOB.name],
        ['status', 'not-assessed', 'gap', BOB.name],
      ]);
      // A change to the same value records nothing and keeps the version.
      const same = await svc.updateItem(store, id, 'iso.7.3.7', { status: 'gap' }, { actor: BOB, expectedVersion: after.version });
      expect(same.version).toBe(after.version);
    });

    it('refuses not-applicable without a justification, accepts it with one', async () => {
      const item = (await svc.listItems(store, id)).find((i) => i.itemId === 'iso.7.5.6')!;
      await expect(svc.updateItem(store, id, item.itemId, { status: 'not-applicable' }, { actor: BOB, expectedVersion: item.version })).rejects.toThrow(
        /not-applicable only with a justification/,
      );
      await expect(
        svc.updateItem(store, id, item.itemId, { status: 'not-applicable', justification: '   ' }, { actor: BOB, expectedVersion: item.version }),
      ).rejects.toBeInstanceOf(ValidationError);
      expect((await svc.getItem(store, id, item.itemId)).status).toBe('not-assessed');
      const ok = await svc.updateItem(
        store,
        id,
        item.itemId,
        { status: 'not-applicable', justification: 'No software in production or the QMS' },
        { actor: BOB, reason: 'Scope', expectedVersion: item.version },
      );
      expect(ok).toMatchObject({ status: 'not-applicable', justification: 'No software in production or the QMS' });
      // Clearing the justification while still not-applicable is refused too.
      await expect(svc.updateItem(store, id, item.itemId, { justification: null }, { actor: BOB, expectedVersion: ok.version })).rejects.toBeInstanceOf(ValidationError);
    });

    it('refuses a change made on a version someone else has changed since, naming who', async () => {
      const item = (await svc.listItems(store, id)).find((i) => i.itemId === 'iso.8.2.2')!;
      await svc.updateItem(store, id, item.itemId, { owner: 'Sam' }, { actor: ALICE, expectedVersion: item.version });
      const stale = svc.updateItem(store, id, item.itemId, { status: 'compliant' }, { actor: BOB, expectedVersion: item.version });
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      await expect(stale).rejects.toThrow(`Item iso.8.2.2 was changed by ${ALICE.name}`);
      expect((await svc.getItem(store, id, item.itemId)).status).toBe('not-assessed');
    });

    it('refuses bad input with a message for the user', async () => {
      const item = (await svc.listItems(store, id)).find((i) => i.itemId === 'iso.8.5.2')!;
      await expect(svc.updateItem(store, id, item.itemId, { dueDate: '2026-02-30' }, { actor: BOB, expectedVersion: item.version })).rejects.toThrow(/calendar date/);
      await expect(svc.updateItem(store, id, item.itemId, { status: 'done' as never }, { actor: BOB, expectedVersion: item.version })).rejects.toThrow(/status must be one of/);
      await expect(svc.updateItem(store, id, 'iso.99', { owner: 'x' }, { actor: BOB, expectedVersion: 1 })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('proposes evidence from a real scan of real files, and records each decision', async () => {
      const { scan, documents } = await scanWithText(sops);
      const result = await svc.proposeEvidence(store, id, scan, { actor: ALICE, documents });
      expect(result.documents).toBe(3);
      expect(result.proposed).toBeGreaterThan(5);
      expect(result.withoutText).toEqual([]);
      expect(result.needsRevision.map((n) => n.path).sort()).toEqual(['SOP-010 Design Controls.docx', 'SOP-011 CAPA.pdf']);
      expect(result.uncovered).toContain('iso.6.4.1');
      expect(result.uncovered).not.toContain('iso.7.3.7');

      const docs = await svc.listDocuments(store, id);
      for (const d of docs) expect(d.sha256).toBe(createHash('sha256').update(readFileSync(join(sops, d.path))).digest('hex'));
      expect(docs.find((d) => d.path.endsWith('.md'))).toMatchObject({ needsRevision: false, findingsCount: 0 });

      const proposals = await svc.listEvidence(store, id, { state: 'proposed' });
      const validation = proposals.find((e) => e.itemId === 'iso.7.3.7' && e.documentPath === 'SOP-010 Design Controls.docx')!;
      expect(validation.basis).toMatch(/820\.30\(g\)/);
      expect(validation.excerpt).toContain('Design validation');
      expect(validation.location).toHaveProperty('paragraph');
      const complaint = proposals.find((e) => e.itemId === 'qmsr.820.35(a)')!;
      expect(complaint.documentPath).toBe('SOP-012 Complaint Handling.md');
      expect(complaint.basis).toMatch(/cites 21 CFR 820\.35\(a\)/);

      // Importing the same scan again proposes nothing new.
      const again = await svc.proposeEvidence(store, id, scan, { actor: ALICE, documents });
      expect(again).toMatchObject({ proposed: 0, alreadyKnown: result.proposed + result.alreadyKnown });

      const accepted = await svc.decideEvidence(store, validation.id, 'accepted', { actor: BOB, reason: 'Section 3 is the procedure' });
      expect(accepted).toMatchObject({ state: 'accepted', decidedBy: BOB.name, current: true });
      const rejected = await svc.decideEvidence(store, complaint.id, 'rejected', { actor: BOB });
      expect(rejected.state).toBe('rejected');
      await expect(svc.decideEvidence(store, complaint.id, 'accepted', { actor: ALICE })).rejects.toThrow(/give a reason/);
      expect((await svc.decideEvidence(store, complaint.id, 'accepted', { actor: ALICE, reason: 'Second look: it covers the content' })).state).toBe('accepted');

      const manual = await svc.attachEvidence(
        store,
        id,
        { itemId: 'iso.6.4.1', documentPath: 'Facilities/Cleanroom plan.pdf', documentSha256: 'AB'.repeat(32), location: { page: 3 }, note: 'Work environment requirements' },
        { actor: BOB },
      );
      expect(manual).toMatchObject({ state: 'accepted', source: 'manual', documentSha256: 'ab'.repeat(32), decidedBy: BOB.name });
      await expect(svc.attachEvidence(store, id, { itemId: 'iso.6.4.1', documentPath: 'x', documentSha256: 'nope' }, { actor: BOB })).rejects.toBeInstanceOf(ValidationError);

      const item = await svc.getItem(store, id, 'qmsr.820.35(a)');
      expect(item.history.map((h) => [h.action, h.oldValue, h.newValue, h.changedBy])).toEqual([
        ['item.create', null, 'not-assessed', ALICE.name],
        ['evidence.propose', null, 'proposed', ALICE.name],
        ['evidence.reject', 'proposed', 'rejected', BOB.name],
        ['evidence.accept', 'rejected', 'accepted', ALICE.name],
      ]);
      expect(item.history.at(-1)!.reason).toBe('Second look: it covers the content');
    });

    it('keeps remediation actions with owner, due date and status, version-checked', async () => {
      const a = await svc.addAction(store, id, { itemId: 'iso.7.3.7', title: 'Write a validation protocol template', owner: 'Dana Lee', dueDate: '2026-08-31' }, { actor: BOB });
      expect(a).toMatchObject({ status: 'open', owner: 'Dana Lee', dueDate: '2026-08-31', version: 1, itemId: 'iso.7.3.7' });
      const wide = await svc.addAction(store, id, { title: 'Train staff on the QMSR', dueDate: '2026-03-01' }, { actor: BOB });
      expect(wide.itemId).toBeNull();
      const moved = await svc.updateAction(store, a.id, { status: 'in-progress', dueDate: '2026-09-15' }, { actor: ALICE, reason: 'Started', expectedVersion: 1 });
      expect(moved).toMatchObject({ status: 'in-progress', dueDate: '2026-09-15', version: 2, updatedBy: ALICE.name });
      await expect(svc.updateAction(store, a.id, { status: 'done' }, { actor: BOB, expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
      await expect(svc.addAction(store, id, { itemId: 'iso.7.3.7', title: '  ' }, { actor: BOB })).rejects.toBeInstanceOf(ValidationError);
      const item = await svc.getItem(store, id, 'iso.7.3.7');
      expect(item.actions.map((x) => x.title)).toEqual(['Write a validation protocol template']);
      expect(item.openActions).toBe(1);
      expect(item.history.filter((h) => h.action === 'action.update').map((h) => [h.field, h.oldValue, h.newValue])).toEqual([
        ['due_date', '2026-08-31', '2026-09-15'],
        ['status', 'open', 'in-progress'],
      ]);
    });

    it('keeps comments, which cannot be edited', async () => {
      const c = await svc.addComment(store, id, 'iso.7.3.7', 'Discussed at the steering meeting', { actor: ALICE });
      expect((await svc.getItem(store, id, 'iso.7.3.7')).comments).toEqual([c]);
      await expect(svc.addComment(store, id, 'iso.7.3.7', '', { actor: ALICE })).rejects.toBeInstanceOf(ValidationError);
      await expect(store.db.updateTable('audit_events').set({ new_value: 'edited' }).where('entity_id', '=', c.id).execute()).rejects.toThrow(/append-only/);
    });

    it('filters items by area, status, owner, FDA-specific and applicability', async () => {
      const all = await svc.listItems(store, id);
      const by = async (f: Parameters<typeof svc.listItems>[2]) => (await svc.listItems(store, id, f)).map((i) => i.itemId);
      expect(await by({ area: 'area.design-and-development' })).toEqual(all.filter((i) => i.area.id === 'area.design-and-development').map((i) => i.itemId));
      expect(await by({ status: 'gap' })).toEqual(['iso.7.3.7']);
      expect(await by({ owner: 'Dana Lee' })).toEqual(['iso.7.3.7']);
      expect(await by({ fdaSpecific: true })).toEqual(all.filter((i) => i.fdaSpecific).map((i) => i.itemId));
      expect((await by({ fdaSpecific: true })).length).toBeGreaterThan(5);
      expect(await by({ applicable: false })).toEqual(checklist.items.filter((i) => !i.applicable).map((i) => i.id));
    });

    it('summarises by status, clause group and area, with heat maps and coverage that match the items', async () => {
      const items = await svc.listItems(store, id);
      const s = await svc.summary(store, id, { today: '2026-06-01' });
      const applicable = items.filter((i) => i.applicable);
      expect(s.applicable).toBe(applicable.length);
      expect(s.byStatus).toEqual({
        'not-assessed': applicable.filter((i) => i.status === 'not-assessed').length,
        compliant: 0,
        partial: 0,
        gap: 1,
        'not-applicable': 1,
      });
      for (const cell of s.heatMap.cells) {
        expect(cell.count).toBe(applicable.filter((i) => i.area.id === cell.area && i.status === cell.column).length);
      }
      for (const cell of s.priorityHeatMap.cells) {
        expect(cell.count).toBe(applicable.filter((i) => i.area.id === cell.area && i.priority === cell.column && ['gap', 'partial', 'not-assessed'].includes(i.status)).length);
      }
      expect(s.byArea.reduce((n, g) => n + g.total, 0)).toBe(applicable.length);
      expect(s.byClause.reduce((n, g) => n + g.total, 0)).toBe(applicable.length);
      expect(s.byClause.find((g) => g.id === '7')!.byStatus.gap).toBe(1);
      const withEvidence = new Set((await svc.listEvidence(store, id)).filter((e) => e.state !== 'rejected').map((e) => e.itemId));
      expect(s.coverage.uncovered).toEqual(applicable.filter((i) => !withEvidence.has(i.itemId)).map((i) => i.itemId));
      expect(s.coverage.accepted).toEqual(expect.arrayContaining(['iso.7.3.7', 'iso.6.4.1']));
      expect(s.needsRevision.map((d) => d.path)).toEqual(['SOP-010 Design Controls.docx', 'SOP-011 CAPA.pdf']);
      expect(s.actions).toMatchObject({ open: 1, 'in-progress': 1, overdue: 1 });
      expect(s.openActions).toBe(2);
    });
  });
}
