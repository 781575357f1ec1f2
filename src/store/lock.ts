/**
 * The single-owner rule for the embedded database: PGlite has no
 * cross-process lock, and two processes on one data directory silently lose
 * writes. `<data>/LOCK` is created with O_EXCL and names its owner; a second
 * process gets a clear error instead of a private, diverging copy.
 *
 * A lock whose process is gone (not alive on this host, or its pid now
 * belongs to a process started at another time) is stale and is taken over,
 * with a note on stderr. Takeover is serialised by a short-lived
 * `LOCK.takeover` file so that two processes cannot both break the same
 * stale lock.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';

/** What the lock file records about its owner. */
export interface LockInfo {
  pid: number;
  hostname: string;
  /** When the owning process started (ISO 8601). */
  startedAt: string;
  command: string;
  /** Random value that identifies this particular lock. */
  token: string;
}

/** A held lock. */
export interface DirLock {
  readonly dir: string;
  readonly path: string;
  readonly info: LockInfo;
  /** Remove the lock file if it is still ours. Synchronous, so it can run in an 'exit' handler. */
  release(): void;
}

/** The data directory belongs to another live process. */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
  constructor(
    readonly dir: string,
    readonly owner: LockInfo,
  ) {
    const host = owner.hostname === hostname() ? '' : ` on host ${owner.hostname}`;
    super(
      `The qmsr database in ${dir} is in use by process ${owner.pid}${host} (${owner.command}, since ${owner.startedAt}). ` +
        'Stop it, or point this command at that server.',
    );
  }
}

const LOCK_FILE = 'LOCK';
/** A lock file younger than this that cannot be parsed is assumed to be still being written. */
const UNREADABLE_GRACE_MS = 5_000;
/** Allowed difference between the recorded start time and the one the OS reports for that pid. */
const START_TIME_TOLERANCE_MS = 5_000;
const PROCESS_STARTED_AT = new Date(Date.now() - process.uptime() * 1000);

/** The current process as a lock owner. */
export function currentOwner(): LockInfo {
  const [script, ...args] = process.argv.slice(1);
  const command = script ? [basename(script), ...args].join(' ') : process.argv0;
  return { pid: process.pid, hostname: hostname(), startedAt: PROCESS_STARTED_AT.toISOString(), command, token: randomUUID() };
}

/** Take the single-owner lock on `dir` (created if missing). Throws {@link StoreLockedError} if another live process holds it. */
export async function acquireLock(dirInput: string): Promise<DirLock> {
  const dir = resolve(dirInput);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const info = currentOwner();
  const deadline = Date.now() + UNREADABLE_GRACE_MS + 1_000;
  for (;;) {
    if (tryCreate(path, info)) return heldLock(dir, path, info);
    const existing = readLock(path);
    if (existing === 'missing') continue;
    if (existing === 'unreadable') {
      if (ageMs(path) < UNREADABLE_GRACE_MS && Date.now() < deadline) {
        await sleep(50);
        continue;
      }
      const outcome = breakStaleLock(dir, path, 'unreadable');
      if (outcome === 'removed') {
        process.stderr.write(`qmsr: removed an unreadable lock file ${path} (older than ${UNREADABLE_GRACE_MS / 1000} s).\n`);
      } else if (outcome === 'busy') await waitOrGiveUp(dir, deadline);
      continue;
    }
    if (isOwnerAlive(existing.info)) throw new StoreLockedError(dir, existing.info);
    const outcome = breakStaleLock(dir, path, existing.raw);
    if (outcome === 'removed') {
      const o = existing.info;
      process.stderr.write(
        `qmsr: taking over the database lock in ${dir}: process ${o.pid} (${o.command}, since ${o.startedAt}) is no longer running.\n`,
      );
    } else if (outcome === 'busy') await waitOrGiveUp(dir, deadline);
  }
}

function heldLock(dir: string, path: string, info: LockInfo): DirLock {
  return {
    dir,
    path,
    info,
    release() {
      const now = readLock(path);
      if (typeof now === 'object' && now.info.token === info.token) unlinkQuiet(path);
    },
  };
}

function tryCreate(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, `${JSON.stringify(info)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

type ReadResult = 'missing' | 'unreadable' | { info: LockInfo; raw: string };

function readLock(path: string): ReadResult {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const info = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof info.pid !== 'number' || typeof info.hostname !== 'string' || typeof info.startedAt !== 'string') return 'unreadable';
    return { info: { command: '', token: '', ...info } as LockInfo, raw };
  } catch {
    return 'unreadable';
  }
}

async function waitOrGiveUp(dir: string, deadline: number): Promise<void> {
  if (Date.now() > deadline) throw new Error(`Another process is taking over the database lock in ${dir}; try again in a moment.`);
  await sleep(50);
}

/**
 * Remove the lock file if it still has the content we judged stale:
 * 'removed' if this call removed it, 'changed' if the file changed meanwhile
 * (look again), 'busy' if another process is in the middle of a takeover.
 */
function breakStaleLock(dir: string, path: string, expected: string): 'removed' | 'changed' | 'busy' {
  const guard = join(dir, `${LOCK_FILE}.takeover`);
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (ageMs(guard) <= 10_000) return 'busy';
    unlinkQuiet(guard); // left by a process that died during a takeover
    return 'changed';
  }
  try {
    const now = readLock(path);
    const nowRaw = typeof now === 'object' ? now.raw : now;
    if (nowRaw !== expected) return 'changed';
    unlinkQuiet(path);
    return 'removed';
  } finally {
    closeSync(fd);
    unlinkQuiet(guard);
  }
}

/** Is the recorded owner still running? Conservative: when in doubt, yes. */
export function isOwnerAlive(owner: LockInfo): boolean {
  if (owner.hostname !== hostname()) return true; // cannot check another machine
  if (owner.pid === process.pid) return owner.startedAt === PROCESS_STARTED_AT.toISOString();
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const actual = processStartTime(owner.pid);
  if (actual === undefined) return true;
  return Math.abs(actual - Date.parse(owner.startedAt)) <= START_TIME_TOLERANCE_MS;
}

/** Start time (epoch ms) of a process, from /proc on Linux; undefined elsewhere. */
function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]); // field 22 of proc(5); fields[0] is field 3
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!Number.isFinite(ticks) || !btime) return undefined;
    return (Number(btime[1]) + ticks / 100) * 1000; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
