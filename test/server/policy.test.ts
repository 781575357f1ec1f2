/**
 * The access policy covers every route, and the server enforces it: every
 * registered route is called anonymously and as each role, and the answer
 * must match src/server/auth/policy.ts. Routes are taken from the app itself
 * (its onRoute hook), so a new route is in this test the moment it exists.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installGuard } from '../../src/server/auth/guard.js';
import { allows, POLICY, policyFor } from '../../src/server/auth/policy.js';
import { resolveOptions } from '../../src/server/options.js';
import type { UserRole } from '../../src/store/index.js';
import { BACKENDS, createAssessment, startTestApp } from './helpers.js';
import type { Client, TestApp } from './helpers.js';

const ROLES: UserRole[] = ['admin', 'assessor', 'reviewer', 'viewer'];

describe('policy table', () => {
  it('refuses to register a route that has no policy entry', async () => {
    const app = Fastify();
    await app.register(cookie);
    installGuard(app, {} as never, resolveOptions({ dataDir: '/tmp' }));
    expect(() => app.get('/api/secret-new-route', async () => 'x')).toThrow(/has no entry in src\/server\/auth\/policy.ts/);
    await app.close();
  });
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`role-by-route matrix (${backend.name})`, () => {
    let t: TestApp;
    const callers = new Map<string, Client>();
    let assessmentId = '';
    let itemId = '';

    beforeAll(async () => {
      if (backend.skip) console.warn(backend.skip);
      t = await startTestApp(backend);
      ({ id: assessmentId, itemId } = await createAssessment(t.admin));
      callers.set('admin', t.admin);
      for (const role of ROLES.slice(1)) callers.set(role, await t.userWithRole(role));
    });
    afterAll(async () => t?.close());

    it('has a policy for every registered route, and a registered route for every policy', () => {
      const routes = t.app.qmsrRoutes;
      expect(routes.length).toBeGreaterThan(40);
      const missing = routes.filter((r) => policyFor(r.method, r.url) === undefined);
      expect(missing).toEqual([]);
      const registered = new Set(routes.map((r) => `${r.method} ${r.url}`));
      const stale = Object.keys(POLICY).filter((k) => !registered.has(k) && k !== 'GET /*');
      expect(stale).toEqual([]);
    });

    const urlOf = (url: string): string =>
      url
        .replace(/^\/api\/users\/:id/, `/api/users/${t.admin.user!.id}`)
        .replace(/^\/api\/signatures\/:id/, '/api/signatures/00000000-0000-0000-0000-000000000000')
        .replace(':id', assessmentId)
        .replace(':itemId', encodeURIComponent(itemId))
        .replace(':evidenceId', '00000000-0000-0000-0000-000000000000')
        .replace(':actionId', '00000000-0000-0000-0000-000000000000')
        .replace(':format', 'json')
        .replace(':slug', 'design-controls')
        .replace('/*', '/index.html');

    it('answers 401 to anonymous callers on every route that is not public', async () => {
      const anonymous = t.client();
      const wrong: string[] = [];
      for (const r of t.app.qmsrRoutes) {
        const access = policyFor(r.method, r.url)!;
        const res = await anonymous.request(r.method as 'GET', urlOf(r.url), r.method === 'GET' ? undefined : {});
        const ok = access === 'public' ? res.statusCode !== 401 && res.statusCode !== 403 : res.statusCode === 401;
        if (!ok) wrong.push(`${r.method} ${r.url}: ${res.statusCode} (${access === 'public' ? 'public' : 'expected 401'})`);
      }
      expect(wrong).toEqual([]);
    });

    it('lets each role call exactly the routes the policy allows it', async () => {
      const wrong: string[] = [];
      let calls = 0;
      for (const role of ROLES) {
        const c = callers.get(role)!;
        for (const r of t.app.qmsrRoutes) {
          const access = policyFor(r.method, r.url)!;
          const res = await c.request(r.method as 'GET', urlOf(r.url), r.method === 'GET' ? undefined : {});
          calls++;
          const denied = res.statusCode === 403 && ['forbidden'].includes((res.json() as { error: string }).error);
          const unauthenticated = res.statusCode === 401;
          if (allows(access, role)) {
            if (denied || unauthenticated) wrong.push(`${role} ${r.method} ${r.url}: ${res.statusCode} but the policy allows it`);
          } else if (!denied) {
            wrong.push(`${role} ${r.method} ${r.url}: ${res.statusCode} but the policy forbids it`);
          }
          if (r.method === 'DELETE' && r.url === '/api/session') await c.login(c.user!.username);
        }
      }
      expect(calls).toBe(ROLES.length * t.app.qmsrRoutes.length);
      expect(wrong).toEqual([]);
    });

    it('publishes an OpenAPI document generated from the routes, with each route’s access rule', async () => {
      const res = await t.client().get('/api/openapi.json');
      expect(res.statusCode).toBe(200);
      const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { description?: string; security?: unknown[] }>> };
      expect(doc.openapi).toBe('3.0.3');
      const documented = t.app.qmsrRoutes.filter((r) => !r.url.startsWith('/api/openapi.json') && r.url !== '/api/docs' && r.url !== '/*');
      for (const r of documented) {
        const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
        expect(op, `${r.method} ${r.url}`).toBeDefined();
        expect(op!.description).toMatch(/Access: /);
      }
      expect(doc.paths['/api/users']!.post!.description).toContain('Access: admin.');
      expect(doc.paths['/api/users']!.post!.security).toEqual([{ session: [], csrf: [] }]);
      const page = await t.client().get('/api/docs');
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toContain('/api/assessments/{id}/items/{itemId}');
    });

    it('serves the web app to anyone, with index.html for its page paths, and keeps /api answers JSON', async () => {
      const web = mkdtempSync(join(tmpdir(), 'qmsr-web-'));
      try {
        mkdirSync(join(web, 'assets'));
        writeFileSync(join(web, 'index.html'), '<!doctype html><title>qmsr workspace</title>');
        writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
        const app = await t.another({ webRoot: web });
        const page = await app.inject({ url: '/assessments/123/items?status=gap', headers: { accept: 'text/html,application/xhtml+xml' } });
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('<title>qmsr workspace</title>');
        expect(page.headers['content-security-policy']).toContain("default-src 'self'");
        expect((await app.inject({ url: '/assets/app.js' })).body).toBe('console.log(1)');
        expect((await app.inject({ url: '/api/assessments' })).statusCode).toBe(401);
        const admin = await app.inject({ url: '/api/nothing-here', headers: { cookie: t.admin.cookie! } });
        expect(admin.statusCode).toBe(404);
        expect(admin.json().error).toBe('not-found');
      } finally {
        rmSync(web, { recursive: true, force: true });
      }
    });

    it('allows reads of the assessment to every role and writes only to the roles that may write', async () => {
      for (const role of ROLES) {
        const res = await callers.get(role)!.get(`/api/assessments/${assessmentId}/items/${encodeURIComponent(itemId)}`);
        expect(res.statusCode, role).toBe(200);
      }
      const item = (await t.admin.get(`/api/assessments/${assessmentId}/items/${encodeURIComponent(itemId)}`)).json() as { version: number };
      const viewer = await callers.get('viewer')!.patch(`/api/assessments/${assessmentId}/items/${encodeURIComponent(itemId)}`, {
        version: item.version,
        reason: 'viewer tries',
        status: 'gap',
      });
      expect(viewer.statusCode).toBe(403);
      const assessor = await callers.get('assessor')!.patch(`/api/assessments/${assessmentId}/items/${encodeURIComponent(itemId)}`, {
        version: item.version,
        reason: 'assessor records a gap',
        status: 'gap',
      });
      expect(assessor.statusCode).toBe(200);
    });
  });
}
