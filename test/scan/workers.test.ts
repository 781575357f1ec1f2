/**
 * The worker pool: the same result with one thread or several, bounded work
 * in flight, and a file that takes too long costs only that file.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { defaultConfig } from '../../src/scanner/config.js';
import { unpackFindings } from '../../src/scanner/packed.js';
import { WorkerPool } from '../../src/scanner/pool.js';
import { scanPaths, type ScanProgress } from '../../src/scanner/scan-files.js';
import type { ScanResult } from '../../src/scanner/types.js';
import { runCli } from '../support/run-cli.js';
import { tempDir, writeBatch, writeSops } from './fixtures.js';

let root: string;
let slow: string;

beforeAll(async () => {
  root = tempDir();
  await writeSops(root);
  await writeBatch(root);
  mkdirSync(join(root, 'many'));
  for (let i = 0; i < 30; i++) {
    writeFileSync(join(root, 'many', `wi-${String(i).padStart(2, '0')}.md`), `# WI ${i}\n\nInspect per 21 CFR 820.${[80, 86, 90, 100][i % 4]}.\n`);
  }
  // Tens of thousands of findings: seconds of work for any reader and the rules.
  slow = join(tempDir('qmsr-slow-'), 'huge.txt');
  writeFileSync(slow, Array.from({ length: 150_000 }, (_, i) => `Line ${i}: per 21 CFR 820.30(g) and 820.100, see the Device History Record.`).join('\n'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(join(slow, '..'), { recursive: true, force: true });
});

/** Child processes of this one that have ended without being waited for (Linux). */
function zombieChildren(): string[] {
  const pids = readdirSync('/proc/self/task').flatMap((task) => readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
  return pids.filter((pid) => / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''))).map((pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[1]!);
}

const json = async (...args: string[]): Promise<ScanResult> => JSON.parse((await runCli(['scan', ...args, '--format', 'json', '--no-cache'])).stdout) as ScanResult;

/** The slow file is slow because of its 450,000 findings: lift the per-file cap for it. */
const uncapped = { ...defaultConfig, maxFindingsPerFile: 100_000_000 };

describe('worker pool', () => {
  it('gives the same JSON with --jobs 2 as with --jobs 1', async () => {
    const one = await json(root, '--jobs', '1');
    const two = await json(root, '--jobs', '2');
    // SOPs (5) + many (30) + batch (2 good, 7 bad).
    expect(one.summary).toEqual({ files: 44, scanned: 37, failed: 7, findings: 37 });
    expect({ ...two, generatedAt: '' }).toEqual({ ...one, generatedAt: '' });
  });

  it('has the workers end their pdftotext shells before the scan returns', async () => {
    const tmp = tempDir('qmsr-tmp-');
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp; // worker threads take a copy of the environment when they start
    try {
      const result = await scanPaths([root], { jobs: 2, cacheDir: false });
      expect(result.files.filter((f) => f.format === 'pdf' && f.status === 'ok').length).toBeGreaterThan(0);
      expect(readdirSync(tmp).filter((n) => n.startsWith('qmsr-pdftotext-'))).toEqual([]);
      // Ended and waited for (so their CPU time is this process's): a shell that ended only when its
      // worker was terminated would be left a zombie, its exit never collected.
      if (process.platform === 'linux') expect(zombieChildren().filter((name) => name === '(sh)')).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('keeps at most two files per worker in flight', async () => {
    const seen: ScanProgress[] = [];
    await scanPaths([join(root, 'many')], { jobs: 2, cacheDir: false, onProgress: (p) => seen.push(p) });
    const inFlight = Math.max(...seen.map((p) => p.discovered - p.done));
    expect(inFlight).toBeGreaterThanOrEqual(1);
    expect(inFlight).toBeLessThanOrEqual(2 * 2 + 1);
    expect(seen.at(-1)).toMatchObject({ discovered: 30, done: 30, discoveryDone: true, findings: 30 });
  });

  it('stops a file that takes too long, replaces the worker and goes on', async () => {
    const kb = getKnowledgeBase();
    const pool = new WorkerPool({ size: 1, config: uncapped, kb, timeoutMs: 3000 });
    try {
      const started = Date.now();
      const late = await pool.run({ path: slow, display: 'huge.txt' });
      expect(late).toMatchObject({ status: 'error', error: 'took longer than 3 s to read; skipped', format: 'txt', findings: { severities: '' } });
      expect(Date.now() - started).toBeLessThan(20_000);
      const next = await pool.run({ path: join(root, 'many', 'wi-00.md'), display: 'wi-00.md' });
      expect(next).toMatchObject({ status: 'ok', format: 'md' });
      expect(unpackFindings(next.findings).map((f) => [f.file, f.citation])).toEqual([['wi-00.md', '820.80']]);
      expect(pool.workers).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('reports the time-out as a file error through the command line, and scans the rest', async () => {
    const config = join(slow, '..', 'uncapped.json');
    writeFileSync(config, JSON.stringify({ maxFindingsPerFile: 100_000_000 }));
    const run = await runCli(['scan', slow, join(root, 'many', 'wi-01.md'), '--timeout', '3', '--jobs', '2', '--format', 'json', '--no-cache', '--config', config]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as ScanResult;
    const byName = Object.fromEntries(result.files.map((f) => [f.path.split('/').at(-1), [f.status, f.error]]));
    expect(byName).toEqual({ 'huge.txt': ['error', 'took longer than 3 s to read; skipped'], 'wi-01.md': ['ok', undefined] });
  });

  it('reads a file again without the heap limit when a capped worker runs out of memory', async () => {
    const big = join(root, 'big.txt');
    writeFileSync(big, Array.from({ length: 8_000 }, (_, i) => `Line ${i}: per 21 CFR 820.30(g) and 820.100, see the Device History Record.`).join('\n'));
    const pool = new WorkerPool({ size: 1, config: uncapped, kb: getKnowledgeBase(), heapLimitMb: 16 });
    try {
      const outcome = await pool.run({ path: big, display: 'big.txt' });
      expect(outcome.status).toBe('ok');
      expect(outcome.findings.severities).toHaveLength(24_000);
      expect(unpackFindings(outcome.findings)).toHaveLength(24_000);
      const next = await pool.run({ path: join(root, 'many', 'wi-00.md'), display: 'wi-00.md' });
      expect(next).toMatchObject({ status: 'ok', format: 'md' });
      expect(pool.workers).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('scans with the knowledge base the main thread gives it, not one of its own', async () => {
    const kb = getKnowledgeBase();
    const change = kb.changes.find((c) => c.staleStatements.length > 0)!;
    const custom = { ...kb, changes: [{ ...change, staleStatements: ['\\binspect\\s+per\\b'], staleTriggers: [] }] };
    const pool = new WorkerPool({ size: 1, config: defaultConfig, kb: custom });
    try {
      const outcome = await pool.run({ path: join(root, 'many', 'wi-00.md'), display: 'wi-00.md' });
      const found = unpackFindings(outcome.findings);
      expect(found.filter((f) => f.ruleId === 'stale-statement').map((f) => f.match.toLowerCase())).toContain('inspect per');
    } finally {
      await pool.close();
    }
  });

  it('ends the scan with an error when the workers cannot start', async () => {
    const kb = getKnowledgeBase();
    const broken = { ...kb, changes: [{ ...kb.changes[0]!, staleStatements: ['(unclosed'] }] };
    const pool = new WorkerPool({ size: 1, config: defaultConfig, kb: broken });
    try {
      await expect(pool.run({ path: join(root, 'many', 'wi-00.md'), display: 'wi-00.md' })).rejects.toThrow(/Invalid regular expression/);
      await expect(pool.run({ path: join(root, 'many', 'wi-00.md'), display: 'wi-00.md' })).rejects.toThrow(/Invalid regular expression/);
    } finally {
      await pool.close();
    }
  });
});
