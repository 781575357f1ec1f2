/**
 * Decoding the bytes of a plain-text file (.txt, .md, .html) whose encoding
 * nobody states: byte-order mark first, then strict UTF-8, then UTF-16 without
 * a mark (recognised by its NUL bytes), and windows-1252 as the last resort,
 * which is what Notepad files on Western Windows machines usually are.
 */

/** Encodings the reader can report. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Decoded text (without a byte-order mark) and the encoding used. */
export interface Decoded {
  text: string;
  encoding: TextEncoding;
  bom: boolean;
}

/** Decodes text bytes, detecting the encoding. */
export function decodeText(data: Uint8Array): Decoded {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return decode(data.subarray(3), 'utf-8', true);
  if (data[0] === 0xff && data[1] === 0xfe) return decode(data.subarray(2), 'utf-16le', true);
  if (data[0] === 0xfe && data[1] === 0xff) return decode(data.subarray(2), 'utf-16be', true);
  const utf16 = guessUtf16(data);
  if (utf16) return decode(data, utf16, false);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data), encoding: 'utf-8', bom: false };
  } catch {
    return decode(data, 'windows-1252', false);
  }
}

function decode(data: Uint8Array, encoding: TextEncoding, bom: boolean): Decoded {
  if (encoding === 'windows-1252') return { text: decodeWindows1252(data), encoding, bom };
  return { text: new TextDecoder(encoding, { ignoreBOM: true }).decode(data), encoding, bom };
}

/** 0x80–0x9F in windows-1252 (curly quotes, dashes, €, …); the rest is ISO-8859-1. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Node's TextDecoder('windows-1252') decodes as ISO-8859-1 and turns the
 * smart quotes Word users type into control characters, so the table is here.
 */
function decodeWindows1252(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 8192) {
    const codes = Array.from(data.subarray(i, i + 8192), (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b));
    out += String.fromCharCode(...codes);
  }
  return out;
}

/**
 * UTF-16 text of mostly Latin characters has a NUL in every other byte: at odd
 * offsets for little-endian, at even ones for big-endian. Real UTF-8 and
 * windows-1252 text has no NULs at all.
 */
function guessUtf16(data: Uint8Array): TextEncoding | undefined {
  const n = Math.min(data.length, 4096) & ~1;
  if (n < 2) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (data[i] === 0) even++;
    if (data[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.3 && even < pairs * 0.05) return 'utf-16le';
  if (even > pairs * 0.3 && odd < pairs * 0.05) return 'utf-16be';
  return undefined;
}
