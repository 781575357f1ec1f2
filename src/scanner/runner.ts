/**
 * Something that scans files one by one: a pool of worker threads (pool.ts),
 * or the main thread itself for small jobs (this module). Both give every file
 * an outcome; a file that takes too long gets a time-out error.
 */
import type { PreparedScan } from './engine.js';
import { scanOne, type FileOutcome, type FileTask } from './scan-one.js';
import { formatOf } from './discover.js';

/** Scans files; `run` never rejects for a problem with one file. */
export interface FileRunner {
  run(task: FileTask): Promise<FileOutcome>;
  /** Stop every worker; the runner cannot be used afterwards. */
  close(): Promise<void>;
}

/** Default time one file may take. */
export const DEFAULT_FILE_TIMEOUT_MS = 60_000;

/** The outcome for a file that took longer than `timeoutMs`. */
export function timeoutOutcome(task: FileTask, timeoutMs: number): FileOutcome {
  const seconds = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms`;
  return { format: formatOf(task.path), status: 'error', error: `took longer than ${seconds} to read; skipped`, deterministic: false, findings: [] };
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

  async run(task: FileTask): Promise<FileOutcome> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<FileOutcome>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error('time limit reached'));
        resolve(timeoutOutcome(task, this.timeoutMs));
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([scanOne(this.prepared, task, controller.signal), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {}
}
