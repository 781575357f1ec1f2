/**
 * The scan cache: what scanning a file gave, keyed by the file's content and
 * everything else that decides the result (knowledge base, effective
 * configuration, tool version), so an unchanged file is not read again.
 *
 * One small JSON file per entry under `<dir>/<first two hex digits>/<key>.json`.
 * Writes go to a temporary file that is then renamed, so a reader never sees
 * half an entry; an entry that does not parse or does not match its key is a
 * miss and gets rewritten. The cache is bounded: `prune` removes the least
 * recently used entries beyond a size or count limit.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentFormat } from '../doc-model/types.js';
import type { ScanConfig } from './config.js';
import { hashValue } from './hash.js';
import type { Finding } from './types.js';

/** Bump when the stored shape or meaning changes. */
const CACHE_FORMAT = 1;

/** The result of scanning one file, as stored (findings without their file path). */
export interface CachedScan {
  format: DocumentFormat | 'unknown';
  status: 'ok' | 'error';
  error?: string;
  findings: Finding[];
}

/** Everything besides the file's bytes that decides a scan result. */
export interface CacheSalt {
  toolVersion: string;
  kbHash: string;
  /** Hash of the configuration that affects findings (see `configHash`). */
  configHash: string;
}

/** When `prune` starts removing entries. */
export interface CacheLimits {
  maxBytes: number;
  maxEntries: number;
}

/** About 200 MB or 50,000 entries. */
export const DEFAULT_CACHE_LIMITS: Readonly<CacheLimits> = Object.freeze({ maxBytes: 200 * 1024 * 1024, maxEntries: 50_000 });

interface StoredEntry extends CachedScan {
  v: number;
  key: string;
}

/** A content-addressed store of per-file scan results. */
export class ScanCache {
  private readonly salt: string;
  private writes = 0;

  constructor(
    readonly dir: string,
    salt: CacheSalt,
    private readonly limits: CacheLimits = DEFAULT_CACHE_LIMITS,
  ) {
    this.salt = hashValue({ v: CACHE_FORMAT, ...salt });
  }

  /** The entry key for a file with this content hash. */
  key(sha256: string): string {
    return createHash('sha256').update(this.salt).update(':').update(sha256).digest('hex');
  }

  /** The stored result for a file with this content, findings filed under `file`; undefined on a miss. */
  async get(sha256: string, file: string): Promise<CachedScan | undefined> {
    const key = this.key(sha256);
    const path = this.pathOf(key);
    let entry: StoredEntry;
    try {
      entry = JSON.parse(await readFile(path, 'utf8')) as StoredEntry;
    } catch {
      return undefined;
    }
    if (!isValid(entry, key)) return undefined;
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined); // least recently used goes first when pruning
    const result: CachedScan = { format: entry.format, status: entry.status, findings: entry.findings.map((f) => ({ ...f, file })) };
    if (entry.error !== undefined) result.error = entry.error;
    return result;
  }

  /** Store a result; a failure to write is not an error (the file is scanned again next time). */
  async set(sha256: string, scan: CachedScan): Promise<void> {
    const key = this.key(sha256);
    const path = this.pathOf(key);
    const entry: StoredEntry = { v: CACHE_FORMAT, key, ...scan, findings: scan.findings.map((f) => ({ ...f, file: '' })) };
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
      await writeFile(tmp, JSON.stringify(entry));
      await rename(tmp, path);
      this.writes++;
    } catch {
      await rm(tmp, { force: true }).catch(() => undefined);
    }
  }

  /** Entries written through this object. */
  get written(): number {
    return this.writes;
  }

  /**
   * Remove the least recently used entries while the cache holds more than
   * its limits (down to 90% of them, so pruning does not run on every scan),
   * and temporary files left by an interrupted write.
   */
  async prune(): Promise<{ entries: number; bytes: number; removed: number }> {
    const files: { path: string; size: number; mtimeMs: number }[] = [];
    let shards: string[];
    try {
      shards = (await readdir(this.dir, { withFileTypes: true })).filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name)).map((d) => d.name);
    } catch {
      return { entries: 0, bytes: 0, removed: 0 };
    }
    const staleTmp = Date.now() - 60 * 60 * 1000;
    for (const shard of shards) {
      for (const name of await readdir(join(this.dir, shard)).catch(() => [] as string[])) {
        const path = join(this.dir, shard, name);
        const info = await stat(path).catch(() => undefined);
        if (!info?.isFile()) continue;
        if (name.endsWith('.tmp')) {
          if (info.mtimeMs < staleTmp) await unlink(path).catch(() => undefined);
        } else if (name.endsWith('.json')) {
          files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
        }
      }
    }
    let bytes = files.reduce((n, f) => n + f.size, 0);
    let entries = files.length;
    let removed = 0;
    if (bytes <= this.limits.maxBytes && entries <= this.limits.maxEntries) return { entries, bytes, removed };
    files.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const f of files) {
      if (bytes <= this.limits.maxBytes * 0.9 && entries <= this.limits.maxEntries * 0.9) break;
      await unlink(f.path).catch(() => undefined);
      bytes -= f.size;
      entries--;
      removed++;
    }
    return { entries, bytes, removed };
  }

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key.slice(2)}.json`);
  }
}

function isValid(entry: unknown, key: string): entry is StoredEntry {
  if (typeof entry !== 'object' || entry === null) return false;
  const e = entry as Partial<StoredEntry>;
  return (
    e.v === CACHE_FORMAT &&
    e.key === key &&
    (e.status === 'ok' || e.status === 'error') &&
    typeof e.format === 'string' &&
    Array.isArray(e.findings) &&
    e.findings.every((f) => typeof f === 'object' && f !== null && typeof f.ruleId === 'string')
  );
}

/** Hash of the configuration that decides findings (which files to scan does not). */
export function configHash(config: ScanConfig): string {
  const { include: _include, exclude: _exclude, ...decisive } = config;
  return hashValue(decisive);
}
