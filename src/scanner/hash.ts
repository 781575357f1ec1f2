/**
 * Hashes for the scan cache: a file's bytes, read in chunks so a large corpus
 * is never held in memory, and a stable hash of plain data (configuration).
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** What a file looked like when it was hashed; used to notice a file changing during the scan. */
export interface FileFingerprint {
  sha256: string;
  size: number;
  mtimeMs: number;
}

const CHUNK = 256 * 1024;

/** Open without waiting (undefined on Windows, which has no such flag). */
const NONBLOCK: number | undefined = constants.O_NONBLOCK;

/**
 * SHA-256 of a regular file's bytes with its size and modification time, or
 * undefined when it is not a regular file or cannot be opened (the reader then
 * says why). Never opens a pipe or device for reading.
 */
export async function hashFile(path: string): Promise<FileFingerprint | undefined> {
  let handle;
  try {
    // Opening a named pipe for reading would wait for a writer forever: where the system has
    // O_NONBLOCK, open never waits and fstat tells what it is; elsewhere, check before opening.
    if (NONBLOCK === undefined && !(await stat(path)).isFile()) return undefined;
    handle = await open(path, NONBLOCK === undefined ? 'r' : constants.O_RDONLY | NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return undefined;
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, info.size + 1));
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      // A file read whole in one go (shorter than the buffer) needs no further read to see its end.
      if (bytesRead < buffer.length && bytesRead === info.size) break;
    }
    return { sha256: hash.digest('hex'), size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return undefined;
  } finally {
    await handle.close();
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
