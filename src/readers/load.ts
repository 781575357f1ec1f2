/**
 * Reading a file's bytes with the checks that come before any parsing: that it
 * exists, is a file, is readable, is not empty and is not too large.
 */
import { readFile, stat } from 'node:fs/promises';
import { ReadError, formatBytes } from './errors.js';
import type { ReadContext } from './options.js';

/** Size of the file at `ctx.path`; throws `unreadable` when there is no regular file there. */
export async function fileSize(ctx: ReadContext): Promise<number> {
  try {
    const info = await stat(ctx.path);
    if (info.isDirectory()) throw new ReadError('unreadable', 'This is a folder, not a file.');
    if (!info.isFile()) throw new ReadError('unreadable', 'This is not a regular file (it may be a device, pipe or socket).');
    return info.size;
  } catch (err) {
    throw fsError(err);
  }
}

/** The whole file as a Buffer, after the empty and size checks. */
export async function loadFile(ctx: ReadContext, size: number): Promise<Buffer> {
  const max = ctx.limits.maxFileBytes;
  if (size === 0) throw new ReadError('empty-file', 'The file is empty (0 bytes).');
  if (size > max) throw tooLarge(size, max);
  let data: Buffer;
  try {
    data = await readFile(ctx.path, ctx.signal ? { signal: ctx.signal } : {});
  } catch (err) {
    throw fsError(err);
  }
  return checkBytes(ctx, data);
}

/** The file's bytes, after the empty and size checks (for bytes read by the caller, or by `loadFile`). */
export function checkBytes(ctx: ReadContext, data: Buffer): Buffer {
  if (data.length === 0) throw new ReadError('empty-file', 'The file is empty (0 bytes).');
  if (data.length > ctx.limits.maxFileBytes) throw tooLarge(data.length, ctx.limits.maxFileBytes);
  return data;
}

function tooLarge(size: number, max: number): ReadError {
  return new ReadError('too-large', `The file is ${formatBytes(size)}, above the ${formatBytes(max)} limit for one document.`);
}

function fsError(err: unknown): unknown {
  if (err instanceof ReadError) return err;
  if (err instanceof Error && err.name === 'AbortError') return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new ReadError('unreadable', 'There is no file at this path.', { cause: err });
    case 'EISDIR':
      return new ReadError('unreadable', 'This is a folder, not a file.', { cause: err });
    case 'EACCES':
    case 'EPERM':
      return new ReadError('unreadable', 'Permission denied: the file cannot be opened with your access rights.', { cause: err });
    case 'EBUSY':
    case 'ETXTBSY':
      return new ReadError('unreadable', 'The file is locked by another program; close it and try again.', { cause: err });
    default:
      return new ReadError('unreadable', `The file cannot be read (${code ?? (err instanceof Error ? err.message : String(err))}).`, { cause: err });
  }
}
