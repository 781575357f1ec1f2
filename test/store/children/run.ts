/** Spawning TypeScript child processes for the store tests. */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, where `--import tsx` resolves. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Start `test/store/children/<script>` in a new Node process. It runs as
 * `node --import tsx`, not `npx tsx`: npx and the tsx CLI each put a parent
 * process in between, and a SIGKILL must reach the process that owns the database.
 */
export function spawnChild(script: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/store/children', script), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '' },
  });
}

/** Output and exit of a finished child. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run a child to completion. */
export function runChild(script: string, args: string[], timeoutMs = 60_000): Promise<Finished> {
  const child = spawnChild(script, args);
  return collect(child, timeoutMs);
}

/** Collect a child's output until it exits. */
export function collect(child: ChildProcessWithoutNullStreams, timeoutMs = 60_000): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child timed out after ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** Resolve when the child prints `line` on stdout (or, given a predicate, a line matching it). */
export function waitForLine(child: ChildProcessWithoutNullStreams, line: string | ((l: string) => boolean), timeoutMs = 60_000): Promise<void> {
  const matches = typeof line === 'string' ? (l: string) => l === line : line;
  return new Promise((resolvePromise, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`no "${line}" from child within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      if (buffer.split('\n').slice(0, -1).some(matches)) {
        clearTimeout(timer);
        resolvePromise();
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code ?? signal}) before printing "${line}"; stderr: ${stderr}`));
    });
  });
}
