/** The single-owner lock of the embedded database, tested with real second processes. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, StoreLockedError } from '../../src/store/index.js';
import type { LockInfo, Store } from '../../src/store/index.js';
import { tempDataDir } from './backends.js';
import { collect, runChild, spawnChild, waitForLine } from './children/run.js';

const dirs: string[] = [];
const stores: Store[] = [];
function newDir(): string {
  const d = tempDataDir();
  dirs.push(d);
  return d;
}

function writeLock(dir: string, info: Partial<LockInfo>): void {
  const lock: LockInfo = { pid: 1, hostname: hostname(), startedAt: new Date().toISOString(), command: 'qmsr serve', token: 'x', ...info };
  writeFileSync(join(dir, 'LOCK'), `${JSON.stringify(lock)}\n`);
}

describe('embedded database lock', () => {
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a second process with a clear message, and lets it in after close', async () => {
    const dir = newDir();
    const store = await openStore({ data: dir });
    stores.push(store);
    const lock = JSON.parse(readFileSync(join(dir, 'LOCK'), 'utf8')) as LockInfo;
    expect(lock).toMatchObject({ pid: process.pid, hostname: hostname() });

    const refused = await runChild('open-store.ts', [dir, 'try']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      `The qmsr database in ${dir} is in use by process ${process.pid} (${lock.command}, since ${lock.startedAt}). Stop it, or point this command at that server.`,
    );

    await store.close();
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
    const admitted = await runChild('open-store.ts', [dir, 'try']);
    expect(admitted.stdout).toBe('opened\n');
    expect(admitted.code).toBe(0);
    expect(admitted.stderr).not.toContain('taking over');
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
  });

  it('is refused while another process holds it; that process releases it on SIGTERM', async () => {
    const dir = newDir();
    const holder = spawnChild('open-store.ts', [dir, 'hold']);
    const done = collect(holder);
    await waitForLine(holder, 'ready');
    const attempt = openStore({ data: dir });
    await expect(attempt).rejects.toBeInstanceOf(StoreLockedError);
    await expect(attempt).rejects.toThrow(new RegExp(`^The qmsr database in ${dir} is in use by process ${holder.pid} \\(open-store\\.ts ${dir} hold, since `));

    holder.kill('SIGTERM');
    const exit = await done;
    expect(exit.signal).toBe('SIGTERM');
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
    const store = await openStore({ data: dir });
    stores.push(store);
    expect(store.kind).toBe('embedded');
  });

  it('takes over a stale lock whose process is gone, and says so', async () => {
    const dir = newDir();
    const gone = spawnSync(process.execPath, ['-e', '']);
    expect(gone.status).toBe(0);
    writeLock(dir, { pid: gone.pid, command: 'qmsr scan sops/' });
    const result = await runChild('open-store.ts', [dir, 'try']);
    expect(result.stderr).toContain(`qmsr: taking over the database lock in ${dir}: process ${gone.pid} (qmsr scan sops/, since `);
    expect(result.stdout).toBe('opened\n');
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
  });

  it('treats a live pid that started at another time as a reused pid, i.e. stale', async () => {
    const dir = newDir();
    const other = spawn('sleep', ['30']);
    try {
      writeLock(dir, { pid: other.pid!, startedAt: '2020-01-01T00:00:00.000Z' });
      const result = await runChild('open-store.ts', [dir, 'try']);
      expect(result.stderr).toContain(`taking over the database lock in ${dir}: process ${other.pid} `);
      expect(result.code).toBe(0);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over after the owner was killed with SIGKILL, and the database opens cleanly', async () => {
    const dir = newDir();
    const holder = spawnChild('open-store.ts', [dir, 'hold']);
    const done = collect(holder);
    await waitForLine(holder, 'ready');
    holder.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(existsSync(join(dir, 'LOCK'))).toBe(true);
    const result = await runChild('open-store.ts', [dir, 'try']);
    expect(result.stderr).toContain(`process ${holder.pid} (open-store.ts ${dir} hold, since `);
    expect(result.stdout).toBe('opened\n');
  });

  it('refuses a second open in the same process as well', async () => {
    const dir = newDir();
    stores.push(await openStore({ data: dir }));
    await expect(openStore({ data: dir })).rejects.toThrow(`is in use by process ${process.pid}`);
  });
});
