/**
 * The service's item reads (listItems: one statement plus the per-assessment
 * checklist cache; getItem) give exactly what the full rows give: compared
 * with a reference built from `select *` of every table involved, after item,
 * evidence and action changes, on both back-ends. Also: an unknown
 * assessment is NotFoundError, a filter that matches nothing is an empty
 * list, and the cached checklist items cannot be changed through a returned
 * row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/assessment/profile.js';
import { toActionInfo, toEvidenceInfo, toItemDetail, toItemRow } from '../../src/assessment/rows.js';
import * as svc from '../../src/assessment/service.js';
import { NotFoundError } from '../../src/assessment/service.js';
import type { EvidenceCounts, ItemRow } from '../../src/assessment/service.js';
import { migrate } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { ALICE, PROFILE } from '../reports/fixture.js';
import { BACKENDS } from '../store/backends.js';
import type { Fresh } from '../store/backends.js';

const profile = loadProfile(PROFILE);

/** The item list as the full rows give it (the service's reads before the checklist cache). */
async function reference(store: Store, id: string): Promise<ItemRow[]> {
  const rows = await store.db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', id).orderBy('position').orderBy('item_id').execute();
  const evidence = await store.db.selectFrom('evidence').selectAll().where('assessment_id', '=', id).execute();
  const actions = await store.db.selectFrom('actions').selectAll().where('assessment_id', '=', id).execute();
  return rows.map((r) => {
    const mine = evidence.filter((e) => e.item_id === r.item_id);
    const counts: EvidenceCounts | undefined = mine.length
      ? { proposed: mine.filter((e) => e.state === 'proposed').length, accepted: mine.filter((e) => e.state === 'accepted').length, rejected: mine.filter((e) => e.state === 'rejected').length }
      : undefined;
    const open = actions.filter((a) => a.item_id === r.item_id && (a.status === 'open' || a.status === 'in-progress')).length;
    return toItemRow(r, counts, open);
  });
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`item reads on ${backend.name}`, () => {
    let fresh: Fresh;
    let store: Store;
    let id: string;

    beforeAll(async () => {
      fresh = await backend.fresh();
      store = fresh.store;
      await migrate(store);
      id = (await svc.createAssessment(store, { name: 'Read paths', profile, actor: ALICE })).id;
    });
    afterAll(async () => fresh?.dispose());

    it('lists items exactly as the full rows give them, before and after changes, with every filter', async () => {
      expect(await svc.listItems(store, id)).toEqual(await reference(store, id));
      const [a, b, c] = (await svc.listItems(store, id)).filter((i) => i.applicable);
      await svc.updateItem(store, id, a!.itemId, { status: 'gap', owner: 'Dana Lee' }, { actor: ALICE, reason: 'gap', expectedVersion: a!.version });
      await svc.updateItem(store, id, b!.itemId, { status: 'not-applicable', justification: 'no such work' }, { actor: ALICE, reason: 'n/a', expectedVersion: b!.version });
      const sha = 'b'.repeat(64);
      const e1 = await svc.attachEvidence(store, id, { itemId: a!.itemId, documentPath: 'SOP-1.docx', documentSha256: sha }, { actor: ALICE });
      await svc.attachEvidence(store, id, { itemId: a!.itemId, documentPath: 'SOP-2.docx', documentSha256: sha }, { actor: ALICE });
      await svc.decideEvidence(store, e1.id, 'rejected', { actor: ALICE, reason: 'wrong version' });
      await svc.attachEvidence(store, id, { itemId: c!.itemId, documentPath: 'SOP-3.docx', documentSha256: sha }, { actor: ALICE });
      await svc.addAction(store, id, { itemId: a!.itemId, title: 'Fix it' }, { actor: ALICE });
      await svc.addAction(store, id, { itemId: a!.itemId, title: 'Done already', status: 'done' }, { actor: ALICE });
      await svc.addAction(store, id, { title: 'Assessment-wide' }, { actor: ALICE });

      const all = await svc.listItems(store, id);
      const ref = await reference(store, id);
      expect(all).toEqual(ref);
      expect(all.find((i) => i.itemId === a!.itemId)).toMatchObject({ status: 'gap', evidenceCounts: { proposed: 0, accepted: 1, rejected: 1 }, openActions: 1 });
      const by = async (f: Parameters<typeof svc.listItems>[2]) => (await svc.listItems(store, id, f)).map((i) => i.itemId);
      const area = ref[0]!.area.id;
      expect(await by({ area })).toEqual(ref.filter((i) => i.area.id === area).map((i) => i.itemId));
      expect(await by({ fdaSpecific: true })).toEqual(ref.filter((i) => i.fdaSpecific).map((i) => i.itemId));
      expect(await by({ fdaSpecific: false })).toEqual(ref.filter((i) => !i.fdaSpecific).map((i) => i.itemId));
      expect(await by({ status: 'gap', owner: 'Dana Lee' })).toEqual([a!.itemId]);
      expect(await by({ applicable: true, status: 'not-applicable' })).toEqual([b!.itemId]);
      expect(await by({ area, fdaSpecific: true, applicable: false })).toEqual(ref.filter((i) => i.area.id === area && i.fdaSpecific && !i.applicable).map((i) => i.itemId));
    });

    it('gives one item exactly as the full rows give it', async () => {
      const [a] = (await svc.listItems(store, id)).filter((i) => i.status === 'gap');
      const detail = await svc.getItem(store, id, a!.itemId);
      const row = await store.db.selectFrom('assessment_items').selectAll().where('assessment_id', '=', id).where('item_id', '=', a!.itemId).executeTakeFirstOrThrow();
      const listed = (await reference(store, id)).find((i) => i.itemId === a!.itemId)!;
      expect(detail).toMatchObject(toItemDetail(listed, row, { evidence: detail.evidence, actions: detail.actions, history: detail.history, comments: detail.comments }));
      const evidence = await store.db.selectFrom('evidence').selectAll().where('assessment_id', '=', id).where('item_id', '=', a!.itemId).execute();
      expect(detail.evidence).toEqual(expect.arrayContaining(evidence.map((e) => toEvidenceInfo(e, undefined))));
      expect(detail.evidence).toHaveLength(evidence.length);
      const actions = await store.db.selectFrom('actions').selectAll().where('item_id', '=', a!.itemId).orderBy('created_at').orderBy('id').execute();
      expect(detail.actions).toEqual(actions.map(toActionInfo));
    });

    it('tells an unknown assessment (NotFoundError) from a filter that matches nothing (empty list)', async () => {
      await expect(svc.listItems(store, 'no-such-assessment')).rejects.toBeInstanceOf(NotFoundError);
      await expect(svc.listItems(store, 'no-such-assessment', { status: 'gap' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(svc.getItem(store, 'no-such-assessment', 'iso.7.3.7')).rejects.toThrow(/There is no assessment/);
      await expect(svc.getItem(store, id, 'no-such-item')).rejects.toThrow(/has no item no-such-item/);
      expect(await svc.listItems(store, id, { owner: 'Nobody' })).toEqual([]);
      expect(await svc.listItems(store, id, { area: 'area.no-such-area' })).toEqual([]);
    });

    it('does not let a caller change the cached checklist through a returned row', async () => {
      const [first] = await svc.listItems(store, id);
      expect(() => (first!.isoClauses as string[]).push('9.9')).toThrow(TypeError);
      expect(() => {
        (first!.area as { id: string }).id = 'changed';
      }).toThrow(TypeError);
      expect((await svc.listItems(store, id))[0]).toEqual(first);
    });
  });
}
