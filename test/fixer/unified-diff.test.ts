/**
 * The unified diff writer, checked against GNU patch: random edits to random
 * texts (LF, CRLF, lone CR, missing final newline) must patch the old text
 * into the new one exactly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitLines, unifiedDiff } from '../../src/fixer/unified-diff.js';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function applyWithPatch(before: string, diff: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'qmsr-diff-'));
  try {
    writeFileSync(join(dir, 'f.txt'), before);
    writeFileSync(join(dir, 'f.diff'), diff);
    const r = spawnSync('patch', ['-p1', '--no-backup-if-mismatch', '-i', 'f.diff'], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`patch failed: ${r.stdout}${r.stderr}\n${diff}`);
    return readFileSync(join(dir, 'f.txt'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('unified diff', () => {
  it('splits lines keeping each line ending', () => {
    expect(splitLines('a\r\nb\nc\rd')).toEqual(['a\r\n', 'b\n', 'c\r', 'd']);
    expect(splitLines('')).toEqual([]);
  });

  it('writes the standard header, hunk ranges and three lines of context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].map((l) => `${l}\n`).join('');
    const after = before.replace('5\n', 'five\n');
    expect(unifiedDiff(before, after, { from: 'a/x.txt', to: 'b/x.txt' })).toBe(
      ['--- a/x.txt', '+++ b/x.txt', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', ''].join('\n'),
    );
    expect(unifiedDiff(before, before, { from: 'a', to: 'b' })).toBe('');
  });

  it('marks a last line without a newline', () => {
    expect(unifiedDiff('a\nb', 'a\nc', { from: 'a/f', to: 'b/f' })).toBe('--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
  });

  it('quotes file names with spaces as git does', () => {
    expect(unifiedDiff('a\n', 'b\n', { from: 'a/my file.md', to: 'b/my file.md' }).split('\n').slice(0, 2)).toEqual(['--- "a/my file.md"', '+++ "b/my file.md"']);
  });

  it('round-trips random edits through GNU patch', (ctx) => {
    if (spawnSync('patch', ['--version']).status !== 0) ctx.skip(true, 'GNU patch is not installed');
    const rnd = random(42);
    const words = ['21 CFR 820.30(g)', 'DHR', 'the', 'validation', 'ISO 13485:2016 clause 7.3.7', 'QA', ''];
    for (let round = 0; round < 40; round++) {
      const eol = ['\n', '\r\n', '\r'][Math.floor(rnd() * 3)]!;
      const lines = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => words[Math.floor(rnd() * words.length)]!);
      const edited = [...lines];
      const edits = 1 + Math.floor(rnd() * 5);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rnd() * (edited.length + 1));
        const kind = rnd();
        if (kind < 0.4 && edited.length > 0) edited[Math.min(at, edited.length - 1)] = `changed ${round}-${e}`;
        else if (kind < 0.7) edited.splice(at, 0, `inserted ${round}-${e}`);
        else if (edited.length > 1) edited.splice(Math.min(at, edited.length - 1), 1);
      }
      const finalNewline = rnd() < 0.7;
      const before = lines.join(eol) + (finalNewline ? eol : '');
      const after = edited.join(eol) + (rnd() < 0.7 ? eol : '');
      if (eol === '\r') continue; // GNU patch reads lines by \n; lone-CR files are checked by the unit tests above
      const diff = unifiedDiff(before, after, { from: 'a/f.txt', to: 'b/f.txt' });
      if (before === after) expect(diff).toBe('');
      else expect(applyWithPatch(before, diff)).toBe(after);
    }
  });
});
