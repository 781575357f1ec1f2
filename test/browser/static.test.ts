/**
 * How the server publishes the built app (src/server/static.ts): files as
 * they are, index.html for any page address (so deep links and reloads
 * work), API answers untouched, and the pages' Content-Security-Policy.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_CSP, registerWebApp } from '../../src/server/static.js';

describe('registerWebApp', () => {
  let root: string;
  let app: FastifyInstance;
  const get = (url: string, accept = 'text/html,application/xhtml+xml') => app.inject({ method: 'GET', url, headers: { accept } });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'qmsr-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>qmsr</title><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    app = Fastify();
    app.get('/api/health', async () => ({ status: 'ok' }));
    expect(await registerWebApp(app, root)).toBe(true);
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html at / with the CSP and no caching', async () => {
    const r = await get('/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.headers['content-security-policy']).toBe(WEB_CSP);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.body).toContain('<div id="root">');
  });

  it('answers a deep link with index.html, so a page can be reloaded and shared', async () => {
    const r = await get('/assessments/3f2a/items/iso.7.3.7?status=gap');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<div id="root">');
    expect(r.headers['content-security-policy']).toBe(WEB_CSP);
  });

  it('caches content-hashed assets for a year and answers 404 for a missing one', async () => {
    const asset = await get('/assets/index-abc123.js', '*/*');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await get('/assets/index-gone.js', 'text/html');
    expect(missing.statusCode).toBe(404);
  });

  it('leaves the API alone: real routes answer, unknown ones get a JSON 404, never the page', async () => {
    // (In the full app the policy guard answers strangers 401 before this; see test/server/policy.test.ts.)
    expect((await get('/api/health', 'application/json')).json()).toEqual({ status: 'ok' });
    const unknown = await get('/api/nothing-here', 'text/html');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'not-found' });
  });

  it('does not hand the page to a non-browser request for a missing file', async () => {
    const r = await get('/favicon.ico', 'image/avif,image/*');
    expect(r.statusCode).toBe(404);
  });

  it('does nothing without a build', async () => {
    const bare = Fastify();
    expect(await registerWebApp(bare, join(root, 'nope'))).toBe(false);
    expect(await registerWebApp(bare, undefined)).toBe(false);
    await bare.close();
  });
});
