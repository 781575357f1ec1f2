/**
 * Where command output goes: standard output, or a file with --output.
 * Machine-readable output never shares standard output with anything else.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync, writevSync } from 'node:fs';
import { dirname } from 'node:path';

/** Exit codes promised by the CLI contract. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Write the command's result to `file`, or to standard output when no file is given. */
export function emit(content: string | Uint8Array, file?: string): void {
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return;
  }
  process.stdout.write(content);
  if (typeof content === 'string' && !content.endsWith('\n')) process.stdout.write('\n');
}

/**
 * Like `emit`, for output that comes in pieces (a large report): each piece is
 * written as it comes. Pieces of bytes in a row are written together, with
 * one `writev` per batch into a file (the JSON report's findings come as one
 * piece per document).
 */
export function emitChunks(pieces: Iterable<string | Uint8Array>, file?: string): void {
  const fd = file ? openOutput(file) : undefined;
  let batch: Uint8Array[] = [];
  let size = 0;
  let endsWithNewline = false;
  const flush = (): void => {
    if (batch.length === 0) return;
    if (fd === undefined) process.stdout.write(Buffer.concat(batch, size));
    else writeAll(fd, batch, size);
    batch = [];
    size = 0;
  };
  try {
    for (const piece of pieces) {
      if (piece.length === 0) continue;
      if (typeof piece === 'string') {
        flush();
        if (fd === undefined) process.stdout.write(piece);
        else writeSync(fd, piece);
        endsWithNewline = piece.endsWith('\n');
      } else {
        batch.push(piece);
        size += piece.byteLength;
        endsWithNewline = piece[piece.byteLength - 1] === 10;
        if (size >= BATCH_BYTES || batch.length >= BATCH_PIECES) flush();
      }
    }
    flush();
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (fd === undefined && !endsWithNewline) process.stdout.write('\n');
}

/** Bytes, and pieces (at most what one writev takes), written at once by `emitChunks`. */
const BATCH_BYTES = 1 << 20;
const BATCH_PIECES = 1024;

function openOutput(file: string): number {
  mkdirSync(dirname(file), { recursive: true });
  return openSync(file, 'w');
}

/** Write every byte of `pieces` (`size` in all), however many a single writev takes. */
function writeAll(fd: number, pieces: Uint8Array[], size: number): void {
  let written = writevSync(fd, pieces);
  if (written === size) return;
  for (const piece of pieces) {
    if (written >= piece.byteLength) {
      written -= piece.byteLength;
      continue;
    }
    for (let at = written; at < piece.byteLength; ) at += writeSync(fd, piece, at);
    written = 0;
  }
}

/** A message for a person, on standard error. */
export function say(message: string): void {
  process.stderr.write(message.endsWith('\n') ? message : `${message}\n`);
}

/** A usage or input problem: message on standard error; the caller returns EXIT.usage. */
export function fail(message: string, suggestions: string[] = []): number {
  say(`qmsr: ${message}`);
  if (suggestions.length > 0) say(`Did you mean:\n${suggestions.map((s) => `  ${s}`).join('\n')}`);
  return EXIT.usage;
}

/** JSON as the contract prints it: two-space indent, trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Fold prose to a width for terminal reading, keeping an indent on every line. */
export function wrap(text: string, width = 88, indent = ''): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = indent;
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line.length + word.length + 1 > width && line.trim().length > 0) {
        out.push(line.trimEnd());
        line = indent;
      }
      line += (line.trim().length ? ' ' : '') + word;
    }
    out.push(line.trimEnd());
  }
  return out.join('\n');
}
