/**
 * Writing a report in pieces (src/cli/io.ts): strings and bytes, many pieces
 * of bytes batched into one writev, to a file or to standard output.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emitChunks } from '../../src/cli/io.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qmsr-emit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Pieces as a report gives them: text, then thousands of small byte pieces (more than one writev takes), then text. */
function pieces(): (string | Uint8Array)[] {
  const bytes = Array.from({ length: 2500 }, (_, i) => Buffer.from(`${i === 0 ? '' : ','}"é${i}"`));
  return ['{"a": [', new Uint8Array(0), ...bytes, '', Buffer.alloc(3 << 19, 0x20), ']}'];
}

const expected = (): string => pieces().map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('utf8'))).join('');

describe('emitChunks', () => {
  it('writes every piece, in order, into a file (making its folder)', () => {
    const file = join(dir, 'out', 'report.json');
    emitChunks(pieces(), file);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(expected());
    expect((JSON.parse(text) as { a: string[] }).a).toHaveLength(2500);
  });

  it('writes the same to standard output, with a final line break', () => {
    const out: Buffer[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      out.push(Buffer.from(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      emitChunks(pieces());
      emitChunks(['{}\n']);
      emitChunks([Buffer.from('[]\n')]);
    } finally {
      process.stdout.write = original;
    }
    expect(Buffer.concat(out).toString('utf8')).toBe(`${expected()}\n{}\n[]\n`);
  });
});
