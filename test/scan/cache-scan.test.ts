/**
 * The cache in a real scan: unchanged files are not read again, a changed file
 * is, and a different configuration or knowledge base starts afresh.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { defaultConfig } from '../../src/scanner/config.js';
import { scanPaths, type ScanOptions } from '../../src/scanner/scan-files.js';
import type { ScanResult } from '../../src/scanner/types.js';
import { runCli } from '../support/run-cli.js';
import { tempDir, writeSops } from './fixtures.js';

let root: string;
let cacheDir: string;

beforeAll(async () => {
  root = tempDir();
  await writeSops(root);
  cacheDir = tempDir('qmsr-cache-');
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

/** A scan with the cache, and what it said about reading files. */
async function scan(options: ScanOptions = {}): Promise<{ result: ScanResult; log: string[] }> {
  const log: string[] = [];
  const result = await scanPaths([root], { cacheDir, jobs: 1, cwd: root, onDebug: (m) => log.push(m), ...options });
  return { result, log };
}

/** The JSON report without what may differ between two scans of the same files: the time and whether the cache was used. */
const stable = (stdout: string): string => stdout.replace(/\n {2}"generatedAt": "[^"]*"/, '').replace(/,\n {6}"cached": (true|false)/g, '');

/** Any report without its time stamps and cache flags. */
const withoutTimes = (text: string): string =>
  stable(text)
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
    .replace(/"cached": (true|false)/g, '');

const cachedFlags = (r: ScanResult) => Object.fromEntries(r.files.map((f) => [f.path, f.cached]));
const withoutTime = (r: ScanResult) => ({ ...r, generatedAt: '', files: r.files.map(({ cached: _c, ...f }) => f) });

describe('scan cache', () => {
  it('reads no file the second time and gives the same result', async () => {
    const first = await scan();
    expect(Object.values(cachedFlags(first.result))).toEqual([false, false, false, false, false]);
    expect(first.log).toContain(`cache ${cacheDir}: 0 reused, 5 read`);
    // One pack and its index, the five results in it.
    const stored = readdirSync(cacheDir).sort();
    expect(stored.map((name) => name.replace(/^.*\./, ''))).toEqual(['index', 'pack']);
    expect(readFileSync(join(cacheDir, stored[0]!), 'utf8').trim().split('\n')).toHaveLength(5);

    const second = await scan();
    expect(Object.values(cachedFlags(second.result))).toEqual([true, true, true, true, true]);
    expect(second.log).toContain(`cache ${cacheDir}: 5 reused, 0 read`);
    expect(withoutTime(second.result)).toEqual(withoutTime(first.result));
  });

  it('reads again only the file that changed', async () => {
    await scan();
    appendFileSync(join(root, 'SOPs', 'WI-07 Receiving.md'), '\nSee also 21 CFR 820.86 for status.\n');
    const { result, log } = await scan();
    expect(log).toContain(`cache ${cacheDir}: 4 reused, 1 read`);
    expect(cachedFlags(result)).toEqual({
      'SOPs/SOP-001 Design.docx': true,
      'SOPs/SOP-014 CAPA.pdf': true,
      'SOPs/SOP-030 Complaints.txt': true,
      'SOPs/WI-07 Receiving.md': false,
      'SOPs/clean.md': true,
    });
    expect(result.findings.filter((f) => f.file === 'SOPs/WI-07 Receiving.md').map((f) => f.citation)).toEqual(['820.80(b)', '820.86']);
  });

  it('reports cached findings under the path of this scan', async () => {
    const { result } = await scan();
    const again = await scanPaths([join(root, 'SOPs')], { cacheDir, jobs: 1 });
    expect(again.files.every((f) => f.cached)).toBe(true);
    expect(again.findings.map((f) => f.file)).toEqual(result.findings.map((f) => f.file.replace(/^SOPs\//, '')));
  });

  it('starts afresh when the configuration or the knowledge base changes', async () => {
    await scan();
    const config = { ...defaultConfig, rules: { 'obsolete-term': 'off' as const } };
    const other = await scan({ config });
    expect(other.result.files.every((f) => f.cached === false)).toBe(true);
    expect(other.result.findings.some((f) => f.ruleId === 'obsolete-term')).toBe(false);
    expect((await scan({ config })).result.files.every((f) => f.cached)).toBe(true);
    // include/exclude decide which files, not what a file gives: the entries still apply.
    expect((await scan({ config: { ...defaultConfig, exclude: [...defaultConfig.exclude, '**/clean.md'] } })).result.files.every((f) => f.cached)).toBe(true);

    const kb = { ...getKnowledgeBase(), hash: 'f'.repeat(64) };
    expect((await scan({ kb })).result.files.every((f) => f.cached === false)).toBe(true);
  });

  it('is used by the command line, and --no-cache leaves it alone', async () => {
    const args = ['scan', root, '--format', 'json', '--jobs', '1', '--cache-dir', cacheDir];
    await runCli(args);
    const cached = JSON.parse((await runCli(args)).stdout) as ScanResult;
    expect(cached.files.every((f) => f.cached)).toBe(true);
    const fresh = JSON.parse((await runCli([...args, '--no-cache'])).stdout) as ScanResult;
    expect(fresh.files.every((f) => f.cached === undefined)).toBe(true);
    expect(withoutTime(fresh)).toEqual(withoutTime(cached));
  });

  it('prints the same JSON report, byte for byte, from the cache as from reading the files', async () => {
    const fresh = tempDir('qmsr-cache-');
    try {
      const args = ['scan', root, '--format', 'json', '--jobs', '2', '--cache-dir', fresh];
      const cold = await runCli(args);
      const cached = await runCli(args);
      const none = await runCli([...args, '--no-cache']);
      expect(JSON.parse(cached.stdout).files.every((f: { cached: boolean }) => f.cached)).toBe(true);
      expect(stable(cached.stdout)).toBe(stable(cold.stdout));
      expect(stable(cached.stdout)).toBe(stable(none.stdout));
      expect(cached.stdout).toContain('"findings": [\n    {\n      "file": "SOPs/');

      // From a folder further down the paths change: the cached findings are printed under the new ones.
      const sub = ['scan', join(root, 'SOPs'), '--format', 'json', '--jobs', '1', '--cache-dir', fresh];
      const below = await runCli(sub);
      expect(JSON.parse(below.stdout).files.every((f: { cached: boolean }) => f.cached)).toBe(true);
      expect(stable(below.stdout)).toBe(stable((await runCli([...sub, '--no-cache'])).stdout));
      expect(below.stdout).not.toContain('"SOPs/');

      // Only findings of a severity: the same from the cache as without it.
      const errors = [...args, '--severity', 'error'];
      expect(stable((await runCli(errors)).stdout)).toBe(stable((await runCli([...errors, '--no-cache'])).stdout));

      // The other formats take the findings as objects: the same from the cache too.
      for (const format of ['text', 'sarif', 'csv', 'html']) {
        const other = ['scan', root, '--format', format, '--jobs', '1', '--cache-dir', fresh];
        const fromCache = (await runCli(other)).stdout;
        expect(fromCache.length, format).toBeGreaterThan(500);
        expect(withoutTimes(fromCache), format).toBe(withoutTimes((await runCli([...other, '--no-cache'])).stdout));
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('is shared safely by scans running at the same time', async () => {
    const shared = tempDir('qmsr-cache-');
    const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'qmsr.js');
    const run = (): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((done, failed) => {
        const child = spawn(process.execPath, [bin, 'scan', root, '--format', 'json', '--jobs', '2', '--cache-dir', shared], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('error', failed);
        child.on('close', (code) => done({ code, stdout, stderr }));
      });
    try {
      // Two processes fill the same empty cache at once, writing the same entries.
      const [a, b] = await Promise.all([run(), run()]);
      expect([a.code, b.code], a.stderr + b.stderr).toEqual([1, 1]);
      expect(stable(a.stdout)).toBe(stable(b.stdout));
      const after = await scan({ cacheDir: shared });
      expect(Object.values(cachedFlags(after.result)).every(Boolean)).toBe(true);
      // Each process wrote its own pack; nothing else is left.
      const stored = readdirSync(shared, { recursive: true, encoding: 'utf8' });
      expect(stored.filter((p) => p.endsWith('.pack'))).toHaveLength(2);
      expect(stored.filter((p) => !p.endsWith('.pack') && !p.endsWith('.index'))).toEqual([]);
      const fromCache = await runCli(['scan', root, '--format', 'json', '--jobs', '1', '--cache-dir', shared]);
      expect(stable(fromCache.stdout)).toBe(stable(a.stdout));
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  }, 120_000);
});
