/**
 * The hash-chained audit trail, on both back-ends: it verifies after many
 * changes; a row changed, re-hashed, removed or inserted directly in the
 * database (as a superuser would, with the append-only trigger disabled) is
 * found, and the first bad event is named; the database itself refuses
 * UPDATE, DELETE, TRUNCATE and a fork; concurrent changes keep one chain.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH, listAuditEvents, toAuditEvent, toAuditRow, verifyAuditChain } from '../../src/assessment/audit.js';
import { loadProfile } from '../../src/assessment/profile.js';
import * as svc from '../../src/assessment/service.js';
import { ConflictError } from '../../src/assessment/service.js';
import { migrate } from '../../src/store/index.js';
import type { AuditEventRow, Store } from '../../src/store/index.js';
import { ALICE, BOB, PROFILE } from '../reports/fixture.js';
import { BACKENDS } from '../store/backends.js';
import type { Fresh } from '../store/backends.js';

/** The SQLSTATE of a failed statement. */
async function sqlState(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return String((err as { code?: string }).code);
  }
  throw new Error('expected the statement to fail');
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`audit trail on ${backend.name}`, () => {
    let fresh: Fresh;
    let store: Store;
    let id: string;

    /** Run `fn` with the append-only trigger off, as a database superuser tampering with the table would. */
    async function asTamperer(fn: () => Promise<unknown>): Promise<void> {
      await sql`alter table audit_events disable trigger audit_events_append_only`.execute(store.db);
      try {
        await fn();
      } finally {
        await sql`alter table audit_events enable trigger audit_events_append_only`.execute(store.db);
      }
    }
    const row = async (seq: number): Promise<AuditEventRow> =>
      store.db.selectFrom('audit_events').selectAll().where('seq', '=', String(seq)).executeTakeFirstOrThrow();

    beforeAll(async () => {
      fresh = await backend.fresh();
      store = fresh.store;
      await migrate(store);
      id = (await svc.createAssessment(store, { name: 'Audit', profile: loadProfile(PROFILE), actor: ALICE })).id;
      // Many changes of every kind.
      const items = (await svc.listItems(store, id)).filter((i) => i.applicable).slice(0, 12);
      for (const [n, item] of items.entries()) {
        const v = await svc.updateItem(store, id, item.itemId, { status: n % 2 ? 'gap' : 'partial', owner: `Owner ${n}` }, { actor: BOB, reason: `review ${n}`, expectedVersion: item.version });
        await svc.updateItem(store, id, item.itemId, { notes: `note "${n}" – ünïcödé\nline 2` }, { actor: ALICE, expectedVersion: v.version });
      }
      const action = await svc.addAction(store, id, { itemId: items[0]!.itemId, title: 'Fix it', dueDate: '2026-07-01' }, { actor: BOB });
      await svc.updateAction(store, action.id, { status: 'done' }, { actor: BOB, expectedVersion: action.version });
      await svc.addComment(store, id, items[1]!.itemId, 'Looks right', { actor: ALICE });
    });
    afterAll(async () => {
      await fresh?.dispose();
    });

    it('verifies after many changes: seq 1..n, each hash over its content and the previous hash', async () => {
      const v = await verifyAuditChain(store);
      const n = Number((await store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
      expect(v).toMatchObject({ ok: true, count: n });
      expect(n).toBeGreaterThan(100);
      const events = await listAuditEvents(store.db);
      expect(events[0]!.prevHash).toBe(GENESIS_HASH);
      expect(v.head).toEqual({ seq: n, hash: events.at(-1)!.hash });
      for (const [i, e] of events.entries()) {
        expect(e.seq).toBe(i + 1);
        if (i > 0) expect(e.prevHash).toBe(events[i - 1]!.hash);
      }
      // Paging gives the same answer.
      expect(await verifyAuditChain(store, 7)).toEqual(v);
    });

    it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
      expect(await sqlState(store.db.updateTable('audit_events').set({ reason: 'x' }).where('seq', '=', '3').execute())).toBe('23001');
      expect(await sqlState(store.db.deleteFrom('audit_events').where('seq', '=', '3').execute())).toBe('23001');
      expect(await sqlState(sql`truncate audit_events`.execute(store.db))).toBe('23001');
      expect((await verifyAuditChain(store)).ok).toBe(true);
    });

    it('refuses a fork: a second event after the same predecessor', async () => {
      const head = (await verifyAuditChain(store)).head!;
      const last = await row(head.seq);
      const forked = { ...last, seq: String(head.seq + 1), hash: 'f'.repeat(64) };
      // Same prev_hash as the real last event: the unique constraint refuses it.
      expect(await sqlState(store.db.insertInto('audit_events').values({ ...forked, at: forked.at }).execute())).toBe('23505');
    });

    it('names the first changed event; re-hashing it moves the break to the next one; restoring heals it', async () => {
      const target = 40;
      const original = await row(target);
      await asTamperer(() => store.db.updateTable('audit_events').set({ new_value: 'compliant' }).where('seq', '=', String(target)).execute());
      let v = await verifyAuditChain(store);
      expect(v).toMatchObject({ ok: false, firstBadSeq: target, count: target - 1 });
      expect(v.reason).toMatch(/content does not match its hash/);

      // A tamperer who also recomputes the changed event's hash breaks the link to the next event.
      const tampered = toAuditEvent(await row(target));
      const { hash: _old, ...rest } = tampered;
      await asTamperer(() => store.db.updateTable('audit_events').set({ hash: eventHash(rest) }).where('seq', '=', String(target)).execute());
      v = await verifyAuditChain(store);
      expect(v).toMatchObject({ ok: false, firstBadSeq: target + 1 });
      expect(v.reason).toMatch(/prev_hash does not match/);

      await asTamperer(() =>
        store.db.updateTable('audit_events').set({ new_value: original.new_value, hash: original.hash }).where('seq', '=', String(target)).execute(),
      );
      expect((await verifyAuditChain(store)).ok).toBe(true);
    });

    it('names a removed event, and an inserted one', async () => {
      const target = 25;
      const original = await row(target);
      await asTamperer(() => store.db.deleteFrom('audit_events').where('seq', '=', String(target)).execute());
      const v = await verifyAuditChain(store);
      expect(v).toMatchObject({ ok: false, firstBadSeq: target });
      expect(v.reason).toMatch(/event 25 is missing/);
      await store.db.insertInto('audit_events').values(original).execute();
      expect((await verifyAuditChain(store)).ok).toBe(true);

      // Inserting a forged event in the middle: the real successor cannot follow the same predecessor
      // (the database refuses the fork), and relinking it changes its content, so its hash fails.
      const events = await listAuditEvents(store.db, { afterSeq: 59 });
      const values = toAuditRow;
      await asTamperer(async () => {
        await store.db.deleteFrom('audit_events').where('seq', '>', '59').execute();
        const { hash: _h, ...content } = { ...events[0]!, reason: 'forged' };
        const forged = { ...content, hash: eventHash(content) };
        await store.db.insertInto('audit_events').values(values(forged)).execute();
        const shifted = events.map((e) => ({ ...e, seq: e.seq + 1 }));
        expect(await sqlState(store.db.insertInto('audit_events').values(values(shifted[0]!)).execute())).toBe('23505');
        shifted[0] = { ...shifted[0]!, prevHash: forged.hash };
        for (const e of shifted) await store.db.insertInto('audit_events').values(values(e)).execute();
      });
      const w = await verifyAuditChain(store);
      expect(w).toMatchObject({ ok: false, firstBadSeq: 61 });
      expect(w.reason).toMatch(/content does not match its hash/);
      // Put the real events back.
      await asTamperer(async () => {
        await store.db.deleteFrom('audit_events').where('seq', '>', '59').execute();
        for (const e of events) await store.db.insertInto('audit_events').values(values(e)).execute();
      });
      expect((await verifyAuditChain(store)).ok).toBe(true);
    });

    it('keeps one chain under 20 concurrent changes, and lets only one of 20 racing edits of one item win', async () => {
      const before = (await verifyAuditChain(store)).count;
      const items = (await svc.listItems(store, id)).filter((i) => i.applicable && i.status === 'not-assessed').slice(0, 20);
      expect(items).toHaveLength(20);
      const results = await Promise.allSettled(
        items.map((item, n) => svc.updateItem(store, id, item.itemId, { owner: `Parallel ${n}` }, { actor: n % 2 ? ALICE : BOB, reason: 'parallel', expectedVersion: item.version })),
      );
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      let v = await verifyAuditChain(store);
      expect(v).toMatchObject({ ok: true, count: before + 20 });

      const one = (await svc.listItems(store, id)).find((i) => i.itemId === items[0]!.itemId)!;
      const race = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) => svc.updateItem(store, id, one.itemId, { notes: `racer ${n}` }, { actor: BOB, expectedVersion: one.version })),
      );
      expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = race.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(lost).toHaveLength(19);
      for (const r of lost) expect(r.reason).toBeInstanceOf(ConflictError);
      v = await verifyAuditChain(store);
      expect(v).toMatchObject({ ok: true, count: before + 21 });
      const seqs = (await store.db.selectFrom('audit_events').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
      expect(seqs).toEqual(Array.from({ length: v.count }, (_, i) => i + 1));
    });
  });
}
