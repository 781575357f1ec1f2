/**
 * Zip packages for tests: plain deterministic zips, and zip bombs written by
 * hand so their central directory can state true or false sizes. A bomb's
 * data is deflated from a stream of zeros, so building a 250 MB bomb never
 * holds more than one megabyte of zeros in memory.
 */
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';

const FIXED_DATE = new Date('2025-01-01T00:00:00Z');

/** A zip of the given files, in the given order, with fixed dates. `mimetype` (ODF) is stored uncompressed. */
export async function buildZip(files: Record<string, string | Uint8Array>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) {
    zip.file(name, content, { date: FIXED_DATE, createFolders: false, ...(name === 'mimetype' ? { compression: 'STORE' as const } : {}) });
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** One entry of a hand-written zip. */
export interface BombEntry {
  name: string;
  /** Bytes of zeros the entry really inflates to. */
  zeros?: number;
  /** Literal content instead of zeros. */
  content?: string | Uint8Array;
  /** Uncompressed size written in the headers; defaults to the true size. A smaller value makes a lying zip. */
  declaredSize?: number;
}

/** A zip written by hand (deflate, no data descriptors) whose headers may lie about sizes. */
export async function buildZipBomb(entries: BombEntry[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const { data, size, crc } = e.content !== undefined ? deflateLiteral(e.content) : await deflateZeros(e.zeros ?? 0);
    const name = Buffer.from(e.name, 'utf8');
    const declared = e.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0x5a210000, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0x5a210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function deflateLiteral(content: string | Uint8Array): { data: Buffer; size: number; crc: number } {
  const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  return { data: deflateRawSync(raw), size: raw.length, crc: crc32(raw) };
}

function deflateZeros(total: number): Promise<{ data: Buffer; size: number; crc: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(Math.min(total, 1024 * 1024));
    const out: Buffer[] = [];
    const deflate = createDeflateRaw({ level: 9 });
    deflate.on('data', (c: Buffer) => out.push(c));
    deflate.on('error', reject);
    deflate.on('end', () => resolve({ data: Buffer.concat(out), size: total, crc }));
    let crc = 0;
    let written = 0;
    const pump = (): void => {
      while (written < total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - written));
        crc = crc32(piece, crc);
        written += piece.length;
        if (!deflate.write(piece)) {
          deflate.once('drain', pump);
          return;
        }
      }
      deflate.end();
    };
    pump();
  });
}
