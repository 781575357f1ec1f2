/**
 * A pool of worker threads that scan files in parallel. Each worker receives a
 * copy of the main thread's knowledge base, prepares the rules once, then takes
 * one file at a time. Workers run with a heap limit that keeps the scan's
 * memory low; a file that needs more is read again by one extra worker without
 * the limit, which stops after that file.
 * Workers start on demand, up to `size`. A file that takes longer than the
 * time limit gets a time-out error and its worker is terminated and replaced;
 * a worker that crashes (a reader bug, memory exhausted) costs only the file
 * it was reading.
 *
 * Runs from the compiled JavaScript in dist/ and from the TypeScript sources
 * (tests, development): under .ts the worker is started with tsx's loader.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KnowledgeBase } from '../kb/model.js';
import type { ScanConfig } from './config.js';
import { DEFAULT_FILE_TIMEOUT_MS, packOutcome, timeoutOutcome, type FileRunner, type ScanOutcome } from './runner.js';
import { failure, type FileTask } from './scan-one.js';

/** Data a worker starts with: the main thread's knowledge base (structured-cloned, so no worker parses the YAML again). */
export interface WorkerData {
  config: ScanConfig;
  kb: KnowledgeBase;
}

/** Young-generation size of a worker's heap (see `spawn`). */
const WORKER_YOUNG_GENERATION_MB = 48;

/** Old-generation limit of a worker's heap (see `spawn`). */
const WORKER_OLD_GENERATION_MB = 160;

/** Main thread → worker: a file to scan, or the end of the scan. */
export type WorkerRequest = { id: number; task: FileTask } | { close: true };

/** Worker → main thread. */
export type WorkerReply =
  | { type: 'ready'; kbHash: string }
  | { type: 'fatal'; message: string }
  | { type: 'done'; id: number; outcome: ScanOutcome }
  /** The worker let go of everything that outlives it; it can be terminated. */
  | { type: 'closed' };

/** How a pool runs. */
export interface PoolOptions {
  /** Most workers running at once. */
  size: number;
  config: ScanConfig;
  /** The knowledge base the main thread uses; every worker gets a copy. */
  kb: KnowledgeBase;
  /** Time one file may take, in milliseconds. */
  timeoutMs?: number;
  /** Old-generation heap limit of a worker in MB (default 160); a file that exceeds it is read again without a limit. */
  heapLimitMb?: number;
  /** Where anything a worker prints goes (libraries sometimes print warnings); default: nowhere. */
  log?: (text: string) => void;
}

interface Job {
  id: number;
  task: FileTask;
  resolve: (outcome: ScanOutcome) => void;
  reject: (error: Error) => void;
  /** Ran out of memory in a worker with the heap limit: runs again in one without it. */
  roomy?: boolean;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Started without the heap limit, for one file that needed more; stopped after it. */
  roomy: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

/** A pool of scan workers. */
export class WorkerPool implements FileRunner {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly timeoutMs: number;
  private nextId = 0;
  private fatal: Error | undefined;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError(`pool size must be a positive integer, not ${options.size}`);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
  }

  /** Workers currently running (for tests and diagnostics). */
  get workers(): number {
    return this.slots.size;
  }

  run(task: FileTask): Promise<ScanOutcome> {
    return new Promise((resolve, reject) => {
      if (this.fatal) return reject(this.fatal);
      if (this.closed) return reject(new Error('the worker pool is closed'));
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.pump();
    });
  }

  /** Stop every worker: each idle one first lets go of what would outlive it (pdftotext's shell), for at most `waitMs`. */
  async close(waitMs = 2000): Promise<void> {
    this.closed = true;
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots) clearTimeout(slot.timer);
    await Promise.all(
      slots.map(async (s) => {
        if (s.ready && !s.job) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, waitMs);
            s.worker.on('message', (reply: WorkerReply) => {
              if (reply.type !== 'closed') return;
              clearTimeout(timer);
              resolve();
            });
            s.worker.postMessage({ close: true } satisfies WorkerRequest);
          });
        }
        await s.worker.terminate();
      }),
    );
  }

  /** Give queued files to idle workers, and start workers while files wait and there is room. */
  private pump(): void {
    if (this.closed || this.fatal) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (!slot.ready || slot.job) continue;
      // A file that needs more memory waits for a roomy worker; a roomy worker takes such a file first.
      const next = slot.roomy ? Math.max(0, this.queue.findIndex((j) => j.roomy)) : this.queue.findIndex((j) => !j.roomy);
      if (next >= 0) this.dispatch(slot, this.queue.splice(next, 1)[0]!);
    }
    const slots = [...this.slots];
    // One roomy worker at a time, beside the others (they keep their files going).
    if (this.queue.some((j) => j.roomy) && !slots.some((s) => s.roomy)) this.spawn(true);
    const capped = slots.filter((s) => !s.roomy);
    let running = capped.length;
    let starting = capped.filter((s) => !s.ready).length;
    const waiting = this.queue.filter((j) => !j.roomy).length;
    while (waiting > starting && running < this.options.size) {
      this.spawn(false);
      running++;
      starting++;
    }
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    slot.timer = setTimeout(() => {
      this.retire(slot);
      job.resolve(timeoutOutcome(job.task, this.timeoutMs));
      this.pump();
    }, this.timeoutMs);
    slot.worker.postMessage({ id: job.id, task: job.task } satisfies WorkerRequest);
  }

  private spawn(roomy: boolean): void {
    const entry = workerEntry();
    const heapLimit = this.options.heapLimitMb ?? WORKER_OLD_GENERATION_MB;
    const worker = new Worker(entry.script, {
      eval: entry.eval,
      workerData: { config: this.options.config, kb: this.options.kb } satisfies WorkerData,
      stdout: true,
      stderr: true,
      // The young generation at V8's usual size (16 MB semi-spaces): a worker allocates a lot for each
      // file and drops it at once; smaller ones saved ~50 MB but cost ~5% more time in scavenges.
      // A limited old generation: V8 otherwise lets a reader's heap grow to a few hundred MB before
      // collecting; a file that really needs more is read again by a worker without the limit.
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, ...(roomy ? {} : { maxOldGenerationSizeMb: heapLimit }) },
    });
    const slot: Slot = { worker, ready: false, roomy };
    this.slots.add(slot);
    const log = this.options.log;
    for (const stream of [worker.stdout, worker.stderr]) {
      if (log) stream.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
      else stream.resume();
    }
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', (err) => this.onCrash(slot, err));
    worker.on('exit', (code) => this.onCrash(slot, new Error(`the reader stopped unexpectedly (exit code ${code})`)));
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.type === 'ready') {
      if (reply.kbHash !== this.options.kb.hash) return this.fail(new Error('a scan worker received a different knowledge base; please report this'));
      slot.ready = true;
    } else if (reply.type === 'fatal') {
      return this.fail(new Error(reply.message));
    } else if (reply.type === 'done' && slot.job?.id === reply.id) {
      clearTimeout(slot.timer);
      const job = slot.job;
      slot.job = undefined;
      job.resolve(reply.outcome);
      // A roomy worker's heap is as large as the file needed: let it go.
      if (slot.roomy) this.retire(slot);
    }
    this.pump();
  }

  /** A worker died. The file it was reading gets an error; a worker that never started ends the scan. */
  private onCrash(slot: Slot, err: Error): void {
    if (!this.slots.has(slot) || this.closed) return;
    this.retire(slot);
    if (!slot.ready) return this.fail(new Error(`a scan worker could not start: ${err.message}`));
    const job = slot.job;
    if (job) {
      const oom = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      if (oom && !slot.roomy) {
        // Past the heap limit of a capped worker: read the file again in a worker without it.
        job.roomy = true;
        this.queue.unshift(job);
      } else {
        const outcome = packOutcome(failure(job.task, err), job.task);
        job.resolve(oom ? { ...outcome, error: 'ran out of memory while reading this file; skipped' } : outcome);
      }
    }
    this.pump();
  }

  /** Take a worker out of the pool and stop it. */
  private retire(slot: Slot): void {
    clearTimeout(slot.timer);
    this.slots.delete(slot);
    void slot.worker.terminate();
  }

  /** Something is wrong with the scan itself: every waiting file's promise rejects. */
  private fail(error: Error): void {
    if (this.fatal) return;
    this.fatal = error;
    for (const job of this.queue.splice(0)) job.reject(error);
    for (const slot of [...this.slots]) {
      slot.job?.reject(error);
      this.retire(slot);
    }
  }
}

/**
 * How to start a worker: worker.js next to this module in dist/; under tsx or
 * vitest (this module is .ts), a small bootstrap that registers tsx's loader
 * inside the worker and then imports worker.ts (module hooks registered in
 * the main thread do not reach worker threads, and Node 20 ignores
 * `--import` in a worker's execArgv).
 */
function workerEntry(): { script: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./worker.js', import.meta.url), eval: false };
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return { script: boot, eval: true };
}

/** File URL of tsx's ESM register API, from tsx's own package exports. */
function tsxApiUrl(): string {
  const pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api']!.import.default)).href;
}
