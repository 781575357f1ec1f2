/**
 * Reading a zip's central directory (the table of contents at the end of the
 * file) without unpacking anything, so the sizes a zip claims can be checked
 * before a single byte is inflated.
 */
import { ReadError, formatBytes } from './errors.js';
import { RATIO_CHECK_MIN_BYTES, type ReadLimits } from './options.js';

/** One entry as the central directory describes it. */
export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  /** Zip-level encryption (not how Office encrypts documents, but possible). */
  encrypted: boolean;
  /** Compression method: 0 stored, 8 deflated (the only two Office and OpenDocument files use). */
  method: number;
  /** Where the entry's local header starts. */
  localHeaderOffset: number;
}

const LOCAL = 0x04034b50;

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;

function damaged(detail: string): ReadError {
  return new ReadError('damaged-file', `The file is damaged or incomplete: ${detail}.`);
}

/** The entries of a zip, from its central directory. Throws `damaged-file` when there is none. */
export function readZipDirectory(data: Uint8Array): ZipEntryInfo[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const eocd = findEocd(view);
  if (eocd < 0) throw damaged('the zip package has no table of contents (it was probably cut off while copying or downloading)');
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== EOCD64_LOCATOR) throw damaged('the zip64 directory is missing');
    const at = Number(view.getBigUint64(locator + 8, true));
    if (at + 56 > data.length || view.getUint32(at, true) !== EOCD64) throw damaged('the zip64 directory is missing');
    count = Number(view.getBigUint64(at + 32, true));
    size = Number(view.getBigUint64(at + 40, true));
    offset = Number(view.getBigUint64(at + 48, true));
  }
  // Data prepended to the zip (self-extracting archives) shifts every offset.
  if (offset + 4 > data.length || view.getUint32(offset, true) !== CENTRAL) offset = eocd - size;
  const entries: ZipEntryInfo[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p < 0 || p + 46 > data.length || view.getUint32(p, true) !== CENTRAL) throw damaged('the zip table of contents is broken');
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    let localHeaderOffset = view.getUint32(p + 42, true);
    let compressedSize = view.getUint32(p + 20, true);
    let uncompressedSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (p + 46 + nameLength + extraLength > data.length) throw damaged('the zip table of contents is broken');
    const name = new TextDecoder().decode(data.subarray(p + 46, p + 46 + nameLength));
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const sizes = zip64Sizes(view, p + 46 + nameLength, extraLength, uncompressedSize === 0xffffffff, compressedSize === 0xffffffff, localHeaderOffset === 0xffffffff);
      uncompressedSize = sizes.uncompressed ?? uncompressedSize;
      compressedSize = sizes.compressed ?? compressedSize;
      localHeaderOffset = sizes.offset ?? localHeaderOffset;
    }
    entries.push({ name, compressedSize, uncompressedSize, encrypted: (flags & 1) === 1, method, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEocd(view: DataView): number {
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= min; i--) {
    if (view.getUint32(i, true) === EOCD) return i;
  }
  return -1;
}

function zip64Sizes(
  view: DataView,
  start: number,
  length: number,
  wantU: boolean,
  wantC: boolean,
  wantOffset: boolean,
): { uncompressed?: number; compressed?: number; offset?: number } {
  for (let p = start; p + 4 <= start + length; ) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (id === 0x0001) {
      let q = p + 4;
      const out: { uncompressed?: number; compressed?: number; offset?: number } = {};
      if (wantU && q + 8 <= p + 4 + size) {
        out.uncompressed = Number(view.getBigUint64(q, true));
        q += 8;
      }
      if (wantC && q + 8 <= p + 4 + size) {
        out.compressed = Number(view.getBigUint64(q, true));
        q += 8;
      }
      if (wantOffset && q + 8 <= p + 4 + size) out.offset = Number(view.getBigUint64(q, true));
      return out;
    }
    p += 4 + size;
  }
  return {};
}

/**
 * The compressed bytes of an entry: after its local header (whose name and
 * extra field lengths may differ from the central directory's).
 */
export function entryData(data: Uint8Array, entry: ZipEntryInfo): Uint8Array {
  const at = entry.localHeaderOffset;
  if (at + 30 > data.length) throw damaged(`the part ${entry.name} is missing from the package`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (view.getUint32(at, true) !== LOCAL) throw damaged(`the part ${entry.name} is broken`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > data.length) throw damaged(`the part ${entry.name} is cut off`);
  return data.subarray(start, end);
}

/** Throws `zip-bomb` when the declared sizes exceed the limits. Nothing has been inflated yet. */
export function checkZipLimits(entries: readonly ZipEntryInfo[], limits: ReadLimits): void {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize >= RATIO_CHECK_MIN_BYTES && ratio > limits.maxZipRatio) {
      throw new ReadError(
        'zip-bomb',
        `One part of the file (${e.name}) is compressed ${Math.round(ratio)}:1, far beyond what real documents do (the limit is ${limits.maxZipRatio}:1). It may be a "zip bomb" built to exhaust memory, so it was not unpacked.`,
      );
    }
  }
  if (total > limits.maxUnzippedBytes) {
    throw new ReadError(
      'zip-bomb',
      `The file unpacks to ${formatBytes(total)}, above the ${formatBytes(limits.maxUnzippedBytes)} safety limit. It may be a "zip bomb" built to exhaust memory, so it was not unpacked.`,
    );
  }
}
