/**
 * `qmsr serve` as a real process: it answers /api/health once ready, stops
 * with exit code 0 on SIGTERM (and SIGINT), and a write acknowledged just
 * before the signal is there after a restart.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleProfile, newEmbeddedData, PASSWORD } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

async function serve(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [join(root, 'bin', 'qmsr.js'), 'serve', '--data', dataDir, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  let url: string | undefined;
  while (!url) {
    if (Date.now() > deadline) throw new Error(`qmsr serve did not start:\n${err}`);
    if (child.exitCode !== null) throw new Error(`qmsr serve exited with ${child.exitCode}:\n${err}`);
    url = /listening on (http:\/\/\S+) /.exec(err)?.[1];
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, stderr: () => err, exited };
}

async function call(url: string, method: string, body?: unknown, session?: { cookie: string; csrf: string }) {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (session) {
    headers.cookie = session.cookie;
    headers['x-csrf-token'] = session.csrf;
  }
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: (await res.json().catch(() => undefined)) as Record<string, unknown>, cookie: res.headers.get('set-cookie') };
}

describe('qmsr serve (a real process, embedded database)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qmsr-serve-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /api/health once ready, stops with 0 on SIGTERM, and keeps a write made just before', async () => {
    await newEmbeddedData(dataDir);
    const first = await serve(dataDir);
    children.push(first.child);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await call(`${first.url}/api/health`, 'GET')).toMatchObject({ status: 200, json: { status: 'ok' } });
    expect((await call(`${first.url}/api/kb`, 'GET')).status).toBe(401);

    const setup = await call(`${first.url}/api/setup`, 'POST', { username: 'admin', fullName: 'Ada Admin', password: PASSWORD });
    expect(setup.status).toBe(201);
    const session = { cookie: setup.cookie!.split(';')[0]!, csrf: setup.json.csrfToken as string };
    const created = await call(`${first.url}/api/assessments`, 'POST', { name: 'Before the signal', profile: exampleProfile() }, session);
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const items = await call(`${first.url}/api/assessments/${id}/items?applicable=true`, 'GET', undefined, session);
    const item = (items.json.items as { itemId: string; version: number }[])[0]!;
    const path = `${first.url}/api/assessments/${id}/items/${encodeURIComponent(item.itemId)}`;
    const write = await call(path, 'PATCH', { version: item.version, reason: 'just before SIGTERM', notes: 'written just before the signal' }, session);
    expect(write.status).toBe(200);

    // One more write in flight while the signal arrives: if it was answered, it must be kept too.
    const inFlight = call(path, 'PATCH', { version: item.version + 1, reason: 'in flight', owner: 'In Flight' }, session).catch(() => undefined);
    first.child.kill('SIGTERM');
    const late = await inFlight;
    expect(await first.exited).toBe(0);
    expect(first.stderr()).toMatch(/SIGTERM received/);
    expect(first.stderr()).toMatch(/stopped/);
    expect(existsSync(join(dataDir, 'LOCK'))).toBe(false);

    const second = await serve(dataDir);
    children.push(second.child);
    const login = await call(`${second.url}/api/session`, 'POST', { username: 'admin', password: PASSWORD });
    expect(login.status).toBe(200);
    const s2 = { cookie: login.cookie!.split(';')[0]!, csrf: login.json.csrfToken as string };
    const after = await call(`${second.url}/api/assessments/${id}/items/${encodeURIComponent(item.itemId)}`, 'GET', undefined, s2);
    expect(after.json.notes).toBe('written just before the signal');
    if (late?.status === 200) expect(after.json.owner).toBe('In Flight');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });
});
