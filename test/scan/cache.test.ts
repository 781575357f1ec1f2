import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScanCache, configHash, type CachedScan } from '../../src/scanner/cache.js';
import { defaultConfig } from '../../src/scanner/config.js';
import type { Finding } from '../../src/scanner/types.js';

const SALT = { toolVersion: '0.1.0', kbHash: 'kb-1', configHash: 'cfg-1' };
const SHA = 'a'.repeat(64);

function finding(file: string, match: string): Finding {
  return {
    file,
    ruleId: 'outdated-citation',
    kind: 'citation',
    severity: 'error',
    match,
    citation: '820.30(g)',
    location: { line: 3, column: 7 },
    message: 'old',
    replacements: [{ text: 'ISO 13485:2016 clause 7.3.7' }],
    kbRefs: ['qsr.820.30(g)'],
  };
}

const scan = (file: string): CachedScan => ({ format: 'md', status: 'ok', findings: [finding(file, '21 CFR 820.30(g)')] });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qmsr-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every entry file under the cache folder, relative to it. */
function entries(): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(dir, p)).isFile())
    .sort();
}

describe('ScanCache', () => {
  it('stores a result in a shard folder and gives it back with the new file path', async () => {
    const cache = new ScanCache(dir, SALT);
    expect(await cache.get(SHA, 'x.md')).toBeUndefined();
    await cache.set(SHA, scan('old/place.md'));
    const key = cache.key(SHA);
    expect(entries()).toEqual([join(key.slice(0, 2), `${key.slice(2)}.json`)]);
    const stored = JSON.parse(readFileSync(join(dir, entries()[0]!), 'utf8')) as { findings: Finding[] };
    expect(stored.findings[0]!.file).toBe('');
    expect(await cache.get(SHA, 'new/place.md')).toEqual(scan('new/place.md'));
    expect(cache.written).toBe(1);
  });

  it('keys on everything that decides the result', () => {
    const base = new ScanCache(dir, SALT).key(SHA);
    expect(new ScanCache(dir, SALT).key(SHA)).toBe(base);
    expect(new ScanCache(dir, { ...SALT, kbHash: 'kb-2' }).key(SHA)).not.toBe(base);
    expect(new ScanCache(dir, { ...SALT, configHash: 'cfg-2' }).key(SHA)).not.toBe(base);
    expect(new ScanCache(dir, { ...SALT, toolVersion: '0.2.0' }).key(SHA)).not.toBe(base);
    expect(new ScanCache(dir, SALT).key('b'.repeat(64))).not.toBe(base);
  });

  it('treats a corrupt or foreign entry as a miss and rewrites it', async () => {
    const cache = new ScanCache(dir, SALT);
    await cache.set(SHA, scan('a.md'));
    const path = join(dir, entries()[0]!);
    writeFileSync(path, '{"v":1,"key":"tru');
    expect(await cache.get(SHA, 'a.md')).toBeUndefined();
    writeFileSync(path, JSON.stringify({ v: 1, key: 'someone-else', format: 'md', status: 'ok', findings: [] }));
    expect(await cache.get(SHA, 'a.md')).toBeUndefined();
    await cache.set(SHA, scan('a.md'));
    expect(await cache.get(SHA, 'a.md')).toEqual(scan('a.md'));
    expect(entries().some((e) => e.endsWith('.tmp'))).toBe(false);
  });

  it('prunes the least recently used entries beyond its limits', async () => {
    const cache = new ScanCache(dir, SALT, { maxBytes: 1e9, maxEntries: 10 });
    const shas = Array.from({ length: 12 }, (_, i) => i.toString(16).padStart(64, '0'));
    for (const [i, sha] of shas.entries()) {
      await cache.set(sha, scan(`f${i}.md`));
      const old = new Date(Date.UTC(2025, 0, 1, 0, i));
      utimesSync(join(dir, cache.key(sha).slice(0, 2), `${cache.key(sha).slice(2)}.json`), old, old);
    }
    await cache.get(shas[0]!, 'f0.md'); // used now: the newest
    expect(await cache.prune()).toEqual({ entries: 9, bytes: expect.any(Number), removed: 3 });
    expect(await cache.get(shas[0]!, 'f0.md')).toBeDefined();
    for (const sha of shas.slice(1, 4)) expect(await cache.get(sha, 'x.md')).toBeUndefined();
    for (const sha of shas.slice(4)) expect(await cache.get(sha, 'x.md')).toBeDefined();
  });

  it('prunes by size too, and leaves a cache within its limits alone', async () => {
    const cache = new ScanCache(dir, SALT, { maxBytes: 2000, maxEntries: 1000 });
    for (let i = 0; i < 10; i++) await cache.set(i.toString(16).padStart(64, '0'), scan(`f${i}.md`));
    const result = await cache.prune();
    expect(result.bytes).toBeLessThanOrEqual(1800);
    expect(result.removed).toBeGreaterThan(0);
    expect(await cache.prune()).toMatchObject({ removed: 0 });
  });
});

describe('configHash', () => {
  it('changes with settings that decide findings, not with include or exclude', () => {
    const base = configHash(defaultConfig);
    expect(configHash({ ...defaultConfig, include: ['SOPs/**'], exclude: ['x/**'] })).toBe(base);
    expect(configHash({ ...defaultConfig, rules: { 'obsolete-term': 'off' } })).not.toBe(base);
    expect(configHash({ ...defaultConfig, acceptedCitations: ['820.30(g)'] })).not.toBe(base);
    expect(configHash({ ...defaultConfig, replacementStyle: 'iso' })).not.toBe(base);
  });
});
