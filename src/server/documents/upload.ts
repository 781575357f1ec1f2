/**
 * Saving uploaded files in two steps, so a request puts either all of its
 * files in place or none: each file is first streamed to a temporary file in
 * the upload folder while its SHA-256 is computed, refused if it went over
 * the size limit, and fsynced ({@link stageUpload}); once every file of the
 * request is staged, each is renamed over any earlier version
 * ({@link commitUpload}), so a reader never sees half a file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fsyncPath } from '../../store/durable-fs.js';
import { HttpError } from '../errors.js';

/** A file written to its temporary name. */
export interface StagedFile {
  temp: string;
  target: string;
  sha256: string;
  size: number;
}

/** Stream `stream` to a temporary file for `name` in `dir`; 413 if it was cut off at `limitBytes`. */
export async function stageUpload(stream: NodeJS.ReadableStream & { truncated?: boolean }, dir: string, name: string, limitBytes: number): Promise<StagedFile> {
  const temp = join(dir, `.upload-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, meter, createWriteStream(temp, { flags: 'wx' }));
    if (stream.truncated) throw new HttpError(413, 'too-large', `${name} is larger than the limit of ${Math.round(limitBytes / 1024 / 1024)} MiB.`);
    const handle = await open(temp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { temp, target: join(dir, name), sha256: hash.digest('hex'), size };
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Put a staged file in place (replacing an earlier version) and make the rename durable. */
export async function commitUpload(file: StagedFile, dir: string): Promise<void> {
  await rename(file.temp, file.target);
  fsyncPath(dir);
}

/** Remove staged files that will not be used. */
export async function discardUploads(files: readonly StagedFile[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f.temp, { force: true })));
}
