/**
 * Several server instances on one PostgreSQL database (each with its own
 * connection pool, as separate processes would have): sessions and lockouts
 * are shared, a sign-out, deactivation or role change on one is honoured by
 * the other on its next request, item changes show in the other's next read
 * (its read cache is keyed by the audit trail's head), and a stale write from
 * the second instance gets 409 without losing the first instance's change.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/assessment/audit.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { buildApp } from '../../src/server/app.js';
import { migrate, openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { BACKENDS, Client, createAssessment, PASSWORD } from './helpers.js';

const postgres = BACKENDS.find((b) => b.name === 'postgres')!;
const ADMIN_URL = process.env.QMSR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe.skipIf(postgres.skip)('two server instances on one PostgreSQL database', () => {
  const name = `qmsr_test_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'qmsr-instances-'));
  let stores: Store[] = [];
  let apps: FastifyInstance[] = [];

  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    await admin((c) => c.query(`create database ${name}`));
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    stores = [await openStore({ url: url.toString() }), await openStore({ url: url.toString() })];
    await Promise.all(stores.map((s) => migrate(s)));
    apps = await Promise.all(stores.map((store) => buildApp({ store, kb: getKnowledgeBase(), options: { dataDir } })));
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    for (const s of stores) await s.close();
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shares sessions: a sign-in on one instance works on the other, and so does sign-out', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const setup = await a.inject({ method: 'POST', url: '/api/setup', payload: { username: 'admin', fullName: 'Ada Admin', password: PASSWORD } });
    expect(setup.statusCode).toBe(201);
    const onA = new Client(a).adopt(setup);
    const onB = new Client(b);
    onB.cookie = onA.cookie;
    onB.csrf = onA.csrf;
    expect((await onB.get('/api/session')).json().user.username).toBe('admin');
    const other = await new Client(a).login('admin');
    const viaB = new Client(b);
    viaB.cookie = other.cookie;
    viaB.csrf = other.csrf;
    expect((await viaB.delete('/api/session')).statusCode).toBe(204);
    expect((await other.get('/api/session')).statusCode).toBe(401);
  });

  it('gives the second, stale write 409 and loses nothing', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const onA = await new Client(a).login('admin');
    const created = await onA.post('/api/users', { username: 'bea', fullName: 'Bea Second', role: 'assessor', password: `initial ${PASSWORD}` });
    expect(created.statusCode).toBe(201);
    const onB = await new Client(b).login('bea', `initial ${PASSWORD}`);
    expect((await onB.post('/api/users/me/password', { currentPassword: `initial ${PASSWORD}`, newPassword: PASSWORD })).statusCode).toBe(200);

    const x = await createAssessment(onA);
    const path = `/api/assessments/${x.id}/items/${encodeURIComponent(x.itemId)}`;
    const readA = (await onA.get(path)).json();
    const readB = (await onB.get(path)).json();
    expect(readA.version).toBe(readB.version);

    const first = await onA.patch(path, { version: readA.version, reason: 'A: gap found', status: 'gap' });
    expect(first.statusCode).toBe(200);
    const second = await onB.patch(path, { version: readB.version, reason: 'B: owner', owner: 'Bea' });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toMatch(/changed by Ada Admin \(admin\) at /);

    const reread = (await onB.get(path)).json();
    expect(reread.status).toBe('gap');
    const retry = await onB.patch(path, { version: reread.version, reason: 'B: owner', owner: 'Bea' });
    expect(retry.statusCode).toBe(200);
    const final = (await onA.get(path)).json();
    expect(final).toMatchObject({ status: 'gap', owner: 'Bea', version: readA.version + 2 });
    expect(final.history.map((h: { field: string; changedBy: string }) => [h.field, h.changedBy])).toEqual(
      expect.arrayContaining([
        ['status', 'Ada Admin (admin)'],
        ['owner', 'Bea Second (bea)'],
      ]),
    );
  });

  it('lets exactly one of many simultaneous writers with the same version win, and keeps the audit chain whole', async () => {
    const clients = await Promise.all(apps.map((app) => new Client(app).login('admin')));
    const x = await createAssessment(clients[0]!);
    const path = `/api/assessments/${x.id}/items/${encodeURIComponent(x.itemId)}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => clients[i % 2]!.patch(path, { version: x.itemVersion, reason: `writer ${i}`, notes: `note ${i}` })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(9);
    expect((await verifyAuditChain(stores[0]!)).ok).toBe(true);
  });

  it('honours a sign-out, a deactivation and a role change made on one instance on the next request to the other', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const onA = await new Client(a).login('admin');
    const created = await onA.post('/api/users', { username: 'cleo', fullName: 'Cleo Third', role: 'assessor', password: `initial ${PASSWORD}` });
    expect(created.statusCode).toBe(201);
    const cleoA = await new Client(a).login('cleo', `initial ${PASSWORD}`);
    expect((await cleoA.post('/api/users/me/password', { currentPassword: `initial ${PASSWORD}`, newPassword: PASSWORD })).statusCode).toBe(200);
    const cleoB = Object.assign(new Client(b), { cookie: cleoA.cookie, csrf: cleoA.csrf });
    for (let i = 0; i < 3; i++) expect((await cleoB.get('/api/session')).json().user.role).toBe('assessor');

    // Sign-out on A: the cookie is refused by B at once.
    const other = await new Client(b).login('cleo');
    const otherOnA = Object.assign(new Client(a), { cookie: other.cookie, csrf: other.csrf });
    expect((await other.get('/api/kb')).statusCode).toBe(200);
    expect((await otherOnA.delete('/api/session')).statusCode).toBe(204);
    expect((await other.get('/api/kb')).statusCode).toBe(401);

    // Role change on A: B sees it on the next request.
    const user = (await onA.get('/api/users')).json().users.find((u: { username: string }) => u.username === 'cleo');
    expect((await onA.patch(`/api/users/${user.id}`, { role: 'viewer', version: user.version, reason: 'read only' })).statusCode).toBe(200);
    expect((await cleoB.get('/api/session')).json().user.role).toBe('viewer');

    // Deactivation on A: B refuses the session on the next request.
    expect((await onA.patch(`/api/users/${user.id}`, { active: false, version: user.version + 1, reason: 'left' })).statusCode).toBe(200);
    expect((await cleoB.get('/api/kb')).statusCode).toBe(401);
  });

  it('shows a change made on one instance in the next item list and item read on the other', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const onA = await new Client(a).login('admin');
    const onB = await new Client(b).login('admin');
    const x = await createAssessment(onA, 'Across instances');
    const list = `/api/assessments/${x.id}/items`;
    const one = `${list}/${encodeURIComponent(x.itemId)}`;
    const row = async () => (await onB.get(list)).json().items.find((i: { itemId: string }) => i.itemId === x.itemId);
    // B reads twice, so its answers are kept, then A changes the item.
    expect((await row()).status).toBe('not-assessed');
    const computed = b.qmsrItemCache.computed;
    expect((await row()).status).toBe('not-assessed');
    expect(b.qmsrItemCache.computed).toBe(computed);
    await onB.get(one);
    await onB.get(one);
    expect((await onA.patch(one, { version: x.itemVersion, reason: 'seen on A', status: 'partial' })).statusCode).toBe(200);
    expect(await row()).toMatchObject({ status: 'partial', version: x.itemVersion + 1 });
    expect((await onB.get(one)).json()).toMatchObject({ status: 'partial', version: x.itemVersion + 1 });
    expect((await onA.post(`${one}/comments`, { body: 'from A' })).statusCode).toBe(201);
    expect((await onB.get(one)).json().comments.map((c: { body: string }) => c.body)).toEqual(['from A']);
  });

  it('shares the lockout between instances', async () => {
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    for (let i = 0; i < 5; i++) {
      const app = i % 2 === 0 ? a : b;
      expect((await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'bea', password: `wrong password ${i}` } })).statusCode).toBe(401);
    }
    for (const app of [a, b]) expect((await app.inject({ method: 'POST', url: '/api/session', payload: { username: 'bea', password: PASSWORD } })).statusCode).toBe(429);
  });
});
