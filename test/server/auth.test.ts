/**
 * Accounts and sessions: first-run setup, password rules and hashing, the
 * session cookie, CSRF, lockout after failed sign-ins, idle and absolute
 * expiry, sign-out, password changes and resets, deactivation, and the
 * audit events they leave. Every test runs on both back-ends.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/assessment/audit.js';
import { BACKENDS, Client, PASSWORD, startTestApp } from './helpers.js';
import type { TestApp } from './helpers.js';

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`accounts and sessions (${backend.name})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(backend);
    });
    afterAll(async () => t?.close());

    it('creates the first administrator only while there are no users', async () => {
      expect((await t.client().get('/api/setup')).json()).toEqual({ needsSetup: false });
      const again = await t.client().post('/api/setup', { username: 'mallory', fullName: 'Mallory', password: PASSWORD });
      expect(again.statusCode).toBe(409);
      const users = await t.store.db.selectFrom('users').select(['username', 'role']).execute();
      expect(users).toEqual([{ username: 'admin', role: 'admin' }]);
      const created = await listAuditEvents(t.store.db, { action: 'setup.admin-created' });
      expect(created.map((e) => [e.actorName, e.field, e.newValue])).toContainEqual(['Ada Admin (admin)', 'role', 'admin']);
    });

    it('stores passwords only as argon2id hashes', async () => {
      const rows = await t.store.db.selectFrom('users').select(['password_hash']).execute();
      for (const r of rows) {
        expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
        expect(r.password_hash).not.toContain(PASSWORD);
      }
      const dump = await sql<{ t: string }>`select string_agg(u::text, ' ') as t from users u`.execute(t.store.db);
      expect(dump.rows[0]!.t).not.toContain(PASSWORD);
    });

    it('enforces the password rules', async () => {
      const short = await t.admin.post('/api/users', { username: 'shorty', fullName: 'S', role: 'viewer', password: 'too short' });
      expect(short.statusCode).toBe(400);
      expect(short.json().message).toMatch(/at least 12 characters/);
      const same = await t.admin.post('/api/users', { username: 'longusername', fullName: 'L', role: 'viewer', password: 'longusername' });
      expect(same.statusCode).toBe(400);
      expect(same.json().message).toMatch(/must not be or contain the username/);
      expect(await t.store.db.selectFrom('users').select('username').where('username', 'in', ['shorty', 'longusername']).execute()).toEqual([]);
    });

    it('sets an HttpOnly, SameSite=Strict, Path=/ session cookie, not Secure over plain HTTP', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^qmsr_session=[A-Za-z0-9_-]{43};/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      expect(cookie).toContain('Path=/');
      expect(cookie).not.toContain('Secure');
      const token = /^qmsr_session=([^;]+)/.exec(cookie)![1]!;
      const stored = await t.store.db.selectFrom('sessions').select('id').execute();
      expect(stored.map((s) => s.id)).not.toContain(token);
    });

    it('marks the cookie Secure and __Host- when served over TLS', async () => {
      const tls = await t.another({ tls: true });
      const res = await tls.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password: PASSWORD } });
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/^__Host-qmsr_session=/);
      expect(cookie).toContain('Secure');
      expect(res.headers['strict-transport-security']).toBeDefined();
    });

    it('refuses a state-changing request without the right CSRF token', async () => {
      const c = await t.client().login('admin');
      const body = { username: 'csrf-victim', fullName: 'Victim', role: 'viewer', password: PASSWORD };
      const none = await c.request('POST', '/api/users', body, { 'x-csrf-token': '' });
      expect(none.statusCode).toBe(403);
      expect(none.json().error).toBe('csrf');
      const wrong = await c.request('POST', '/api/users', body, { 'x-csrf-token': t.admin.csrf! });
      expect(wrong.statusCode).toBe(403);
      const crossSite = await c.request('POST', '/api/users', body, { origin: 'https://evil.example' });
      expect(crossSite.statusCode).toBe(403);
      expect(crossSite.json().error).toBe('cross-origin');
      expect(await t.store.db.selectFrom('users').select('id').where('username', '=', 'csrf-victim').execute()).toEqual([]);
      const right = await c.post('/api/users', body);
      expect(right.statusCode).toBe(201);
    });

    it('locks a username out after 5 failed sign-ins, with backoff, and records every attempt', async () => {
      await t.userWithRole('viewer', 'locky');
      const c = t.client('10.0.0.5');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await c.request('POST', '/api/session', { username: 'locky', password: `wrong password ${i}` })).statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      const locked = await c.request('POST', '/api/session', { username: 'locky', password: PASSWORD });
      expect(locked.statusCode).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(55);
      expect(locked.json().error).toBe('locked');
      // From another address too: the lock is on the account.
      const elsewhere = await t.client('10.0.0.6').request('POST', '/api/session', { username: 'locky', password: PASSWORD });
      expect(elsewhere.statusCode).toBe(429);
      const attempts = await t.store.db.selectFrom('login_attempts').select(['outcome', 'ip']).where('username', '=', 'locky').where('kind', '=', 'login').orderBy('at').execute();
      expect(attempts.slice(-7).map((a) => a.outcome)).toEqual(['bad-password', 'bad-password', 'bad-password', 'bad-password', 'bad-password', 'locked-user', 'locked-user']);
      const failed = await listAuditEvents(t.store.db, { action: 'session.login-failed', entityId: 'locky' });
      expect(failed).toHaveLength(7);
      expect(failed[0]!.reason).toContain('10.0.0.5');
      // When the lock has run out, one more failure locks for twice as long.
      await sql`update login_attempts set at = at - interval '2 minutes' where username = 'locky'`.execute(t.store.db);
      await sql`update users set password_changed_at = password_changed_at - interval '3 minutes' where username = 'locky'`.execute(t.store.db);
      expect((await c.request('POST', '/api/session', { username: 'locky', password: 'still wrong password' })).statusCode).toBe(401);
      const again = await c.request('POST', '/api/session', { username: 'locky', password: PASSWORD });
      expect(again.statusCode).toBe(429);
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(100);
      // An administrator's password reset lifts the lock.
      const id = (await t.store.db.selectFrom('users').select('id').where('username', '=', 'locky').executeTakeFirstOrThrow()).id;
      expect((await t.admin.post(`/api/users/${id}/password`, { password: `reset ${PASSWORD}`, reason: 'locked out' })).statusCode).toBe(200);
      expect((await c.request('POST', '/api/session', { username: 'locky', password: `reset ${PASSWORD}` })).statusCode).toBe(200);
    });

    it('answers the same for an unknown username and a wrong password', async () => {
      const c = t.client('10.0.0.7');
      const unknown = await c.request('POST', '/api/session', { username: 'nobody-here', password: PASSWORD });
      const wrong = await c.request('POST', '/api/session', { username: 'admin', password: 'definitely wrong pw' });
      expect(unknown.statusCode).toBe(401);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.json()).toEqual(wrong.json());
    });

    it('locks an address out after many failures across usernames', async () => {
      const ip = '10.9.9.9';
      const strict = await t.another({ lockout: { ipMaxFailures: 3 } });
      const c = new Client(strict, ip);
      for (const name of ['a-one', 'a-two', 'a-three']) expect((await c.request('POST', '/api/session', { username: name, password: 'wrong password x' })).statusCode).toBe(401);
      const res = await c.request('POST', '/api/session', { username: 'admin', password: PASSWORD });
      expect(res.statusCode).toBe(429);
      expect(res.json().message).toMatch(/from this address/);
    });

    it('ends a session after the idle timeout and after the absolute lifetime', async () => {
      const idle = await t.client().login('admin');
      expect((await idle.get('/api/session')).statusCode).toBe(200);
      await sql`update sessions set last_seen_at = now() - interval '31 minutes' where revoked_at is null and id in (select id from sessions order by created_at desc limit 1)`.execute(t.store.db);
      expect((await idle.get('/api/session')).statusCode).toBe(401);

      const old = await t.client().login('admin');
      expect((await old.get('/api/kb')).statusCode).toBe(200);
      await sql`update sessions set expires_at = now() - interval '1 second', created_at = now() - interval '13 hours' where revoked_at is null and id in (select id from sessions order by created_at desc limit 1)`.execute(t.store.db);
      expect((await old.get('/api/kb')).statusCode).toBe(401);

      const fresh = await t.client().login('admin');
      const row = await t.store.db.selectFrom('sessions').select(['created_at', 'expires_at']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(12 * 3600 * 1000);
      expect((await fresh.get('/api/kb')).statusCode).toBe(200);
    });

    it('signs out on the server: the old cookie no longer works', async () => {
      const c = await t.client().login('admin');
      const cookie = c.cookie;
      const out = await c.delete('/api/session');
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/qmsr_session=;/);
      const replay = await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: cookie! } });
      expect(replay.statusCode).toBe(401);
      expect((await listAuditEvents(t.store.db, { action: 'session.logout' })).length).toBeGreaterThan(0);
    });

    it('makes a new user change the password set by an administrator before anything else', async () => {
      const created = await t.admin.post('/api/users', { username: 'newbie', fullName: 'New Bie', role: 'assessor', password: `initial ${PASSWORD}` });
      expect(created.json()).toMatchObject({ username: 'newbie', mustChangePassword: true, role: 'assessor' });
      const c = await t.client().login('newbie', `initial ${PASSWORD}`);
      expect(c.user!.mustChangePassword).toBe(true);
      const blocked = await c.get('/api/assessments');
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().error).toBe('password-change-required');
      const wrongCurrent = await c.post('/api/users/me/password', { currentPassword: 'not my password', newPassword: PASSWORD });
      expect(wrongCurrent.statusCode).toBe(401);
      const changed = await c.post('/api/users/me/password', { currentPassword: `initial ${PASSWORD}`, newPassword: PASSWORD });
      expect(changed.statusCode).toBe(200);
      expect((await c.get('/api/assessments')).statusCode).toBe(200);
    });

    it('ends every session of a user who is deactivated, and keeps one active administrator', async () => {
      const c = await t.userWithRole('reviewer', 'leaver');
      expect((await c.get('/api/kb')).statusCode).toBe(200);
      const user = (await t.admin.get('/api/users')).json().users.find((u: { username: string }) => u.username === 'leaver');
      const noReason = await t.admin.patch(`/api/users/${user.id}`, { active: false, version: user.version });
      expect(noReason.statusCode).toBe(400);
      const off = await t.admin.patch(`/api/users/${user.id}`, { active: false, version: user.version, reason: 'left the company' });
      expect(off.statusCode).toBe(200);
      expect((await c.get('/api/kb')).statusCode).toBe(401);
      expect((await t.client().request('POST', '/api/session', { username: 'leaver', password: PASSWORD })).statusCode).toBe(401);
      const stale = await t.admin.patch(`/api/users/${user.id}`, { role: 'viewer', version: user.version, reason: 'stale' });
      expect(stale.statusCode).toBe(409);
      const events = await listAuditEvents(t.store.db, { action: 'user.update', entityId: user.id });
      expect(events.map((e) => [e.actorName, e.field, e.oldValue, e.newValue, e.reason])).toEqual([['Ada Admin (admin)', 'active', 'true', 'false', 'left the company']]);

      const me = t.admin.user!;
      const current = (await t.admin.get('/api/users')).json().users.find((u: { id: string }) => u.id === me.id);
      const demote = await t.admin.patch(`/api/users/${me.id}`, { role: 'viewer', version: current.version, reason: 'oops' });
      expect(demote.statusCode).toBe(409);
      expect(demote.json().message).toMatch(/only active administrator/);
    });

    it('never deletes a user (usernames are not reused)', async () => {
      await expect(sql`delete from users where username = 'leaver'`.execute(t.store.db)).rejects.toThrow(/append-only|not allowed/);
      const dup = await t.admin.post('/api/users', { username: 'Leaver', fullName: 'Someone Else', role: 'viewer', password: PASSWORD });
      expect(dup.statusCode).toBe(409);
    });
  });
}
