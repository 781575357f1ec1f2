/**
 * A zip package (docx, xlsx, pptx, odt) opened with the size checks done first
 * and every inflate counted, so a zip bomb is refused before it can fill memory,
 * even one whose directory lies about its sizes.
 */
import { inflateRawSync } from 'node:zlib';
import { ReadError, formatBytes } from './errors.js';
import { checkAborted, type ReadContext } from './options.js';
import { oleError, sniff } from './sniff.js';
import { checkZipLimits, entryData, readZipDirectory, type ZipEntryInfo } from './zip-directory.js';

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
    private readonly data: Uint8Array,
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
   * Gives a part's decoded text to `onChunk`. Stops with `zip-bomb` as soon as
   * the part grows past its declared size or the package past the total limit,
   * before more than that is held in memory. An error thrown by `onChunk`
   * rejects with that error.
   */
  async stream(name: string, onChunk: (text: string) => void): Promise<void> {
    const bytes = await this.bytes(name);
    const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
    const text = new TextDecoder(encoding).decode(bytes);
    if (text) onChunk(text);
  }

  /** A part's bytes, inflated under the same limits as `stream`. */
  bytes(name: string): Promise<Uint8Array> {
    return new Promise((resolve) => {
      const info = this.entry(name);
      if (!info) throw new ReadError('damaged-file', `The file is damaged: the part ${name} is missing.`);
      resolve(this.inflate(info));
    });
  }

  private entry(name: string): ZipEntryInfo | undefined {
    return this.byLowerName.get(name.replace(/^\//, '').toLowerCase());
  }

  /**
   * Inflates one part with zlib. The output may not exceed the part's declared
   * size (a lie about it is a zip-bomb trick) nor what is left of the total
   * limit; zlib stops at that bound instead of filling memory.
   */
  private inflate(info: ZipEntryInfo): Uint8Array {
    checkAborted(this.ctx);
    const limit = this.ctx.limits.maxUnzippedBytes;
    const room = limit - this.inflated;
    const compressed = entryData(this.data, info);
    let out: Uint8Array;
    if (info.method === 0) {
      out = compressed;
    } else if (info.method === 8) {
      try {
        out = inflateRawSync(compressed, { maxOutputLength: Math.max(1, Math.min(info.uncompressedSize, room) + 1) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw info.uncompressedSize < room ? lyingSizes(info) : overTotal(limit);
        throw new ReadError('damaged-file', `The file is damaged: the part ${info.name} cannot be unpacked.`, { cause: err });
      }
    } else {
      throw new ReadError('damaged-file', `The file is damaged or not an Office document: the part ${info.name} uses zip compression method ${info.method}, which Office files do not use.`);
    }
    if (out.length > info.uncompressedSize) throw lyingSizes(info);
    this.inflated += out.length;
    if (this.inflated > limit) throw overTotal(limit);
    return out;
  }
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
 * then keeps the directory (nothing is inflated until a part is asked for).
 */
export function openZip(data: Buffer, ctx: ReadContext, kind: PackageKind): Promise<SafeZip> {
  return new Promise((resolve) => resolve(openZipNow(data, ctx, kind)));
}

function openZipNow(data: Buffer, ctx: ReadContext, kind: PackageKind): SafeZip {
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
  return new SafeZip(data, entries, ctx);
}
