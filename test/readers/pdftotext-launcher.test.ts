import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { closePdftotext, runPdftotext, type LaunchRequest } from '../../src/readers/pdftotext-launcher.js';
import { buildPdf } from '../support/builders/pdf-builder.js';
import { tempFolder } from './support.js';

const tmp = tempFolder('launcher');
const root = join(import.meta.dirname, '../..');

/** A stand-in for pdftotext: a shell script called with pdftotext's arguments (options, input, output; `-` for stdin/stdout). */
function program(name: string, body: string): string {
  const path = tmp.write(name, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Copies its input to its output, as pdftotext's arguments name them. */
const copy = program('copy.sh', 'while [ $# -gt 2 ]; do shift; done\nif [ "$2" = - ]; then cat "$1"; else cat "$1" > "$2"; fi');
/** Echoes its options, so a test sees what it was given. */
const options = program('options.sh', 'for out; do :; done\ns=\nwhile [ $# -gt 2 ]; do s="$s$1;"; shift; done\nif [ "$out" = - ]; then printf %s "$s"; else printf %s "$s" > "$out"; fi');
const failing = program('failing.sh', 'exit 3');
const slow = program('slow.sh', 'sleep 30');
/** Succeeds without writing anything. */
const silent = program('silent.sh', 'exit 0');
const bytes = Buffer.from('%PDF-1.4 not really a PDF, but bytes to copy \u00e9\n');

const request = (overrides: Partial<LaunchRequest>): LaunchRequest => ({ program: copy, args: ['-q'], input: bytes, maxOutputBytes: 1 << 20, timeoutMs: 10_000, ...overrides });

describe.each(['shell', 'direct'] as const)('runPdftotext, started %s', (launcher) => {
  it('gives pdftotext the bytes and returns what it wrote', async () => {
    expect(await runPdftotext(request({ launcher }))).toEqual({ outcome: 'done', code: 0, output: bytes.toString('utf8') });
    // Again, and with other bytes: nothing is left over from the run before.
    const other = Buffer.from('second file');
    expect(await runPdftotext(request({ launcher, input: other }))).toEqual({ outcome: 'done', code: 0, output: 'second file' });
  });

  it('passes the options', async () => {
    const result = await runPdftotext(request({ launcher, program: options, args: ['-bbox', '-enc', 'UTF-8', '-l', '11'] }));
    expect(result).toEqual({ outcome: 'done', code: 0, output: '-bbox;-enc;UTF-8;-l;11;' });
  });

  it('reports a non-zero exit, a missing program, output over the limit, and a time-out, and keeps working after each', async () => {
    expect(await runPdftotext(request({ launcher, program: failing }))).toEqual({ outcome: 'done', code: 3 });
    // Nothing written: nothing returned (in particular not the output of the run before).
    expect(await runPdftotext(request({ launcher }))).toMatchObject({ output: bytes.toString('utf8') });
    expect(await runPdftotext(request({ launcher, program: silent }))).toEqual({ outcome: 'done', code: 0, output: '' });
    expect(await runPdftotext(request({ launcher, program: tmp.path('no-such-program') }))).toEqual({ outcome: 'missing' });
    expect(await runPdftotext(request({ launcher, maxOutputBytes: 10 }))).toEqual({ outcome: 'done', code: 0 });
    const started = Date.now();
    expect(await runPdftotext(request({ launcher, program: slow, timeoutMs: 300 }))).toEqual({ outcome: 'timeout' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await runPdftotext(request({ launcher }))).toMatchObject({ outcome: 'done', code: 0, output: bytes.toString('utf8') });
  });

  it('rejects when aborted, and keeps working', async () => {
    const controller = new AbortController();
    const run = runPdftotext(request({ launcher, program: slow, signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(await runPdftotext(request({ launcher }))).toMatchObject({ outcome: 'done', code: 0 });
  });

  it('runs the real pdftotext on a PDF', async () => {
    const pdf = await buildPdf({ pages: [{ blocks: [{ lines: ['Design controls: 21 CFR 820.30'] }] }] });
    const result = await runPdftotext(request({ launcher, program: 'pdftotext', args: ['-bbox', '-enc', 'UTF-8', '-q', '-l', '10'], input: pdf }));
    expect(result).toMatchObject({ outcome: 'done', code: 0 });
    expect(result.outcome === 'done' && result.output).toContain('820.30</word>');
  });
});

describe('the shell that starts pdftotext', () => {
  it('runs requests one after another when several are made at once', async () => {
    const inputs = Array.from({ length: 8 }, (_, i) => Buffer.from(`file number ${i}`));
    const results = await Promise.all(inputs.map((input) => runPdftotext(request({ input }))));
    expect(results.map((r) => r.outcome === 'done' && r.output)).toEqual(inputs.map((b) => b.toString()));
  });

  it('takes a shell that was killed for a failed run, not for a missing pdftotext', async () => {
    const killer = program('killer.sh', 'kill -KILL $PPID\nsleep 1');
    expect(await runPdftotext(request({ program: killer }))).toEqual({ outcome: 'done', code: -1 });
    expect(await runPdftotext(request({}))).toMatchObject({ outcome: 'done', code: 0, output: bytes.toString('utf8') });
  });

  it('starts again when its folder is removed under it, and ends when asked', async () => {
    // A shell of this test's own, in a temporary folder of its own.
    await closePdftotext();
    const dir = tmp.path('own-tmp');
    mkdirSync(dir);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = dir;
    try {
      expect(await runPdftotext(request({}))).toMatchObject({ outcome: 'done', code: 0 });
      const [folder] = readdirSync(dir);
      expect(folder).toMatch(/^qmsr-pdftotext-/);
      rmSync(join(dir, folder!), { recursive: true, force: true });
      expect(await runPdftotext(request({}))).toMatchObject({ outcome: 'done', code: 0, output: bytes.toString('utf8') });
      expect(readdirSync(dir)).toHaveLength(1);
      // Closing waits for the shell to end, which removes its folder.
      await closePdftotext();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('lets a process end while it is idle, and leaves no folder or process behind', async () => {
    const dir = tmp.path('tmpdir');
    mkdirSync(dir);
    const script = `
      import { runPdftotext } from ${JSON.stringify(join(root, 'src/readers/pdftotext-launcher.ts'))};
      const r = await runPdftotext({ program: ${JSON.stringify(copy)}, args: ['-q'], input: Buffer.from('abc'), maxOutputBytes: 100, timeoutMs: 10000 });
      const { readdirSync } = await import('node:fs');
      console.log(JSON.stringify({ r, folders: readdirSync(process.env.TMPDIR).filter((n) => n.startsWith('qmsr-')).length }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, env: { ...process.env, TMPDIR: dir }, timeout: 20_000 });
    // While the process ran, the shell had its folder there.
    expect(JSON.parse(stdout)).toEqual({ r: { outcome: 'done', code: 0, output: 'abc' }, folders: 1 });
    // The shell removes its folder once its input closes, which happens as the process ends.
    const ours = (): string[] => readdirSync(dir).filter((name) => name.startsWith('qmsr-'));
    for (let i = 0; i < 50 && ours().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(ours()).toEqual([]);
  });
});
