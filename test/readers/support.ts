/**
 * Shared helpers for the reader tests: a temp folder per test file, writing
 * built files into it, and asserting ReadError codes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { TextBlock, TextDocument } from '../../src/doc-model/types.js';
import { isReadError, type ReadErrorCode } from '../../src/readers/index.js';

/** A temp folder removed after the test file's tests. */
export function tempFolder(prefix: string): { path(name: string): string; write(name: string, data: string | Uint8Array): string } {
  const dir = mkdtempSync(join(tmpdir(), `qmsr-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    path: (name) => join(dir, name),
    write(name, data) {
      const p = join(dir, name);
      writeFileSync(p, data);
      return p;
    },
  };
}

/** Awaits a read that must fail with this ReadError code; returns the error for more checks. */
export async function expectReadError(promise: Promise<unknown>, code: ReadErrorCode): Promise<Error & { code: ReadErrorCode }> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error, `expected a ReadError "${code}"`).toBeDefined();
  expect(isReadError(error), `expected a ReadError, got ${String(error)}`).toBe(true);
  const e = error as Error & { code: ReadErrorCode };
  expect(e.code, e.message).toBe(code);
  expect(e.message.length).toBeGreaterThan(10);
  return e;
}

/** The only block whose text contains `needle`. */
export function blockWith(doc: TextDocument, needle: string): TextBlock {
  const found = doc.blocks.filter((b) => b.text.includes(needle));
  expect(found.map((b) => b.text), `blocks containing "${needle}"`).toHaveLength(1);
  return found[0]!;
}

/** One-based line and column of `offset` in `text`, counted by hand (`\r\n`, `\n` and `\r` end lines). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
