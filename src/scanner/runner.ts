/**
 * Something that scans files one by one: a pool of worker threads (pool.ts),
 * or the main thread itself for small jobs (this module). Both give every file
 * an outcome, with its findings packed (packed.ts); a file that takes too long
 * gets a time-out error.
 */
import type { PreparedScan } from './engine.js';
import { NO_FINDINGS, packFindings, type PackedFindings } from './packed.js';
import { failure, scanOne, type FileOutcome, type FileTask } from './scan-one.js';
import { formatOf } from './discover.js';

/** What scanning one file gave, findings packed. */
export interface ScanOutcome extends Omit<FileOutcome, 'findings'> {
  findings: PackedFindings;
}

/** Scans files; `run` never rejects for a problem with one file. */
export interface FileRunner {
  run(task: FileTask): Promise<ScanOutcome>;
  /** Stop every worker; the runner cannot be used afterwards. */
  close(): Promise<void>;
}

/** Default time one file may take. */
export const DEFAULT_FILE_TIMEOUT_MS = 60_000;

/** An outcome with its findings packed (a failure to pack is the file's error, like any other problem with it). */
export function packOutcome(outcome: FileOutcome, task: FileTask): ScanOutcome {
  try {
    return { ...outcome, findings: packFindings(outcome.findings, task.display) };
  } catch (err) {
    return { ...failure(task, err), findings: { ...NO_FINDINGS, file: task.display } };
  }
}

/** The outcome for a file that took longer than `timeoutMs`. */
export function timeoutOutcome(task: FileTask, timeoutMs: number): ScanOutcome {
  const seconds = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms`;
  return { format: formatOf(task.path), status: 'error', error: `took longer than ${seconds} to read; skipped`, deterministic: false, findings: { ...NO_FINDINGS, file: task.display } };
}

/**
 * Scans in the calling thread. A file past the time limit is abandoned: its
 * read is aborted through the readers' signal and the file gets the time-out
 * error (a reader stuck in synchronous work cannot be interrupted here; the
 * worker pool terminates its thread instead).
 */
export class InProcessRunner implements FileRunner {
  constructor(
    private readonly prepared: PreparedScan,
    private readonly timeoutMs: number = DEFAULT_FILE_TIMEOUT_MS,
  ) {}

  async run(task: FileTask): Promise<ScanOutcome> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<ScanOutcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error('time limit reached'));
        resolve(timeoutOutcome(task, this.timeoutMs));
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([scanOne(this.prepared, task, controller.signal).then((found) => packOutcome(found, task)), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const { closePdftotext } = await import('../readers/pdftotext-launcher.js');
    await closePdftotext();
  }
}
