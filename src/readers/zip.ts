/**
 * A zip package (docx, xlsx, pptx, odt) opened with the size checks done first
 * and every inflate counted, so a zip bomb is refused before it can fill memory,
 * even one whose directory lies about its sizes.
 */
import JSZip from 'jszip';
import { ReadError, formatBytes } from './errors.js';
import { checkAborted, type ReadContext } from './options.js';
import { oleError, sniff } from './sniff.js';
import { checkZipLimits, readZipDirectory, type ZipEntryInfo } from './zip-directory.js';

/** What kind of package the caller expects, for messages. */
export interface PackageKind {
  /** The program that writes it, e.g. "Word". */
  app: string;
  /** The usual extension, e.g. ".docx". */
  extension: string;
}

/** An opened zip package. Part names are looked up case-insensitively, as OPC requires. */
export class SafeZip {
  private inflated = 0;
  private readonly byLowerName = new Map<string, ZipEntryInfo>();

  constructor(
    private readonly zip: JSZip,
    entries: readonly ZipEntryInfo[],
    private readonly ctx: ReadContext,
  ) {
    for (const e of entries) this.byLowerName.set(e.name.toLowerCase(), e);
  }

  /** Whether the package has this part. */
  has(name: string): boolean {
    return this.entry(name) !== undefined;
  }

  /** All part names, in zip order. */
  names(): string[] {
    return [...this.byLowerName.values()].map((e) => e.name);
  }

  /** A part's text, decoded (UTF-8, or UTF-16 with a byte-order mark). */
  async text(name: string): Promise<string> {
    let out = '';
    await this.stream(name, (chunk) => {
      out += chunk;
    });
    return out;
  }

  /**
   * Streams a part's decoded text to `onChunk` as it is inflated. Stops with
   * `zip-bomb` as soon as the part grows past its declared size or the package
   * past the total limit. An error thrown by `onChunk` stops the stream and
   * rejects with that error.
   */
  async stream(name: string, onChunk: (text: string) => void): Promise<void> {
    const info = this.entry(name);
    const file = info && this.zip.file(info.name);
    if (!info || !file) throw new ReadError('damaged-file', `The file is damaged: the part ${name} is missing.`);
    let decoder: TextDecoder | undefined;
    await this.inflate(info, file, (chunk) => {
      decoder ??= new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8');
      onChunk(decoder.decode(chunk, { stream: true }));
    });
    const tail = decoder?.decode() ?? '';
    if (tail) onChunk(tail);
  }

  /** A part's bytes, inflated under the same limits as `stream`. */
  async bytes(name: string): Promise<Uint8Array> {
    const info = this.entry(name);
    const file = info && this.zip.file(info.name);
    if (!info || !file) throw new ReadError('damaged-file', `The file is damaged: the part ${name} is missing.`);
    const chunks: Uint8Array[] = [];
    await this.inflate(info, file, (chunk) => chunks.push(chunk));
    return Buffer.concat(chunks);
  }

  private entry(name: string): ZipEntryInfo | undefined {
    return this.byLowerName.get(name.replace(/^\//, '').toLowerCase());
  }

  private inflate(info: ZipEntryInfo, file: JSZip.JSZipObject, onChunk: (chunk: Uint8Array) => void): Promise<void> {
    checkAborted(this.ctx);
    const limit = this.ctx.limits.maxUnzippedBytes;
    let count = 0;
    return new Promise<void>((resolve, reject) => {
      // JSZip's own stream (typed below): inflates chunk by chunk and can be paused for good.
      const helper = (file as unknown as { internalStream(type: 'uint8array'): StreamHelper }).internalStream('uint8array');
      let done = false;
      const fail = (err: unknown): void => {
        if (done) return;
        done = true;
        helper.pause();
        if (err instanceof ReadError || (err instanceof Error && err.name === 'AbortError')) reject(err);
        else reject(new ReadError('damaged-file', `The file is damaged: the part ${info.name} cannot be unpacked.`, { cause: err }));
      };
      helper.on('data', (chunk) => {
        if (done) return;
        try {
          count += chunk.length;
          this.inflated += chunk.length;
          if (count > info.uncompressedSize) throw lyingSizes(info);
          if (this.inflated > limit) throw overTotal(limit);
          checkAborted(this.ctx);
          onChunk(chunk);
        } catch (err) {
          fail(err);
        }
      });
      helper.on('error', fail);
      helper.on('end', () => {
        if (done) return;
        done = true;
        resolve();
      });
      helper.resume();
    });
  }
}

interface StreamHelper {
  on(event: 'data', cb: (chunk: Uint8Array) => void): StreamHelper;
  on(event: 'error', cb: (err: unknown) => void): StreamHelper;
  on(event: 'end', cb: () => void): StreamHelper;
  resume(): StreamHelper;
  pause(): StreamHelper;
}

function lyingSizes(info: ZipEntryInfo): ReadError {
  return new ReadError(
    'zip-bomb',
    `The part ${info.name} unpacks to more than the ${formatBytes(info.uncompressedSize)} its zip directory records. Such false sizes are a "zip bomb" trick, so reading stopped.`,
  );
}

function overTotal(limit: number): ReadError {
  return new ReadError(
    'zip-bomb',
    `The file unpacks to more than the ${formatBytes(limit)} safety limit. It may be a "zip bomb" built to exhaust memory, so reading stopped.`,
  );
}

/**
 * Opens a zip package: refuses encrypted Office files, old binary files and
 * non-zips with clear errors, checks the declared sizes against the limits,
 * then lets JSZip read the directory (nothing is inflated yet).
 */
export async function openZip(data: Buffer, ctx: ReadContext, kind: PackageKind): Promise<SafeZip> {
  const container = sniff(data);
  if (container === 'ole') throw oleError(data, kind.app, kind.extension);
  if (container !== 'zip') {
    throw new ReadError('damaged-file', `The file is not a valid ${kind.app} document: a ${kind.extension} file is a zip package, and this one is not${container === 'pdf' ? ' (it is a PDF with the wrong extension)' : ''}.`);
  }
  const entries = readZipDirectory(data);
  if (entries.some((e) => e.encrypted)) {
    throw new ReadError('encrypted', `The file is password-protected (an encrypted zip), so its text cannot be read. Remove the password and scan it again.`);
  }
  checkZipLimits(entries, ctx.limits);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data, { checkCRC32: false });
  } catch (err) {
    throw new ReadError('damaged-file', `The file is damaged or incomplete: its zip package cannot be opened.`, { cause: err });
  }
  return new SafeZip(zip, entries, ctx);
}
