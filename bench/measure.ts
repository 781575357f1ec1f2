/**
 * Running a command and measuring it: wall time (from this process), CPU time
 * and peak resident memory. With GNU time (`/usr/bin/time -v`) the figures come
 * from the kernel's rusage of the child and of every descendant it waited for
 * (so a whole `xargs` pipeline is counted); without it, /proc/<pid>/status is
 * polled for VmHWM (peak RSS of the one process) and CPU time is not known.
 * A Node process and its worker threads are one process, so its RSS covers both.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface Measurement {
  wallMs: number;
  /** User plus system CPU time of the command and its waited-for descendants; undefined without GNU time. */
  cpuMs?: number;
  /** Peak resident set size in KiB (largest single process). */
  maxRssKb?: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

/** Whether GNU time with -v is available. */
export function haveGnuTime(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  try {
    const probe = spawnSyncText(GNU_TIME, ['-v', 'true']);
    return /Maximum resident set size/.test(probe);
  } catch {
    return false;
  }
}

function spawnSyncText(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}

export interface RunOptions {
  /** Bytes for the command's standard input. */
  input?: string | Buffer;
  cwd?: string;
  /** Folder for the GNU time report. */
  scratch: string;
  useGnuTime: boolean;
}

/** Run `cmd args`, wait for it, and measure it. */
export function measure(cmd: string, args: string[], options: RunOptions): Promise<Measurement> {
  const statsFile = join(options.scratch, `time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const [file, argv] = options.useGnuTime ? [GNU_TIME, ['-v', '-o', statsFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    let hwmKb = 0;
    const poll =
      options.useGnuTime || child.pid === undefined
        ? undefined
        : setInterval(() => {
            try {
              const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
              if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
            } catch {
              // The process has just exited.
            }
          }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (poll) clearInterval(poll);
      const m: Measurement = { wallMs, exitCode: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      if (options.useGnuTime) {
        const stats = existsSync(statsFile) ? readFileSync(statsFile, 'utf8') : '';
        rmSync(statsFile, { force: true });
        const num = (re: RegExp): number | undefined => {
          const x = re.exec(stats);
          return x ? Number(x[1]) : undefined;
        };
        const user = num(/User time \(seconds\):\s+([\d.]+)/);
        const sys = num(/System time \(seconds\):\s+([\d.]+)/);
        if (user !== undefined && sys !== undefined) m.cpuMs = (user + sys) * 1000;
        const rss = num(/Maximum resident set size \(kbytes\):\s+(\d+)/);
        if (rss !== undefined) m.maxRssKb = rss;
        const status = num(/Exit status:\s+(\d+)/);
        if (status !== undefined) m.exitCode = status;
      } else if (hwmKb > 0) {
        m.maxRssKb = hwmKb;
      }
      resolve(m);
    });
    child.stdin.end(options.input ?? '');
  });
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
