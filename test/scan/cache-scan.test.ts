/**
 * The cache in a real scan: unchanged files are not read again, a changed file
 * is, and a different configuration or knowledge base starts afresh.
 */
import { appendFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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

const cachedFlags = (r: ScanResult) => Object.fromEntries(r.files.map((f) => [f.path, f.cached]));
const withoutTime = (r: ScanResult) => ({ ...r, generatedAt: '', files: r.files.map(({ cached: _c, ...f }) => f) });

describe('scan cache', () => {
  it('reads no file the second time and gives the same result', async () => {
    const first = await scan();
    expect(Object.values(cachedFlags(first.result))).toEqual([false, false, false, false, false]);
    expect(first.log).toContain(`cache ${cacheDir}: 0 reused, 5 read`);
    const shards = readdirSync(cacheDir);
    expect(shards.length).toBeGreaterThan(0);
    expect(shards.every((s) => /^[0-9a-f]{2}$/.test(s))).toBe(true);

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
});
