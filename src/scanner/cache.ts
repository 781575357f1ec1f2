/**
 * The scan cache: what scanning a file gave, keyed by the file's content and
 * everything else that decides the result (knowledge base, effective
 * configuration, tool version), so an unchanged file is not read again.
 *
 * One file per entry under `<dir>/<first two hex digits>/<rest of key>.scan`:
 * the CRC-32 of the rest of the file (eight hex digits and a space), a line of
 * JSON (the key, the file's format and status, the path its findings were
 * packed for, their severities and order), then the findings packed as the
 * JSON report prints them (packed.ts), so a cached file's findings go from
 * disk to the report without being parsed.
 *
 * Writes go to a temporary file that is then renamed, so a reader never sees
 * half an entry, and two scans sharing the folder at most write the same entry
 * twice; an entry whose bytes do not match their checksum, that does not parse
 * or that is not the entry for its key is a miss and gets rewritten. The cache
 * is bounded: `prune` removes the least recently used entries beyond a size or
 * count limit (an entry's modification time is its last use, refreshed when
 * it is older than an hour).
 *
 * Entries are small and read whole, so `get` uses synchronous file calls: for
 * a few kilobytes they cost far less than a round trip through the thread
 * pool, and a cached re-scan is mostly these reads.
 */
import { hash, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, futimesSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { mkdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { DocumentFormat } from '../doc-model/types.js';
import type { ScanConfig } from './config.js';
import { hashValue } from './hash.js';
import { isPackedFindings, type PackedFindings } from './packed.js';

/** Bump when the stored shape or meaning changes. 2: header line and packed findings instead of one JSON document. */
const CACHE_FORMAT = 2;

/** File name ending of an entry; entries of format 1 ended in `.json` (still counted and pruned, never read). */
const ENTRY = '.scan';
const OLD_ENTRY = '.json';

/** An entry's modification time records its last use; refreshing it on every hit would cost a write per file. */
const TOUCH_AFTER_MS = 60 * 60 * 1000;

/** The result of scanning one file, as stored. */
export interface CachedScan {
  format: DocumentFormat | 'unknown';
  status: 'ok' | 'error';
  error?: string;
  findings: PackedFindings;
}

/** Everything besides the file's bytes that decides a scan result. */
export interface CacheSalt {
  toolVersion: string;
  kbHash: string;
  /** Hash of the configuration that affects findings (see `configHash`). */
  configHash: string;
  /** Where PDF text comes from (pdftotext or pdf.js): the two may join lines into paragraphs differently. */
  pdfText: string;
}

/** When `prune` starts removing entries. */
export interface CacheLimits {
  maxBytes: number;
  maxEntries: number;
}

/** About 200 MB or 50,000 entries. */
export const DEFAULT_CACHE_LIMITS: Readonly<CacheLimits> = Object.freeze({ maxBytes: 200 * 1024 * 1024, maxEntries: 50_000 });

/** The first line of an entry, after its checksum. */
interface Header {
  v: number;
  key: string;
  format: string;
  status: string;
  error?: string;
  /** The path the findings were packed for. */
  file: string;
  severities: string;
  order?: number[];
}

/** Eight hex digits and a space. */
const CRC_LENGTH = 9;

/** A content-addressed store of per-file scan results. */
export class ScanCache {
  private readonly salt: string;
  private writes = 0;
  /** Shard folders known to exist. */
  private readonly shards = new Set<string>();

  constructor(
    readonly dir: string,
    salt: CacheSalt,
    private readonly limits: CacheLimits = DEFAULT_CACHE_LIMITS,
  ) {
    this.salt = hashValue({ v: CACHE_FORMAT, ...salt });
  }

  /** The entry key for a file with this content hash. */
  key(sha256: string): string {
    return hash('sha256', `${this.salt}:${sha256}`, 'hex');
  }

  /** Where the entry for a file with this content hash is kept. */
  entryPath(sha256: string): string {
    const key = this.key(sha256);
    return join(this.dir, key.slice(0, 2), `${key.slice(2)}${ENTRY}`);
  }

  /** The stored result for a file with this content; undefined on a miss (no entry, or a damaged or foreign one). */
  get(sha256: string): CachedScan | undefined {
    const key = this.key(sha256);
    const data = readEntry(join(this.dir, key.slice(0, 2), `${key.slice(2)}${ENTRY}`));
    return data ? decode(data, key) : undefined;
  }

  /**
   * Store a result; a failure to write is not an error (the file is scanned again next time).
   * Asynchronous, unlike `get`: creating a file can take the file system far longer than reading
   * one (hundreds of microseconds on ext4 after many deletions), and the scan goes on meanwhile.
   */
  async set(sha256: string, scan: CachedScan): Promise<void> {
    const key = this.key(sha256);
    const shard = join(this.dir, key.slice(0, 2));
    const path = join(shard, `${key.slice(2)}${ENTRY}`);
    const { file, json, severities, order } = scan.findings;
    const header: Header = {
      v: CACHE_FORMAT,
      key,
      format: scan.format,
      status: scan.status,
      ...(scan.error !== undefined ? { error: scan.error } : {}),
      file,
      severities,
      ...(order ? { order } : {}),
    };
    const head = Buffer.from(`${JSON.stringify(header)}\n`);
    // (zlib's crc32 of an empty array without storage, as a worker's message can carry, is 0 whatever it continues.)
    const crc = (json.byteLength > 0 ? crc32(json, crc32(head)) : crc32(head)).toString(16).padStart(8, '0');
    const data = Buffer.concat([Buffer.from(`${crc} `), head, json]);
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const write = async (): Promise<void> => {
      await writeFile(tmp, data, { flag: 'wx' });
      await rename(tmp, path);
    };
    try {
      if (!this.shards.has(shard)) {
        await mkdir(shard, { recursive: true });
        this.shards.add(shard);
      }
      try {
        await write();
      } catch (err) {
        // The folder went away during the scan (someone cleared the cache): make it again, once.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        await mkdir(shard, { recursive: true });
        await write();
      }
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
   * and temporary files left by an interrupted write. Runs after a scan that
   * wrote entries; looking at every entry with synchronous calls takes a few
   * milliseconds per thousand, several times less than through the thread pool.
   */
  async prune(): Promise<{ entries: number; bytes: number; removed: number }> {
    const files: { path: string; size: number; mtimeMs: number }[] = [];
    let shards: string[];
    try {
      shards = readdirSync(this.dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name))
        .map((d) => d.name);
    } catch {
      return { entries: 0, bytes: 0, removed: 0 };
    }
    const staleTmp = Date.now() - 60 * 60 * 1000;
    for (const shard of shards) {
      let names: string[];
      try {
        names = readdirSync(join(this.dir, shard));
      } catch {
        continue;
      }
      for (const name of names) {
        const path = join(this.dir, shard, name);
        const info = statSync(path, { throwIfNoEntry: false });
        if (!info?.isFile()) continue;
        if (name.endsWith('.tmp')) {
          if (info.mtimeMs < staleTmp) await unlink(path).catch(() => undefined);
        } else if (name.endsWith(ENTRY) || name.endsWith(OLD_ENTRY)) {
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
}

/** An entry file's bytes, its last use recorded; undefined when it cannot be read. */
function readEntry(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return undefined;
    const data = allocate(info.size);
    let filled = 0;
    while (filled < data.length) {
      const n = readSync(fd, data, filled, data.length - filled, null);
      if (n === 0) break;
      filled += n;
    }
    if (Date.now() - info.mtimeMs > TOUCH_AFTER_MS) {
      const now = new Date();
      try {
        futimesSync(fd, now, now); // least recently used goes first when pruning
      } catch {
        // Read-only cache: still usable.
      }
    }
    return data.subarray(0, filled);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Entries are read into slices of larger buffers, kept until the report is written: far fewer allocations (and garbage collections they set off) than a buffer each. */
const SLAB = 1 << 20;
let slab = Buffer.alloc(0);
let slabUsed = 0;

function allocate(size: number): Buffer {
  if (size > SLAB / 8) return Buffer.allocUnsafeSlow(size);
  if (slabUsed + size > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB);
    slabUsed = 0;
  }
  slabUsed += size;
  return slab.subarray(slabUsed - size, slabUsed);
}

/** The result in an entry's bytes, if they are whole and are the entry for `key`. */
function decode(data: Buffer, key: string): CachedScan | undefined {
  if (data.length <= CRC_LENGTH || data[CRC_LENGTH - 1] !== 0x20) return undefined;
  const crc = data.toString('latin1', 0, CRC_LENGTH - 1);
  if (!/^[0-9a-f]{8}$/.test(crc) || parseInt(crc, 16) !== crc32(data.subarray(CRC_LENGTH))) return undefined;
  const newline = data.indexOf(10, CRC_LENGTH);
  if (newline < 0) return undefined;
  let header: Partial<Header>;
  try {
    header = JSON.parse(data.toString('utf8', CRC_LENGTH, newline)) as Partial<Header>;
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null) return undefined;
  if (header.v !== CACHE_FORMAT || header.key !== key || (header.status !== 'ok' && header.status !== 'error') || typeof header.format !== 'string') return undefined;
  if (header.error !== undefined && typeof header.error !== 'string') return undefined;
  const findings = { file: header.file, json: data.subarray(newline + 1), severities: header.severities, ...(header.order !== undefined ? { order: header.order } : {}) };
  if (!isPackedFindings(findings)) return undefined;
  const scan: CachedScan = { format: header.format as CachedScan['format'], status: header.status, findings };
  if (header.error !== undefined) scan.error = header.error;
  return scan;
}

/** Hash of the configuration that decides findings (which files to scan does not). */
export function configHash(config: ScanConfig): string {
  const { include: _include, exclude: _exclude, ...decisive } = config;
  return hashValue(decisive);
}
