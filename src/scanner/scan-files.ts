/**
 * A whole scan: discover the files under the given paths, take what the cache
 * already knows, scan the rest in worker threads (or in this thread for small
 * jobs), and assemble one deterministic result. Files are discovered as they
 * are needed and at most two per worker are being read at once; the findings
 * of every file are kept, packed as the JSON report prints them (packed.ts),
 * and become objects only when `result.findings` is read.
 *
 * The readers, the rules and the worker pool are loaded at the first file the
 * cache does not know, so a re-scan of unchanged files never loads them.
 */
import { compareText } from '../util/compare.js';
import { Semaphore } from '../util/semaphore.js';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { getKnowledgeBase } from '../kb/load.js';
import type { KnowledgeBase } from '../kb/model.js';
import { toolVersion } from '../util/version.js';
import { pdfTextSource } from '../readers/pdf-poppler.js';
import { ScanCache, configHash } from './cache.js';
import { defaultConfig, type ScanConfig } from './config.js';
import { discover, type DiscoveredFile, type DiscoverOptions } from './discover.js';
import { hashFile } from './hash.js';
import { forFile, keepAtLeast, withPackedFindings, type PackedFindings } from './packed.js';
import type { FileRunner, ScanOutcome } from './runner.js';
import type { FileResult, ScanResult, Severity } from './types.js';

/** Where a running scan stands, for a progress display. */
export interface ScanProgress {
  /** Files found so far (documents to read and paths that gave an error). */
  discovered: number;
  /** Whether discovery has finished, so `discovered` is the total. */
  discoveryDone: boolean;
  /** How many files the scan will have in all, once a quick walk ahead has counted them. */
  total?: number;
  /** Files finished (read, taken from the cache, or failed). */
  done: number;
  failed: number;
  /** Findings so far. */
  findings: number;
  /** The file most recently started. */
  current?: string;
}

/** How `scanPaths` runs; every field is optional. */
export interface ScanOptions {
  config?: ScanConfig;
  /** Default: the shipped knowledge base. */
  kb?: KnowledgeBase;
  /** Worker threads; default: the number of cores. 1 scans in this thread. */
  jobs?: number;
  /** Cache folder; default `.qmsr-cache` in `cwd`; false for no cache. */
  cacheDir?: string | false;
  /** Time one file may take; default 60 s. */
  timeoutMs?: number;
  /** Report findings of at least this severity (default: all). */
  minSeverity?: Severity;
  /** Folder relative paths and the default cache are resolved against; default: the process's. */
  cwd?: string;
  onProgress?: (progress: ScanProgress) => void;
  /** Diagnostics for --verbose. */
  onDebug?: (message: string) => void;
  /** Clock for `generatedAt` (tests). */
  now?: () => Date;
}

/** Scan every supported document under `paths`. */
export async function scanPaths(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? defaultConfig;
  const kb = options.kb ?? getKnowledgeBase();
  const jobs = options.jobs ?? availableParallelism();
  const debug = options.onDebug;
  const cache =
    options.cacheDir === false
      ? undefined
      : new ScanCache(resolve(cwd, options.cacheDir ?? '.qmsr-cache'), { toolVersion: toolVersion(), kbHash: kb.hash, configHash: configHash(config), pdfText: pdfTextSource() });
  const singleFile = paths.length === 1 && statOf(resolve(cwd, paths[0]!))?.isFile() === true;

  let runner: Promise<FileRunner> | undefined;
  const startRunner = async (): Promise<FileRunner> => {
    if (jobs <= 1 || singleFile) {
      const [{ InProcessRunner }, { prepareScan }] = await Promise.all([import('./runner.js'), import('./engine.js')]);
      return new InProcessRunner(prepareScan(kb, config), options.timeoutMs);
    }
    const { WorkerPool } = await import('./pool.js');
    return new WorkerPool({ size: jobs, config, kb, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(debug ? { log: debug } : {}) });
  };

  const files: FileResult[] = [];
  const packed: PackedFindings[] = [];
  const progress: ScanProgress = { discovered: 0, discoveryDone: false, done: 0, failed: 0, findings: 0 };
  const report = options.onProgress ? (): void => options.onProgress?.({ ...progress }) : (): void => undefined;
  const counts = { hits: 0, misses: 0 };

  const record = (file: FileResult, findings?: PackedFindings): void => {
    files.push(file);
    if (findings && findings.severities.length > 0) {
      packed.push(findings);
      progress.findings += findings.severities.length;
    }
    progress.done++;
    if (file.status === 'error') progress.failed++;
    report();
  };

  const handle = async (item: DiscoveredFile): Promise<void> => {
    const fingerprint = await hashFile(item.path, { keepBytes: true });
    const cached = fingerprint && cache ? cache.get(fingerprint.sha256) : undefined;
    let outcome: Omit<ScanOutcome, 'deterministic'>;
    if (cached) {
      counts.hits++;
      outcome = cached;
    } else {
      counts.misses++;
      const fresh = await reading.run(async () => (await (runner ??= startRunner())).run({ path: item.path, display: item.display, ...(fingerprint?.data ? { data: fingerprint.data } : {}) }));
      outcome = fresh;
      if (cache && fingerprint && (fresh.status === 'ok' || fresh.deterministic) && unchanged(item.path, fingerprint)) {
        await cache.set(fingerprint.sha256, { format: fresh.format, status: fresh.status, ...(fresh.error !== undefined ? { error: fresh.error } : {}), findings: fresh.findings });
      }
    }
    const file: FileResult = { path: item.display, format: outcome.format, status: outcome.status };
    if (outcome.error !== undefined) file.error = outcome.error;
    if (fingerprint) file.sha256 = fingerprint.sha256;
    const kept = keepAtLeast(forFile(outcome.findings, item.display), options.minSeverity);
    if (outcome.status === 'ok') file.findings = kept.severities.length;
    if (cache) file.cached = cached !== undefined;
    record(file, kept);
  };

  const discoverOptions = { include: config.include, exclude: config.exclude, cwd };
  // Discovery keeps only a few files ahead of the readers; for a progress total, a second walk counts them all.
  let finished = false;
  if (options.onProgress) {
    void countFiles(paths, discoverOptions).then((n) => {
      if (n === undefined || finished) return;
      progress.total = n;
      report();
    });
  }
  // At most two files per worker are being read; with a cache, more files are hashed and looked up ahead
  // of them (a cache hit costs a few small reads, and waiting for each in turn would leave the CPU idle).
  const reading = new Semaphore(Math.max(2, 2 * jobs));
  const limit = cache ? Math.max(16, 4 * jobs) : Math.max(2, 2 * jobs);
  const inflight = new Set<Promise<void>>();
  let fatal: unknown;
  try {
    const found = discover(paths, { ...discoverOptions, ...(debug ? { onDebug: debug } : {}) });
    for await (const item of found) {
      progress.discovered++;
      if (item.kind === 'error') {
        record({ path: item.display, format: item.format, status: 'error', error: item.message });
        continue;
      }
      progress.current = item.display;
      report();
      while (inflight.size >= limit) await Promise.race(inflight);
      if (fatal) break;
      const task: Promise<void> = handle(item)
        .catch((err: unknown) => {
          fatal ??= err;
        })
        .finally(() => inflight.delete(task));
      inflight.add(task);
    }
    progress.discoveryDone = true;
    report();
    await Promise.all(inflight);
    if (fatal) throw fatal;
  } finally {
    finished = true;
    cache?.close();
    // (A runner that failed to start has already failed the scan with its error.)
    if (runner) await (await runner.catch(() => undefined))?.close();
  }
  if (cache) {
    debug?.(`cache ${cache.dir}: ${counts.hits} reused, ${counts.misses} read`);
    if (cache.written > 0) await cache.prune();
  }

  const sortedFiles = files.sort((a, b) => compareText(a.path, b.path));
  const failed = sortedFiles.filter((f) => f.status === 'error').length;
  const result: ScanResult = {
    schemaVersion: 1,
    tool: { name: 'qmsr', version: toolVersion() },
    kb: { version: kb.version, hash: kb.hash },
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    summary: { files: sortedFiles.length, scanned: sortedFiles.filter((f) => f.status === 'ok').length, failed, findings: progress.findings },
    files: sortedFiles,
    findings: [],
  };
  return withPackedFindings(result, packed);
}

/** How many items discovery will yield (directory listings only; no file is opened). Undefined if the walk fails. */
async function countFiles(paths: readonly string[], options: DiscoverOptions): Promise<number | undefined> {
  let n = 0;
  try {
    for await (const _item of discover(paths, options)) n++;
  } catch {
    return undefined;
  }
  return n;
}

/** Whether a file still has the size and modification time it had when hashed (else its result is not cached). */
function unchanged(path: string, before: { size: number; mtimeMs: number }): boolean {
  const now = statOf(path);
  return now !== undefined && now.size === before.size && now.mtimeMs === before.mtimeMs;
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
