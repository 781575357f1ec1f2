/**
 * Where command output goes: standard output, or a file with --output.
 * Machine-readable output never shares standard output with anything else.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
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

/** Like `emit`, for output that comes in pieces (a large report): each piece is written as it comes. */
export function emitChunks(pieces: Iterable<string>, file?: string): void {
  if (!file) {
    let last = '';
    for (const piece of pieces) {
      process.stdout.write(piece);
      if (piece) last = piece;
    }
    if (!last.endsWith('\n')) process.stdout.write('\n');
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  try {
    for (const piece of pieces) writeSync(fd, piece);
  } finally {
    closeSync(fd);
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
