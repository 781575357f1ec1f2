/**
 * Writing text back in the encoding it was read in (src/readers/encoding.ts
 * decides that): UTF-8 with or without a byte-order mark, UTF-16 LE/BE with
 * their mark, or Windows-1252.
 */
import type { TextEncoding } from '../readers/encoding.js';

let cp1252: Map<string, number> | undefined;

/** Windows-1252 as the WHATWG decoder reads it, reversed. */
function cp1252Table(): Map<string, number> {
  if (cp1252) return cp1252;
  const decoder = new TextDecoder('windows-1252');
  cp1252 = new Map();
  for (let b = 0; b < 256; b++) {
    const ch = decoder.decode(Uint8Array.of(b));
    if (!cp1252.has(ch)) cp1252.set(ch, b);
  }
  return cp1252;
}

/** Encodes `text` as `encoding`, with a byte-order mark when `bom`. Throws on a character the encoding cannot hold. */
export function encodeText(text: string, encoding: TextEncoding, bom: boolean): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
    case 'utf-16be': {
      const le = Buffer.from(text, 'utf16le');
      return Buffer.concat([bom ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0), Buffer.from(le).swap16()]);
    }
    case 'windows-1252': {
      const table = cp1252Table();
      const out = Buffer.alloc(text.length);
      for (let i = 0; i < text.length; i++) {
        const b = table.get(text[i]!);
        if (b === undefined) throw new Error(`the character "${text[i]}" cannot be written in Windows-1252`);
        out[i] = b;
      }
      return out;
    }
  }
}
