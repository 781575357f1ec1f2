/**
 * File fingerprints for the cache (src/scanner/hash.ts): the SHA-256 of the
 * bytes, whatever the size (small files are read in one synchronous call,
 * large ones in chunks), and nothing for what is not a regular file.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFile } from '../../src/scanner/hash.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qmsr-hash-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('hashFile', () => {
  it('gives the SHA-256, size and modification time of files small and large', async () => {
    for (const size of [0, 1, 4096, 65_537, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024 + 17]) {
      const data = randomBytes(size);
      const path = join(dir, `f-${size}.bin`);
      writeFileSync(path, data);
      const info = statSync(path);
      expect(await hashFile(path), `${size} bytes`).toEqual({ sha256: sha256(data), size, mtimeMs: info.mtimeMs });
    }
    // One after the other through the same buffer: a smaller file after a larger one is hashed alone.
    const small = Buffer.from('small');
    writeFileSync(join(dir, 'small.txt'), small);
    expect((await hashFile(join(dir, 'small.txt')))?.sha256).toBe(sha256(small));
  });

  it('hands back the bytes it hashed when asked, for files up to 1 MB', async () => {
    const kept: Buffer[] = [];
    for (const size of [1, 4096, 1024 * 1024, 1024 * 1024 + 1]) {
      const data = randomBytes(size);
      const path = join(dir, `k-${size}.bin`);
      writeFileSync(path, data);
      const hashed = await hashFile(path, { keepBytes: true });
      expect(hashed?.sha256, `${size} bytes`).toBe(sha256(data));
      if (size <= 1024 * 1024) {
        expect(hashed?.data?.equals(data), `${size} bytes`).toBe(true);
        kept.push(hashed!.data!);
      } else expect(hashed?.data).toBeUndefined();
    }
    // Each file's bytes are its own (not a buffer the next file overwrites).
    expect(kept[0]!.length).toBe(1);
    expect(kept[1]!.length).toBe(4096);
    expect(sha256(kept[0]!)).toBe(sha256(readFileSync(join(dir, 'k-1.bin'))));
    expect((await hashFile(join(dir, 'k-1.bin')))?.data).toBeUndefined();
  });

  it('gives nothing for a missing path, a folder or a named pipe, and never waits on the pipe', async () => {
    expect(await hashFile(join(dir, 'missing.md'))).toBeUndefined();
    expect(await hashFile(dir)).toBeUndefined();
    const fifo = join(dir, 'pipe.md');
    execFileSync('mkfifo', [fifo]);
    expect(await hashFile(fifo)).toBeUndefined();
  });
});
