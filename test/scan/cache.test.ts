import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScanCache, configHash, type CachedScan } from '../../src/scanner/cache.js';
import { defaultConfig } from '../../src/scanner/config.js';
import { packFindings, unpackFindings } from '../../src/scanner/packed.js';
import type { Finding } from '../../src/scanner/types.js';

const SALT = { toolVersion: '0.1.0', kbHash: 'kb-1', configHash: 'cfg-1', pdfText: 'pdftotext' };
const SHA = 'a'.repeat(64);

function finding(file: string, match: string, line = 3): Finding {
  return {
    file,
    ruleId: 'outdated-citation',
    kind: 'citation',
    severity: 'error',
    match,
    citation: '820.30(g)',
    location: { line, column: 7 },
    message: 'old',
    replacements: [{ text: 'ISO 13485:2016 clause 7.3.7' }],
    kbRefs: ['qsr.820.30(g)'],
    span: { block: line, start: 6, end: 6 + match.length },
  };
}

const scan = (file: string): CachedScan => ({
  format: 'md',
  status: 'ok',
  findings: packFindings([finding(file, '21 CFR 820.30(g)'), finding(file, '§ 820.30(g)', 9)], file),
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qmsr-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under the cache folder, relative to it. */
function entries(): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(dir, p)).isFile())
    .sort();
}

/** What a stored result gives back, comparable with toEqual (bytes as text, findings as objects). */
function readable(result: CachedScan | undefined): unknown {
  if (!result) return result;
  const { findings, ...rest } = result;
  return { ...rest, file: findings.file, json: Buffer.from(findings.json).toString('utf8'), severities: findings.severities, findings: unpackFindings(findings) };
}

describe('ScanCache', () => {
  it('stores a result in a shard folder and gives it back as it was stored', async () => {
    const cache = new ScanCache(dir, SALT);
    expect(cache.get(SHA)).toBeUndefined();
    await cache.set(SHA, scan('old/place.md'));
    const key = cache.key(SHA);
    expect(entries()).toEqual([join(key.slice(0, 2), `${key.slice(2)}.scan`)]);
    expect(cache.entryPath(SHA)).toBe(join(dir, entries()[0]!));
    // A checksum, a line of JSON about the entry, then the findings as the JSON report prints them.
    const text = readFileSync(cache.entryPath(SHA), 'utf8');
    expect(text).toMatch(/^[0-9a-f]{8} \{/);
    const [head, ...body] = text.slice(9).split('\n');
    expect(JSON.parse(head!)).toMatchObject({ v: 2, key, format: 'md', status: 'ok', file: 'old/place.md', severities: 'ee' });
    expect(body.join('\n')).toContain('"file": "old/place.md"');
    const back = cache.get(SHA);
    expect(readable(back)).toEqual(readable(scan('old/place.md')));
    expect(back!.findings.order).toBeUndefined();
    expect(cache.written).toBe(1);
  });

  it('keeps a read error, and no findings, as they were', async () => {
    const cache = new ScanCache(dir, SALT);
    const failed: CachedScan = { format: 'pdf', status: 'error', error: 'this PDF has no text layer', findings: packFindings([], 'scan.pdf') };
    await cache.set(SHA, failed);
    expect(readable(cache.get(SHA))).toEqual(readable(failed));
    // No findings as they come from a worker thread: an empty array copied into this thread (it has no storage).
    const clean: CachedScan = { format: 'md', status: 'ok', findings: { ...packFindings([], 'clean.md'), json: structuredClone(new Uint8Array(0)) } };
    await cache.set(SHA, clean);
    expect(readable(cache.get(SHA))).toEqual(readable(clean));
  });

  it('keys on everything that decides the result', () => {
    const base = new ScanCache(dir, SALT).key(SHA);
    expect(new ScanCache(dir, SALT).key(SHA)).toBe(base);
    expect(new ScanCache(dir, { ...SALT, kbHash: 'kb-2' }).key(SHA)).not.toBe(base);
    expect(new ScanCache(dir, { ...SALT, configHash: 'cfg-2' }).key(SHA)).not.toBe(base);
    expect(new ScanCache(dir, { ...SALT, toolVersion: '0.2.0' }).key(SHA)).not.toBe(base);
    expect(new ScanCache(dir, { ...SALT, pdfText: 'pdf.js' }).key(SHA)).not.toBe(base);
    expect(new ScanCache(dir, SALT).key('b'.repeat(64))).not.toBe(base);
  });

  it('treats a corrupt or foreign entry as a miss and rewrites it', async () => {
    const cache = new ScanCache(dir, SALT);
    await cache.set(SHA, scan('a.md'));
    const path = cache.entryPath(SHA);
    const good = readFileSync(path);
    const newline = good.indexOf(10);
    const header = JSON.parse(good.subarray(9, newline).toString('utf8')) as Record<string, unknown>;
    const body = good.subarray(newline + 1);
    /** The entry with header fields changed, and a checksum that matches (as if written so), or the old one. */
    const withHeader = (changes: Record<string, unknown>, checksum = true): Buffer => {
      const rest = Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, ...changes })}\n`), body]);
      const crc = checksum ? crc32(rest).toString(16).padStart(8, '0') : good.subarray(0, 8).toString();
      return Buffer.concat([Buffer.from(`${crc} `), rest]);
    };
    const flipped = Buffer.from(good);
    flipped[newline + 40] = flipped[newline + 40]! ^ 0x20; // one letter of the findings changes case
    const damaged: [string, Buffer | string][] = [
      ['empty', ''],
      ['half a header', good.subarray(0, 20)],
      ['header only', good.subarray(0, newline + 1)],
      ['cut short', good.subarray(0, good.length - 7)],
      ['a byte of the findings changed', flipped],
      ['a header changed', withHeader({ severities: 'e' }, false)],
      ['no checksum', good.subarray(9)],
      ['JSON, not an entry', '{"v":2,"key":"tru'],
      ['another key', withHeader({ key: 'someone-else' })],
      ['another format', withHeader({ v: 1 })],
      ['a bad status', withHeader({ status: 'maybe' })],
      ['unknown severities', withHeader({ severities: 'ex' })],
      ['an order that is no permutation', withHeader({ order: [0, 0] })],
      ['no file', withHeader({ file: undefined })],
    ];
    // The helper makes entries that are read: what follows is refused for what was changed.
    writeFileSync(path, withHeader({}));
    expect(readable(cache.get(SHA))).toEqual(readable(scan('a.md')));
    for (const [what, bytes] of damaged) {
      writeFileSync(path, bytes);
      expect(cache.get(SHA), what).toBeUndefined();
    }
    // The entry of format 1 (one JSON document) in its old place is not read either.
    const key = cache.key(SHA);
    writeFileSync(join(dir, key.slice(0, 2), `${key.slice(2)}.json`), JSON.stringify({ v: 1, key, format: 'md', status: 'ok', findings: [] }));
    await cache.set(SHA, scan('a.md'));
    expect(readable(cache.get(SHA))).toEqual(readable(scan('a.md')));
    expect(entries().some((e) => e.endsWith('.tmp'))).toBe(false);
  });

  it('survives writers racing for the same entries, and readers meanwhile', async () => {
    const writers = [new ScanCache(dir, SALT), new ScanCache(dir, SALT)];
    const shas = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(64, '0'));
    const reads: (CachedScan | undefined)[] = [];
    await Promise.all(
      shas.flatMap((sha, i) => [
        ...writers.map((w) => w.set(sha, scan(`f${i}.md`))),
        Promise.resolve().then(() => reads.push(writers[0]!.get(sha))),
      ]),
    );
    // A reader sees a whole entry or none; afterwards every entry is whole, and no temporary file is left.
    for (const r of reads) if (r) expect(unpackFindings(r.findings)).toHaveLength(2);
    for (const [i, sha] of shas.entries()) expect(readable(writers[1]!.get(sha))).toEqual(readable(scan(`f${i}.md`)));
    expect(entries().filter((e) => !e.endsWith('.scan'))).toEqual([]);
  });

  it('makes its folder again when it is removed during a scan', async () => {
    const cache = new ScanCache(dir, SALT);
    await cache.set(SHA, scan('a.md'));
    rmSync(dir, { recursive: true, force: true });
    await cache.set(SHA, scan('a.md'));
    expect(cache.get(SHA)).toBeDefined();
  });

  it('records when an entry was last used, at most once an hour', async () => {
    const cache = new ScanCache(dir, SALT);
    await cache.set(SHA, scan('a.md'));
    const path = cache.entryPath(SHA);
    const recent = new Date(Date.now() - 10 * 60 * 1000);
    utimesSync(path, recent, recent);
    cache.get(SHA);
    expect(Math.abs(statSync(path).mtimeMs - recent.getTime())).toBeLessThan(1);
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(path, old, old);
    cache.get(SHA);
    expect(statSync(path).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });

  it('prunes the least recently used entries beyond its limits', async () => {
    const cache = new ScanCache(dir, SALT, { maxBytes: 1e9, maxEntries: 10 });
    const shas = Array.from({ length: 12 }, (_, i) => i.toString(16).padStart(64, '0'));
    for (const [i, sha] of shas.entries()) {
      await cache.set(sha, scan(`f${i}.md`));
      const old = new Date(Date.UTC(2025, 0, 1, 0, i));
      utimesSync(cache.entryPath(sha), old, old);
    }
    cache.get(shas[0]!); // used now: the newest
    expect(await cache.prune()).toEqual({ entries: 9, bytes: expect.any(Number), removed: 3 });
    expect(cache.get(shas[0]!)).toBeDefined();
    for (const sha of shas.slice(1, 4)) expect(cache.get(sha)).toBeUndefined();
    for (const sha of shas.slice(4)) expect(cache.get(sha)).toBeDefined();
  });

  it('prunes by size too, and leaves a cache within its limits alone', async () => {
    const cache = new ScanCache(dir, SALT, { maxBytes: 5000, maxEntries: 1000 });
    for (let i = 0; i < 10; i++) await cache.set(i.toString(16).padStart(64, '0'), scan(`f${i}.md`));
    const result = await cache.prune();
    expect(result.bytes).toBeLessThanOrEqual(4500);
    expect(result.removed).toBeGreaterThan(0);
    expect(await cache.prune()).toMatchObject({ removed: 0 });
  });

  it('counts entries of the old format, never used again, and prunes them first; removes stale temporary files', async () => {
    const cache = new ScanCache(dir, SALT, { maxBytes: 1e9, maxEntries: 4 });
    mkdirSync(join(dir, 'ab'));
    const legacy = [1, 2, 3].map((i) => join(dir, 'ab', `${String(i).repeat(62)}.json`));
    const old = new Date(Date.UTC(2025, 0, 1));
    for (const path of legacy) {
      writeFileSync(path, JSON.stringify({ v: 1, findings: [] }));
      utimesSync(path, old, old);
    }
    const tmp = join(dir, 'ab', 'x.scan.123.abcd.tmp');
    writeFileSync(tmp, 'half');
    utimesSync(tmp, old, old);
    for (let i = 0; i < 3; i++) await cache.set(i.toString(16).padStart(64, '0'), scan(`f${i}.md`));
    expect(await cache.prune()).toMatchObject({ entries: 3, removed: 3 });
    expect(entries().filter((e) => !e.endsWith('.scan'))).toEqual([]);
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
