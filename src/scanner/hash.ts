/**
 * Hashes for the scan cache: a file's bytes, read in chunks so a large corpus
 * is never held in memory, and a stable hash of plain data (configuration).
 */
import { createHash, hash as oneShotHash } from 'node:crypto';
import { close, closeSync, constants, fstatSync, openSync, read, readSync, statSync, type Stats } from 'node:fs';
import { promisify } from 'node:util';

/** What a file looked like when it was hashed; used to notice a file changing during the scan. */
export interface FileFingerprint {
  sha256: string;
  size: number;
  mtimeMs: number;
}

/** A fingerprint and, when asked for and the file is small, the bytes that were hashed. */
export interface HashedFile extends FileFingerprint {
  /** The file's bytes (files up to 1 MB, read in one go, when `keepBytes` was asked for). */
  data?: Buffer;
}

const CHUNK = 256 * 1024;

/** Files up to this size are read with one synchronous call; larger ones in chunks, without blocking. */
const SYNC_LIMIT = 1024 * 1024;

/** Open without waiting (undefined on Windows, which has no such flag). */
const NONBLOCK: number | undefined = constants.O_NONBLOCK;

const readAsync = promisify(read);
const closeAsync = promisify(close);

/**
 * SHA-256 of a regular file's bytes with its size and modification time, or
 * undefined when it is not a regular file or cannot be opened (the reader then
 * says why). Never opens a pipe or device for reading.
 *
 * A small file (almost every document) is opened, read and closed with
 * synchronous calls: a few microseconds each from the page cache, against
 * tens for a round trip through the thread pool, and a cached re-scan does
 * little else. A larger file is read in chunks without blocking.
 *
 * With `keepBytes`, a small file's bytes come back with its fingerprint, so
 * that the scan reads exactly what it hashed, without opening the file again.
 */
export async function hashFile(path: string, options: { keepBytes?: boolean } = {}): Promise<HashedFile | undefined> {
  let fd: number;
  try {
    // Opening a named pipe for reading would wait for a writer forever: where the system has
    // O_NONBLOCK, open never waits and fstat tells what it is; elsewhere, check before opening.
    if (NONBLOCK === undefined && !statSync(path).isFile()) return undefined;
    fd = openSync(path, NONBLOCK === undefined ? constants.O_RDONLY : constants.O_RDONLY | NONBLOCK);
  } catch {
    return undefined;
  }
  let info: Stats;
  try {
    info = fstatSync(fd);
    if (!info.isFile()) {
      closeSync(fd);
      return undefined;
    }
  } catch {
    closeSync(fd);
    return undefined;
  }
  if (info.size > SYNC_LIMIT) return hashInChunks(fd, info);
  try {
    // One byte more than the size, so that one read shows the end of a file that did not grow.
    const buffer = options.keepBytes ? Buffer.allocUnsafeSlow(info.size + 1) : scratch(info.size + 1);
    let filled = 0;
    for (;;) {
      const n = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (n === 0) break;
      filled += n;
      if (filled === buffer.length) {
        // The file grew while it was read (its result will not be cached): hash what there is, then the rest.
        const hash = createHash('sha256').update(buffer);
        for (let m; (m = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, m));
        return { sha256: hash.digest('hex'), size: info.size, mtimeMs: info.mtimeMs };
      }
    }
    // One call instead of a Hash object: most of the cost of hashing a small file is setting one up.
    const data = buffer.subarray(0, filled);
    const fingerprint: HashedFile = { sha256: oneShotHash('sha256', data, 'hex'), size: info.size, mtimeMs: info.mtimeMs };
    if (options.keepBytes) fingerprint.data = data;
    return fingerprint;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

let scratchBuffer: Buffer | undefined;

/** A buffer of at least `size` bytes (at most SYNC_LIMIT + 1), the same one each time: synchronous reads never overlap. */
function scratch(size: number): Buffer {
  if (!scratchBuffer || scratchBuffer.length < size) scratchBuffer = Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024));
  return scratchBuffer.subarray(0, size);
}

/** The fingerprint of a large file, read in chunks through the thread pool; closes `fd`. */
async function hashInChunks(fd: number, info: Stats): Promise<FileFingerprint | undefined> {
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await readAsync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return { sha256: hash.digest('hex'), size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return undefined;
  } finally {
    await closeAsync(fd).catch(() => undefined);
  }
}

/** SHA-256 of plain data, independent of object key order. */
export function hashValue(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

/** JSON with object keys sorted, so equal data always gives the same text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}
