/**
 * Files no reader can open, in one batch with good ones: each gives exactly one
 * file error in plain words, the good files are still scanned, and nothing in
 * the scanned folder changes.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/scanner/types.js';
import { runCli } from '../support/run-cli.js';
import { BAD_FILES, folderHash, tempDir, writeBatch } from './fixtures.js';

let root: string;
let batch: string;
let cacheDir: string;

beforeAll(async () => {
  root = tempDir();
  batch = await writeBatch(root);
  cacheDir = tempDir('qmsr-cache-');
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

const EXPECTED_ERRORS: Record<string, RegExp> = {
  'batch/bomb.docx': /zip bomb/,
  'batch/damaged.docx': /not a valid Word document/,
  'batch/empty.txt': /^The file is empty \(0 bytes\)\.$/,
  'batch/entities.docx': /DOCTYPE\/ENTITY declaration/,
  'batch/locked.pdf': /password-protected/,
  'batch/loop': /^symbolic link loop at batch\/loop, skipped$/,
  'batch/notes.pages': /^unsupported file type \.pages; qmsr reads \.docx, \.pdf, \.md, \.txt, \.html, \.xlsx/,
  'batch/pipe.md': /not a regular file/,
  'missing/SOP-404.docx': /^there is no file or folder at this path$/,
};

async function scanBatch(jobs: string): Promise<{ code: number; result: ScanResult }> {
  const run = await runCli(['scan', batch, join(batch, 'notes.pages'), join(root, 'missing', 'SOP-404.docx'), '--format', 'json', '--jobs', jobs, '--cache-dir', cacheDir]);
  return { code: run.code, result: JSON.parse(run.stdout) as ScanResult };
}

describe('a batch with files that cannot be read', () => {
  it('gives one clear error per bad file, scans the good ones and exits 1, without changing the folder', async () => {
    expect(Object.keys(BAD_FILES).every((name) => `batch/${name}` in EXPECTED_ERRORS)).toBe(true);
    const before = folderHash(root);
    const { code, result } = await scanBatch('2');
    expect(code).toBe(1);
    const errors = result.files.filter((f) => f.status === 'error');
    expect(errors.map((f) => f.path)).toEqual(Object.keys(EXPECTED_ERRORS));
    for (const f of errors) expect(f.error, f.path).toMatch(EXPECTED_ERRORS[f.path]!);
    for (const f of errors) expect(f.error).not.toMatch(/\bat \w+ \(|node_modules|Error:/); // words for a person, not a stack
    expect(result.files.filter((f) => f.status === 'ok').map((f) => [f.path, f.findings])).toEqual([
      ['batch/good.docx', 1],
      ['batch/good.md', 1],
    ]);
    expect(result.findings.map((f) => [f.file, f.citation])).toEqual([
      ['batch/good.docx', '820.120'],
      ['batch/good.md', '820.50'],
    ]);
    expect(result.summary).toEqual({ files: 11, scanned: 2, failed: 9, findings: 2 });
    expect(folderHash(root)).toBe(before);
  });

  it('gives the same result from the cache, in one thread, as from the workers', async () => {
    const first = await scanBatch('2');
    const again = await scanBatch('1');
    const strip = (r: ScanResult) => ({ ...r, generatedAt: '', files: r.files.map(({ cached: _c, ...f }) => f) });
    expect(strip(again.result)).toEqual(strip(first.result));
    // Content errors are cached like findings; a missing path or a pipe is looked at again.
    const cachedPaths = again.result.files.filter((f) => f.cached).map((f) => f.path);
    expect(cachedPaths).toEqual(['batch/bomb.docx', 'batch/damaged.docx', 'batch/empty.txt', 'batch/entities.docx', 'batch/good.docx', 'batch/good.md', 'batch/locked.pdf']);
  });
});
