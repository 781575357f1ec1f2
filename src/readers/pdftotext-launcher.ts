/**
 * Runs pdftotext for pdf-poppler.ts, cheaply.
 *
 * Node starts a program by forking the calling process, and a fork costs in
 * proportion to the process's memory: a scanner holding ~150 MB pays ~3 ms of
 * CPU and ~6 ms of wall time per start, about as much as pdftotext needs to
 * read a short PDF. So each thread keeps one small shell (`/bin/sh`) that
 * starts pdftotext for it: the thread writes the PDF's bytes into the shell's
 * private folder, sends the page limit on a line, and reads back pdftotext's
 * exit status; the output is a file in the same folder. The shell deletes its
 * folder when its input closes (the thread ended, or the process exited).
 *
 * Requests from one thread run one at a time. A request past its time limit,
 * or aborted, kills the shell and pdftotext with it; the next request starts a
 * new shell. Where there is no /bin/sh (Windows), pdftotext is started
 * directly, as it is when `launcher: 'direct'` is asked for (tests).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** One run of pdftotext. */
export interface LaunchRequest {
  /** The pdftotext program (a name on the PATH, or a path). */
  program: string;
  /** Options before the input and output names. */
  args: readonly string[];
  input: Buffer;
  /** Output larger than this gives `{ code: 0 }` without output ("too large"). */
  maxOutputBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** How to start pdftotext: through the thread's shell (default where /bin/sh exists), or directly. */
  launcher?: 'shell' | 'direct';
}

/** How a run ended: pdftotext's exit status and, on success within the size limit, its output. */
export type LaunchResult =
  | { outcome: 'done'; code: number; output?: string }
  /** The program was not found (or could not be started). */
  | { outcome: 'missing' }
  /** The time limit passed; pdftotext was killed. */
  | { outcome: 'timeout' };

/** What the shell runs: $1 is its folder, $2 the program; each input line is a run, with the options on it. */
const SCRIPT = `trap 'rm -rf "$1"' EXIT
while IFS= read -r opts; do
  : > "$1/out.txt"
  "$2" $opts "$1/in.pdf" "$1/out.txt" </dev/null
  echo $?
done`;

/** The shell reports this status when it cannot find the program (126: found, but not executable). */
const NOT_FOUND = new Set([126, 127]);

/** Whether the shell path works here; false after /bin/sh failed to start once. */
let shellUsable = process.platform !== 'win32';

/** Runs pdftotext once on `input`. Rejects only when `signal` aborts. */
export function runPdftotext(request: LaunchRequest): Promise<LaunchResult> {
  if (request.launcher === 'direct' || !shellUsable) return runDirect(request);
  // The options travel as one line and are split by the shell on spaces: only plain ones go that way.
  if (request.args.some((a) => !/^[-\w.]+$/.test(a))) return runDirect(request);
  const run = queue.then(() => shellRun(request));
  queue = run.then(
    () => undefined,
    () => undefined,
  );
  return run;
}

let queue: Promise<unknown> = Promise.resolve();

/** The thread's shell, started on first use. */
interface Shell {
  program: string;
  dir: string;
  child: ChildProcessByStdio<Writable, Readable, null>;
  /** Output lines not yet taken. */
  lines: string[];
  partial: string;
  /** Waiting for the next line (or for the shell's end: undefined). */
  waiter?: (line: string | undefined) => void;
  exited: boolean;
}

let shell: Shell | undefined;

function startShell(program: string): Shell {
  const dir = mkdtempSync(join(tmpdir(), 'qmsr-pdftotext-'));
  const child = spawn('/bin/sh', ['-c', SCRIPT, 'qmsr-pdftotext', dir, program], { stdio: ['pipe', 'pipe', 'ignore'], detached: true });
  const s: Shell = { program, dir, child, lines: [], partial: '', exited: false };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (s.partial + chunk).split('\n');
    s.partial = parts.pop()!;
    s.lines.push(...parts);
    deliver(s);
  });
  const ended = (): void => {
    if (s.exited) return;
    s.exited = true;
    if (shell === s) shell = undefined;
    rmSync(dir, { recursive: true, force: true });
    deliver(s);
  };
  child.on('error', (err: NodeJS.ErrnoException) => {
    // No /bin/sh: from now on pdftotext is started directly.
    if (err.code === 'ENOENT' && err.syscall?.startsWith('spawn')) shellUsable = false;
    ended();
  });
  child.on('exit', ended);
  // A shell that lost its reader (a broken pipe) ends on its own.
  child.stdin.on('error', () => undefined);
  idle(s);
  return s;
}

function deliver(s: Shell): void {
  const waiter = s.waiter;
  if (!waiter) return;
  if (s.lines.length > 0) {
    s.waiter = undefined;
    waiter(s.lines.shift());
  } else if (s.exited) {
    s.waiter = undefined;
    waiter(undefined);
  }
}

/** While no run is under way the shell does not keep the process alive. */
function idle(s: Shell): void {
  s.child.unref();
  (s.child.stdout as Readable & { unref?: () => void }).unref?.();
  (s.child.stdin as Writable & { unref?: () => void }).unref?.();
}

function busy(s: Shell): void {
  s.child.ref();
  (s.child.stdout as Readable & { ref?: () => void }).ref?.();
  (s.child.stdin as Writable & { ref?: () => void }).ref?.();
}

/** Kills the shell and whatever it runs (it leads its own process group). */
function kill(s: Shell): void {
  if (shell === s) shell = undefined;
  try {
    if (s.child.pid !== undefined) process.kill(-s.child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  rmSync(s.dir, { recursive: true, force: true });
}

async function shellRun(request: LaunchRequest): Promise<LaunchResult> {
  request.signal?.throwIfAborted();
  if (shell && (shell.program !== request.program || shell.exited)) {
    shell.child.stdin.end();
    shell = undefined;
  }
  let s = (shell ??= startShell(request.program));
  // Synchronous file calls: a few microseconds each for these small files, against tens for a round trip through the thread pool.
  try {
    writeFileSync(join(s.dir, 'in.pdf'), request.input);
  } catch {
    // The folder is gone (someone cleaned the temporary folder): a new shell, with a new folder.
    kill(s);
    s = shell = startShell(request.program);
    try {
      writeFileSync(join(s.dir, 'in.pdf'), request.input);
    } catch {
      return { outcome: 'done', code: -1 };
    }
  }
  busy(s);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const line = await new Promise<string | undefined | 'timeout'>((resolve, reject) => {
      s.waiter = resolve;
      timer = setTimeout(() => {
        s.waiter = undefined;
        kill(s);
        resolve('timeout');
      }, request.timeoutMs);
      if (request.signal) {
        onAbort = () => {
          s.waiter = undefined;
          kill(s);
          reject(abortError(request.signal!));
        };
        request.signal.addEventListener('abort', onAbort, { once: true });
      }
      s.child.stdin.write(`${request.args.join(' ')}\n`);
      deliver(s);
    });
    if (line === 'timeout') return { outcome: 'timeout' };
    // The shell ended without answering. No /bin/sh: start pdftotext directly. Killed: this file gets
    // nothing (pdf.js reads it) and the next request starts a new shell; pdftotext is not missing.
    if (line === undefined) return shellUsable ? { outcome: 'done', code: -1 } : runDirect(request);
    const code = Number(line);
    if (NOT_FOUND.has(code)) return { outcome: 'missing' };
    if (code !== 0) return { outcome: 'done', code };
    const out = join(s.dir, 'out.txt');
    try {
      if (statSync(out).size > request.maxOutputBytes) return { outcome: 'done', code };
      return { outcome: 'done', code, output: readFileSync(out, 'utf8') };
    } catch {
      // The folder is gone (someone cleaned the temporary folder): this run gives nothing; the next starts a new shell.
      kill(s);
      return { outcome: 'done', code: -1 };
    }
  } finally {
    clearTimeout(timer);
    if (onAbort) request.signal?.removeEventListener('abort', onAbort);
    if (shell === s) idle(s);
  }
}

/**
 * Lets the thread's shell go and waits until it has ended (and deleted its
 * folder), so that a process that is about to exit leaves nothing behind and
 * its CPU time includes pdftotext's. Kills it if it has not ended after `waitMs`.
 */
export async function closePdftotext(waitMs = 2000): Promise<void> {
  await queue;
  const s = shell;
  if (!s) return;
  shell = undefined;
  if (s.exited) return;
  busy(s);
  const ended = new Promise<void>((resolve) => s.child.once('exit', () => resolve()));
  s.child.stdin.end();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      kill(s);
      resolve();
    }, waitMs);
  });
  await Promise.race([ended, late]);
  clearTimeout(timer);
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const err = new Error('The operation was aborted', { cause: reason });
  err.name = 'AbortError';
  return err;
}

/** Starts pdftotext itself, the PDF on its standard input and the output on its standard output. */
function runDirect(request: LaunchRequest): Promise<LaunchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(request.program, [...request.args, '-', '-'], {
      stdio: ['pipe', 'pipe', 'ignore'],
      timeout: request.timeoutMs,
      killSignal: 'SIGKILL',
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let tooLarge = false;
    let settled = false;
    const finish = (value: LaunchResult): void => {
      if (settled) return;
      settled = true;
      resolve(value);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > request.maxOutputBytes) {
        tooLarge = true;
        child.kill();
      } else chunks.push(chunk);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name === 'AbortError') {
        settled = true;
        reject(err);
        return;
      }
      finish(err.code === 'ENOENT' || err.code === 'EACCES' ? { outcome: 'missing' } : { outcome: 'done', code: -1 });
    });
    // Killed at the time limit: done, even if something the program started still holds its output open.
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL' && !tooLarge) finish({ outcome: 'timeout' });
    });
    child.on('close', (code) => {
      if (tooLarge) finish({ outcome: 'done', code: 0 });
      else finish(code === 0 ? { outcome: 'done', code, output: Buffer.concat(chunks).toString('utf8') } : { outcome: 'done', code: code ?? -1 });
    });
    // pdftotext may stop reading early (a damaged file); the broken pipe is not an error of ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(request.input);
  });
}
