/**
 * The scan cache: what scanning a file gave, keyed by the file's content and
 * everything else that decides the result (knowledge base, effective
 * configuration, tool version, where PDF text comes from), so an unchanged
 * file is not read again.
 *
 * Results are records appended to pack files, one pack per scan that writes:
 * `<dir>/<name>.pack` holds the records and `<dir>/<name>.index` one line per
 * record (`<key> <offset> <length>`), appended once the record is written, so
 * an index line always points at a whole record, and a scan that is
 * interrupted keeps what it wrote. A record is the CRC-32 of the rest of it
 * (eight hex digits and a space), a line of JSON (the key, the file's format
 * and status, the path its findings were packed for, their severities and
 * order), then the findings packed as the JSON report prints them (packed.ts),
 * so a cached file's findings go from disk to the report without being parsed.
 *
 * Why packs and not a file per result: creating a file costs far more than
 * writing one (0.3-1 ms of system time, measured on ext4 in a virtual
 * machine), and a cold scan of a thousand files paid about a second for it.
 *
 * Scans sharing the folder each write their own pack; a record whose bytes do
 * not match their checksum, that does not parse, or that is not the record for
 * its key is a miss, and the file is read and written again (later index lines
 * win over earlier ones, newer indexes over older). The cache is bounded:
 * `prune` removes the least recently used packs beyond a size or count limit
 * (an index's modification time is its pack's last use: it changes as the pack
 * is written, and is refreshed when a record is read from it and it is older
 * than an hour) and merges small packs when there are many.
 *
 * Everything here uses synchronous file calls: records are small, and a call
 * costs a few microseconds where a round trip through the thread pool costs
 * tens.
 */
import { hash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmdirSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { DocumentFormat } from '../doc-model/types.js';
import type { ScanConfig } from './config.js';
import { hashValue } from './hash.js';
import { isPackedFindings, type PackedFindings } from './packed.js';

/** Bump when the stored shape or meaning changes. 2: header line and packed findings; 3: records in packs. */
const CACHE_FORMAT = 3;

const PACK = '.pack';
const INDEX = '.index';

/** An index's modification time records its pack's last use; refreshing it on every hit would cost a write per file. */
const TOUCH_AFTER_MS = 60 * 60 * 1000;

/** A pack without an index (or the other way round) older than this was left by a scan that stopped at its start. */
const ORPHAN_AFTER_MS = 60 * 60 * 1000;

/** A scan starts a new pack after this many records or bytes, so that pruning a pack removes a small part of the cache. */
const PACK_RECORDS = 4096;
const PACK_BYTES = 16 * 1024 * 1024;

/** Beyond this many packs, `prune` merges the smaller ones. */
const MAX_PACKS = 64;

/** How many of the largest packs a merge leaves alone. */
const KEEP_LARGEST = 16;

/** A merge holds this file; one older than this was left by a merge that did not finish. */
const MERGE_LOCK = 'qmsr-cache-merge.lock';
const MERGE_LOCK_STALE_MS = 10 * 60 * 1000;

/** A pack's or index's file name, as `createPack` makes them: nothing else in the folder is ever read or removed. */
const PACK_FILE = /^([0-9a-z]+-\d+-[0-9a-f]{8})\.(pack|index)$/;

/** What the older formats left, inside folders named by two hex digits: entries (`.json`, `.scan`) and their temporary files. */
const OLD_SHARD = /^[0-9a-f]{2}$/;
const OLD_ENTRY = /^[0-9a-f]{62}\.(json|scan)(\.\d+\.[0-9a-f]+\.tmp)?$/;

/** One index line: key, offset and length. */
const INDEX_LINE = /^([0-9a-f]{64}) (\d+) (\d+)$/;

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

/** When `prune` starts removing packs. */
export interface CacheLimits {
  maxBytes: number;
  maxEntries: number;
}

/** About 200 MB or 50,000 entries. */
export const DEFAULT_CACHE_LIMITS: Readonly<CacheLimits> = Object.freeze({ maxBytes: 200 * 1024 * 1024, maxEntries: 50_000 });

/** Where a record is. */
export interface RecordLocation {
  /** The pack's name, without `.pack`. */
  pack: string;
  offset: number;
  length: number;
}

/** The first line of a record, after its checksum. */
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

/** The pack this object appends to. */
interface Writer {
  name: string;
  pack: number;
  index: number;
  offset: number;
  records: number;
}

/** A content-addressed store of per-file scan results. */
export class ScanCache {
  private readonly salt: string;
  private writes = 0;
  /** Key → record, from every index in the folder (loaded at the first lookup) and what this object wrote. */
  private locations: Map<string, RecordLocation> | undefined;
  /** Open packs, for reading (undefined: could not be opened). */
  private readonly readers = new Map<string, number | undefined>();
  /** Packs whose last use was recorded by this object. */
  private readonly touched = new Set<string>();
  private writer: Writer | undefined;

  constructor(
    readonly dir: string,
    salt: CacheSalt,
    private readonly limits: CacheLimits = DEFAULT_CACHE_LIMITS,
  ) {
    this.salt = hashValue({ v: CACHE_FORMAT, ...salt });
  }

  /** The record key for a file with this content hash. */
  key(sha256: string): string {
    return hash('sha256', `${this.salt}:${sha256}`, 'hex');
  }

  /** Where the record for a file with this content hash is, if the cache has one (it may still be damaged). */
  locate(sha256: string): RecordLocation | undefined {
    return this.index().get(this.key(sha256));
  }

  /** The stored result for a file with this content; undefined on a miss (no record, or a damaged or foreign one). */
  get(sha256: string): CachedScan | undefined {
    const key = this.key(sha256);
    const at = this.index().get(key);
    if (!at) return undefined;
    const data = this.readRecord(at);
    const scan = data ? decode(data, key) : undefined;
    if (scan) this.touch(at.pack);
    return scan;
  }

  /** Store a result; a failure to write is not an error (the file is scanned again next time). */
  async set(sha256: string, scan: CachedScan): Promise<void> {
    const key = this.key(sha256);
    const record = encode(key, scan);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const w = this.openWriter();
        writeAll(w.pack, record, w.offset);
        writeAll(w.index, Buffer.from(`${key} ${w.offset} ${record.length}\n`));
        this.index().set(key, { pack: w.name, offset: w.offset, length: record.length });
        w.offset += record.length;
        w.records++;
        this.writes++;
        return;
      } catch {
        // The folder went away, or the disk is full: start a new pack, once.
        this.closeWriter();
      }
    }
  }

  /** Records written through this object. */
  get written(): number {
    return this.writes;
  }

  /** Close the files this object holds open. It can still be used: they are opened again as needed. */
  close(): void {
    this.closeWriter();
    for (const fd of this.readers.values()) if (fd !== undefined) closeQuietly(fd);
    this.readers.clear();
  }

  /**
   * Remove the least recently used packs while the cache holds more than its
   * limits (down to 90% of them, so pruning does not run on every scan), packs
   * or indexes left alone by a scan that stopped at its start, and everything
   * of the older formats (a file per entry in folders named by two hex digits);
   * then merge the smaller packs when there are more than MAX_PACKS. Runs after
   * a scan that wrote records; closes this object's files first.
   */
  async prune(): Promise<{ entries: number; bytes: number; removed: number }> {
    this.close();
    let packs = listPacks(this.dir);
    let bytes = packs.reduce((n, p) => n + p.bytes, 0);
    let entries = packs.reduce((n, p) => n + p.entries, 0);
    let removed = 0;
    if (bytes > this.limits.maxBytes || entries > this.limits.maxEntries) {
      const oldestFirst = [...packs].sort((a, b) => a.mtimeMs - b.mtimeMs);
      for (const p of oldestFirst) {
        if (bytes <= this.limits.maxBytes * 0.9 && entries <= this.limits.maxEntries * 0.9) break;
        removePack(this.dir, p.name);
        bytes -= p.bytes;
        entries -= p.entries;
        removed += p.entries;
      }
      packs = listPacks(this.dir);
    }
    if (packs.length > MAX_PACKS) mergeSmallPacks(this.dir, packs);
    this.locations = undefined;
    return { entries, bytes, removed };
  }

  /** Every record location, from the indexes in the folder: later lines over earlier ones, newer indexes over older. */
  private index(): Map<string, RecordLocation> {
    if (this.locations) return this.locations;
    const locations = new Map<string, RecordLocation>();
    let names: { name: string; mtimeMs: number }[];
    try {
      names = readdirSync(this.dir)
        .filter((n) => PACK_FILE.exec(n)?.[2] === 'index')
        .map((n) => ({ name: n.slice(0, -INDEX.length), mtimeMs: statSync(join(this.dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
        .sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : 1));
    } catch {
      names = [];
    }
    for (const { name } of names) for (const [key, at] of readIndex(this.dir, name)) locations.set(key, at);
    this.locations = locations;
    return locations;
  }

  private readRecord(at: RecordLocation): Buffer | undefined {
    let fd = this.readers.get(at.pack);
    if (!this.readers.has(at.pack)) {
      try {
        fd = openSync(join(this.dir, `${at.pack}${PACK}`), 'r');
      } catch {
        fd = undefined;
      }
      this.readers.set(at.pack, fd);
    }
    if (fd === undefined || at.length <= CRC_LENGTH) return undefined;
    try {
      const data = allocate(at.length);
      let filled = 0;
      while (filled < at.length) {
        const n = readSync(fd, data, filled, at.length - filled, at.offset + filled);
        if (n === 0) return undefined;
        filled += n;
      }
      return data;
    } catch {
      return undefined;
    }
  }

  /** Record that a pack was used now, if its index says otherwise by more than an hour (least recently used goes first when pruning). */
  private touch(pack: string): void {
    if (this.touched.has(pack)) return;
    this.touched.add(pack);
    const path = join(this.dir, `${pack}${INDEX}`);
    try {
      if (Date.now() - statSync(path).mtimeMs > TOUCH_AFTER_MS) {
        const now = new Date();
        utimesSync(path, now, now);
      }
    } catch {
      // Read-only cache, or the pack was just merged away: still usable.
    }
  }

  /** This object's pack, opened at the first write, or again when its folder was removed meanwhile. */
  private openWriter(): Writer {
    const w = this.writer;
    if (w && w.records < PACK_RECORDS && w.offset < PACK_BYTES && fstatSync(w.pack).nlink > 0) return w;
    this.closeWriter();
    this.writer = createPack(this.dir);
    return this.writer;
  }

  private closeWriter(): void {
    if (!this.writer) return;
    closeQuietly(this.writer.pack);
    closeQuietly(this.writer.index);
    this.writer = undefined;
  }
}

/** A new, empty pack and index with a name no other scan uses. */
function createPack(dir: string): Writer {
  mkdirSync(dir, { recursive: true });
  const name = `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const pack = openSync(join(dir, `${name}${PACK}`), 'wx');
  try {
    return { name, pack, index: openSync(join(dir, `${name}${INDEX}`), 'wx'), offset: 0, records: 0 };
  } catch (err) {
    closeQuietly(pack);
    throw err;
  }
}

/** A record's bytes: checksum, header line, findings. */
function encode(key: string, scan: CachedScan): Buffer {
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
  return Buffer.concat([Buffer.from(`${crc} `), head, json]);
}

function writeAll(fd: number, data: Buffer, position?: number): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done, position === undefined ? null : position + done);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
}

/** The record locations an index lists (lines that do not parse are skipped: an index cut short, or damaged). */
function readIndex(dir: string, name: string): [string, RecordLocation][] {
  let text: string;
  try {
    text = readFileSync(join(dir, `${name}${INDEX}`), 'latin1');
  } catch {
    return [];
  }
  const out: [string, RecordLocation][] = [];
  for (const line of text.split('\n')) {
    const m = INDEX_LINE.exec(line);
    if (m) out.push([m[1]!, { pack: name, offset: Number(m[2]), length: Number(m[3]) }]);
  }
  return out;
}

interface PackInfo {
  name: string;
  bytes: number;
  entries: number;
  /** The index's modification time: the pack's last use. */
  mtimeMs: number;
}

/**
 * The packs in the folder, after removing what no scan will read: packs
 * without an index and indexes without a pack (left by a scan that stopped
 * between creating the two) once they are an hour old, and the older formats'
 * entry folders (two hex digits).
 */
function listPacks(dir: string): PackInfo[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const present = new Set(names);
  const stale = Date.now() - ORPHAN_AFTER_MS;
  const packs: PackInfo[] = [];
  for (const n of names) {
    const path = join(dir, n);
    if (OLD_SHARD.test(n)) {
      removeOldEntries(path);
      continue;
    }
    const m = PACK_FILE.exec(n);
    if (!m) continue;
    const isPack = m[2] === 'pack';
    const name = m[1]!;
    const partner = `${name}${isPack ? INDEX : PACK}`;
    if (!present.has(partner)) {
      const info = statSync(path, { throwIfNoEntry: false });
      if (info && info.mtimeMs < stale) unlinkQuietly(path);
      continue;
    }
    if (isPack) continue;
    const index = statSync(path, { throwIfNoEntry: false });
    const pack = statSync(join(dir, partner), { throwIfNoEntry: false });
    if (!index || !pack) continue;
    packs.push({ name, bytes: pack.size + index.size, entries: readIndex(dir, name).length, mtimeMs: index.mtimeMs });
  }
  return packs;
}

/** The older formats' entries in one of their folders, and the folder once it is empty; anything else there is left alone. */
function removeOldEntries(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const n of names) if (OLD_ENTRY.test(n)) unlinkQuietly(join(folder, n));
  try {
    rmdirSync(folder);
  } catch {
    // Not empty (someone else's files), or gone.
  }
}

/** Index first: a scan that lists the folder meanwhile no longer finds the pack; one that has it open still reads it. */
function removePack(dir: string, name: string): void {
  unlinkQuietly(join(dir, `${name}${INDEX}`));
  unlinkQuietly(join(dir, `${name}${PACK}`));
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Gone already, or held open (Windows): an orphan that a later prune removes.
  }
}

/**
 * Merge all but the KEEP_LARGEST largest packs into one, so that many small
 * scans (one file each, say) do not leave thousands of indexes for every scan
 * to read. The merged pack keeps the latest last use of its sources. One
 * merge at a time per folder (a lock file); records that do not check out are
 * left behind.
 */
function mergeSmallPacks(dir: string, packs: PackInfo[]): void {
  const lock = join(dir, MERGE_LOCK);
  let lockFd: number;
  try {
    const info = statSync(lock, { throwIfNoEntry: false });
    if (info && Date.now() - info.mtimeMs > MERGE_LOCK_STALE_MS) unlinkQuietly(lock);
    lockFd = openSync(lock, 'wx');
  } catch {
    return; // another scan is merging
  }
  try {
    const sources = [...packs].sort((a, b) => b.bytes - a.bytes).slice(KEEP_LARGEST);
    const target = createPack(dir);
    const merged = new Set<string>();
    try {
      for (const source of sources.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
        let fd: number;
        try {
          fd = openSync(join(dir, `${source.name}${PACK}`), 'r');
        } catch {
          continue;
        }
        try {
          for (const [key, at] of readIndex(dir, source.name)) {
            const data = Buffer.allocUnsafe(at.length);
            if (readSync(fd, data, 0, at.length, at.offset) !== at.length || !decode(data, key)) continue;
            writeAll(target.pack, data, target.offset);
            writeAll(target.index, Buffer.from(`${key} ${target.offset} ${at.length}\n`));
            target.offset += at.length;
          }
          merged.add(source.name);
        } finally {
          closeQuietly(fd);
        }
      }
    } finally {
      closeQuietly(target.pack);
      closeQuietly(target.index);
    }
    const lastUse = Math.max(0, ...sources.filter((s) => merged.has(s.name)).map((s) => s.mtimeMs));
    if (lastUse > 0) utimesSync(join(dir, `${target.name}${INDEX}`), new Date(lastUse), new Date(lastUse));
    for (const name of merged) removePack(dir, name);
  } catch {
    // A merge that fails leaves the packs as they were (and perhaps a partial copy that pruning removes in time).
  } finally {
    closeQuietly(lockFd);
    unlinkQuietly(lock);
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
