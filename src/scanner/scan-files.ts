/**
 * A whole scan: discover the files under the given paths, take what the cache
 * already knows, scan the rest in worker threads (or in this thread for small
 * jobs), and assemble one deterministic result. Files are discovered as they
 * are needed and at most two per worker are being read at once; the findings
 * of every file are kept for the result.
 */
import { compareText } from '../util/compare.js';
import { Semaphore } from '../util/semaphore.js';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { getKnowledgeBase } from '../kb/load.js';
import type { KnowledgeBase } from '../kb/model.js';
import { toolVersion } from '../util/version.js';
import { ScanCache, configHash } from './cache.js';
import { defaultConfig, type ScanConfig } from './config.js';
import { discover, type DiscoveredFile, type DiscoverOptions } from './discover.js';
import { prepareScan } from './engine.js';
import { hashFile } from './hash.js';
import { WorkerPool } from './pool.js';
import { InProcessRunner, type FileRunner } from './runner.js';
import type { FileOutcome } from './scan-one.js';
import type { FileResult, Finding, ScanResult, Severity } from './types.js';

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

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

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
      : new ScanCache(resolve(cwd, options.cacheDir ?? '.qmsr-cache'), { toolVersion: toolVersion(), kbHash: kb.hash, configHash: configHash(config) });
  const singleFile = paths.length === 1 && (await stat(resolve(cwd, paths[0]!)).catch(() => undefined))?.isFile() === true;

  let runner: FileRunner | undefined;
  const getRunner = (): FileRunner => {
    runner ??=
      jobs <= 1 || singleFile
        ? new InProcessRunner(prepareScan(kb, config), options.timeoutMs)
        : new WorkerPool({ size: jobs, config, kb, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(debug ? { log: debug } : {}) });
    return runner;
  };

  const files: FileResult[] = [];
  const findings: Finding[] = [];
  const progress: ScanProgress = { discovered: 0, discoveryDone: false, done: 0, failed: 0, findings: 0 };
  const report = (): void => options.onProgress?.({ ...progress });
  const counts = { hits: 0, misses: 0 };

  // Findings arrive from the workers as copies: the same message and explanation texts repeat
  // thousands of times in a large scan, so one copy of each is kept.
  const texts = new Map<string, string>();
  const intern = (text: string): string => {
    const known = texts.get(text);
    if (known !== undefined) return known;
    texts.set(text, text);
    return text;
  };
  const record = (file: FileResult, found: Finding[]): void => {
    files.push(file);
    for (const f of found) {
      f.message = intern(f.message);
      if (f.detail !== undefined) f.detail = intern(f.detail);
      findings.push(f);
    }
    progress.done++;
    if (file.status === 'error') progress.failed++;
    progress.findings += found.length;
    report();
  };

  const handle = async (item: DiscoveredFile): Promise<void> => {
    const fingerprint = await hashFile(item.path);
    const cached = fingerprint && cache ? await cache.get(fingerprint.sha256, item.display) : undefined;
    let outcome: FileOutcome;
    if (cached) {
      counts.hits++;
      outcome = { ...cached, deterministic: true };
    } else {
      counts.misses++;
      outcome = await reading.run(() => getRunner().run({ path: item.path, display: item.display }));
      if (cache && fingerprint && (outcome.status === 'ok' || outcome.deterministic) && (await unchanged(item.path, fingerprint))) {
        await cache.set(fingerprint.sha256, { format: outcome.format, status: outcome.status, ...(outcome.error ? { error: outcome.error } : {}), findings: outcome.findings });
      }
    }
    const kept = outcome.findings.filter((f) => !options.minSeverity || SEVERITY_RANK[f.severity] >= SEVERITY_RANK[options.minSeverity]);
    const file: FileResult = { path: item.display, format: outcome.format, status: outcome.status };
    if (outcome.error !== undefined) file.error = outcome.error;
    if (fingerprint) file.sha256 = fingerprint.sha256;
    if (outcome.status === 'ok') file.findings = kept.length;
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
        record({ path: item.display, format: item.format, status: 'error', error: item.message }, []);
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
    await runner?.close();
  }
  if (cache) {
    debug?.(`cache ${cache.dir}: ${counts.hits} reused, ${counts.misses} read`);
    if (cache.written > 0) await cache.prune();
  }

  const ordered = sortFindings(findings);
  const sortedFiles = files.sort((a, b) => compareText(a.path, b.path));
  const failed = sortedFiles.filter((f) => f.status === 'error').length;
  return {
    schemaVersion: 1,
    tool: { name: 'qmsr', version: toolVersion() },
    kb: { version: kb.version, hash: kb.hash },
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    summary: { files: sortedFiles.length, scanned: sortedFiles.filter((f) => f.status === 'ok').length, failed, findings: ordered.length },
    files: sortedFiles,
    findings: ordered,
  };
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
async function unchanged(path: string, before: { size: number; mtimeMs: number }): Promise<boolean> {
  const now = await stat(path).catch(() => undefined);
  return now !== undefined && now.size === before.size && now.mtimeMs === before.mtimeMs;
}

/** By file, then document order (block, offset), so worker timing never changes the output. */
function sortFindings(findings: Finding[]): Finding[] {
  const pos = (f: Finding): [number, number] => [f.span?.block ?? Number.MAX_SAFE_INTEGER, f.span?.start ?? 0];
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const byFile = compareText(a.f.file, b.f.file);
      if (byFile !== 0) return byFile;
      const [ab, as] = pos(a.f);
      const [bb, bs] = pos(b.f);
      return ab - bb || as - bs || a.i - b.i;
    })
    .map(({ f }) => f);
}
