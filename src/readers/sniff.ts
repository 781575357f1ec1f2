/**
 * Recognising a file's real container from its first bytes, so a renamed or
 * encrypted file gets a clear message instead of a parser's stack trace.
 */
import { ReadError } from './errors.js';

/** What the bytes look like, whatever the file name says. */
export type Container = 'zip' | 'ole' | 'pdf' | 'unknown';

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The container format the bytes start with. */
export function sniff(data: Uint8Array): Container {
  if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && [3, 5, 7].includes(data[2]!) && data[3] === data[2]! + 1) return 'zip';
  if (data.length >= 8 && OLE.every((b, i) => data[i] === b)) return 'ole';
  if (findPdfHeader(data) >= 0) return 'pdf';
  return 'unknown';
}

/** Offset of `%PDF-` within the first 1024 bytes (the PDF spec allows leading junk), or -1. */
export function findPdfHeader(data: Uint8Array): number {
  const end = Math.min(data.length - 5, 1024);
  for (let i = 0; i <= end; i++) {
    if (data[i] === 0x25 && data[i + 1] === 0x50 && data[i + 2] === 0x44 && data[i + 3] === 0x46 && data[i + 4] === 0x2d) return i;
  }
  return -1;
}

/**
 * The error for an OLE compound file where an Office Open XML package was
 * expected: Office saves password-protected .docx/.xlsx/.pptx files this way
 * (with an `EncryptedPackage` stream); otherwise it is an old binary
 * .doc/.xls/.ppt file with a new extension.
 */
export function oleError(data: Uint8Array, app: string, extension: string): ReadError {
  if (containsUtf16(data, 'EncryptedPackage') || containsUtf16(data, 'EncryptionInfo')) {
    return new ReadError(
      'encrypted',
      `The document is password-protected (encrypted), so its text cannot be read. Remove the password in ${app} and save it, then scan it again.`,
    );
  }
  return new ReadError(
    'unsupported-type',
    `This is an older binary Office file (such as .doc, .xls or .ppt) with a ${extension} name. Open it in ${app} and save it as ${extension}.`,
  );
}

function containsUtf16(data: Uint8Array, text: string): boolean {
  const needle = Buffer.from(text, 'utf16le');
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(needle);
}
