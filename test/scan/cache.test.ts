import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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
  it('appends a result to its pack, lists it in the index, and gives it back as it was stored', async () => {
    const cache = new ScanCache(dir, SALT);
    expect(cache.get(SHA)).toBeUndefined();
    await cache.set(SHA, scan('old/place.md'));
    const key = cache.key(SHA);
    const at = cache.locate(SHA)!;
    expect(entries()).toEqual([`${at.pack}.index`, `${at.pack}.pack`]);
    const record = readFileSync(join(dir, `${at.pack}.pack`));
    expect(readFileSync(join(dir, `${at.pack}.index`), 'utf8')).toBe(`${key} 0 ${record.length}\n`);
    expect(at).toEqual({ pack: at.pack, offset: 0, length: record.length });
    // A checksum, a line of JSON about the record, then the findings as the JSON report prints them.
    const text = record.toString('utf8');
    expect(text).toMatch(/^[0-9a-f]{8} \{/);
    const [head, ...body] = text.slice(9).split('\n');
    expect(JSON.parse(head!)).toMatchObject({ v: 3, key, format: 'md', status: 'ok', file: 'old/place.md', severities: 'ee' });
    expect(body.join('\n')).toContain('"file": "old/place.md"');
    const back = cache.get(SHA);
    expect(readable(back)).toEqual(readable(scan('old/place.md')));
    expect(back!.findings.order).toBeUndefined();
    expect(cache.written).toBe(1);
    // Another scan finds it, before this one has closed anything (an interrupted scan keeps what it wrote).
    expect(readable(new ScanCache(dir, SALT).get(SHA))).toEqual(readable(scan('old/place.md')));
    // More results go to the same pack, one after the other.
    await cache.set('b'.repeat(64), scan('b.md'));
    expect(cache.locate('b'.repeat(64))).toEqual({ pack: at.pack, offset: record.length, length: expect.any(Number) });
    cache.close();
    expect(entries()).toHaveLength(2);
    expect(readable(new ScanCache(dir, SALT).get('b'.repeat(64)))).toEqual(readable(scan('b.md')));
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

  it('treats a damaged or foreign record as a miss, and the record written again wins', async () => {
    const cache = new ScanCache(dir, SALT);
    await cache.set(SHA, scan('a.md'));
    cache.close();
    const at = cache.locate(SHA)!;
    const key = cache.key(SHA);
    const good = readFileSync(join(dir, `${at.pack}.pack`));
    const newline = good.indexOf(10);
    const header = JSON.parse(good.subarray(9, newline).toString('utf8')) as Record<string, unknown>;
    const body = good.subarray(newline + 1);
    /** The record with header fields changed, and a checksum that matches (as if written so), or the old one. */
    const withHeader = (changes: Record<string, unknown>, checksum = true): Buffer => {
      const rest = Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, ...changes })}\n`), body]);
      const crc = checksum ? crc32(rest).toString(16).padStart(8, '0') : good.subarray(0, 8).toString();
      return Buffer.concat([Buffer.from(`${crc} `), rest]);
    };
    const flipped = Buffer.from(good);
    flipped[newline + 40] = flipped[newline + 40]! ^ 0x20; // one letter of the findings changes case
    /** A pack holding `bytes` and an index line for them, newer than every other index. */
    let planted = 0;
    const plant = (bytes: Buffer | string, line = `${key} 0 ${Buffer.byteLength(bytes)}\n`): void => {
      const name = `planted${planted++}-1-00000000`;
      writeFileSync(join(dir, `${name}.pack`), bytes);
      writeFileSync(join(dir, `${name}.index`), line);
      const time = new Date(Date.now() + planted * 1000);
      utimesSync(join(dir, `${name}.index`), time, time);
    };
    const damaged: [string, Buffer | string, string?][] = [
      ['empty', ''],
      ['half a header', good.subarray(0, 20)],
      ['header only', good.subarray(0, newline + 1)],
      ['cut short', good.subarray(0, good.length - 7), `${key} 0 ${good.length}\n`],
      ['a byte of the findings changed', flipped],
      ['a header changed', withHeader({ severities: 'e' }, false)],
      ['no checksum', good.subarray(9)],
      ['JSON, not a record', '{"v":3,"key":"tru'],
      ['another key', withHeader({ key: 'someone-else' })],
      ['another format', withHeader({ v: 2 })],
      ['a bad status', withHeader({ status: 'maybe' })],
      ['unknown severities', withHeader({ severities: 'ex' })],
      ['an order that is no permutation', withHeader({ order: [0, 0] })],
      ['no file', withHeader({ file: undefined })],
      ['an index pointing past the record', good, `${key} 5 ${good.length}\n`],
    ];
    // The helper makes records that are read: what follows is refused for what was changed.
    plant(withHeader({}));
    expect(readable(new ScanCache(dir, SALT).get(SHA))).toEqual(readable(scan('a.md')));
    for (const [what, bytes, line] of damaged) {
      plant(bytes, line);
      expect(new ScanCache(dir, SALT).get(SHA), what).toBeUndefined();
    }
    // Lines that are not index lines are skipped: the last good line for the key counts.
    plant(good, `garbage\n${key} 0 ${good.length}\n${key.slice(0, 10)}`);
    expect(readable(new ScanCache(dir, SALT).get(SHA))).toEqual(readable(scan('a.md')));
    plant(flipped);
    // The scan that missed writes the record again; that one is read from then on.
    const again = new ScanCache(dir, SALT);
    expect(again.get(SHA)).toBeUndefined();
    await again.set(SHA, scan('a.md'));
    expect(readable(again.get(SHA))).toEqual(readable(scan('a.md')));
    again.close();
    const newest = new Date(Date.now() + 3600 * 1000);
    utimesSync(join(dir, `${again.locate(SHA)!.pack}.index`), newest, newest);
    expect(readable(new ScanCache(dir, SALT).get(SHA))).toEqual(readable(scan('a.md')));
  });

  it('survives writers racing for the same entries, and readers meanwhile', async () => {
    const writers = [new ScanCache(dir, SALT), new ScanCache(dir, SALT)];
    const shas = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(64, '0'));
    const reads: (CachedScan | undefined)[] = [];
    await Promise.all(
      shas.flatMap((sha, i) => [
        ...writers.map((w) => w.set(sha, scan(`f${i}.md`))),
        Promise.resolve().then(() => reads.push(new ScanCache(dir, SALT).get(sha))),
      ]),
    );
    // A reader sees a whole record or none; afterwards every record is whole; each writer has its own pack.
    for (const r of reads) if (r) expect(unpackFindings(r.findings)).toHaveLength(2);
    for (const [i, sha] of shas.entries()) expect(readable(new ScanCache(dir, SALT).get(sha))).toEqual(readable(scan(`f${i}.md`)));
    expect(entries().filter((e) => e.endsWith('.pack'))).toHaveLength(2);
    expect(entries().filter((e) => !e.endsWith('.pack') && !e.endsWith('.index'))).toEqual([]);
  });

  it('makes its folder again when it is removed during a scan', async () => {
    const cache = new ScanCache(dir, SALT);
    await cache.set(SHA, scan('a.md'));
    rmSync(dir, { recursive: true, force: true });
    await cache.set(SHA, scan('a.md'));
    expect(cache.get(SHA)).toBeDefined();
    expect(new ScanCache(dir, SALT).get(SHA)).toBeDefined();
  });

  it('starts a new pack every few thousand records, so that pruning removes a small part of a large cache', async () => {
    const cache = new ScanCache(dir, SALT);
    const one = scan('a.md');
    for (let i = 0; i < 4100; i++) await cache.set(i.toString(16).padStart(64, '0'), one);
    cache.close();
    expect(entries().filter((e) => e.endsWith('.pack'))).toHaveLength(2);
    expect(new ScanCache(dir, SALT).get((4099).toString(16).padStart(64, '0'))).toBeDefined();
  });

  it('records when a pack was last used, at most once an hour', async () => {
    const cache = new ScanCache(dir, SALT);
    await cache.set(SHA, scan('a.md'));
    cache.close();
    const index = join(dir, `${cache.locate(SHA)!.pack}.index`);
    const recent = new Date(Date.now() - 10 * 60 * 1000);
    utimesSync(index, recent, recent);
    new ScanCache(dir, SALT).get(SHA);
    expect(Math.abs(statSync(index).mtimeMs - recent.getTime())).toBeLessThan(1);
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(index, old, old);
    new ScanCache(dir, SALT).get(SHA);
    expect(statSync(index).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
  });

  it('prunes the least recently used packs beyond its limits', async () => {
    const limits = { maxBytes: 1e9, maxEntries: 10 };
    const shas = Array.from({ length: 12 }, (_, i) => i.toString(16).padStart(64, '0'));
    for (const [i, sha] of shas.entries()) {
      const one = new ScanCache(dir, SALT, limits);
      await one.set(sha, scan(`f${i}.md`));
      one.close();
      const old = new Date(Date.UTC(2025, 0, 1, 0, i));
      utimesSync(join(dir, `${one.locate(sha)!.pack}.index`), old, old);
    }
    const cache = new ScanCache(dir, SALT, limits);
    cache.get(shas[0]!); // used now: the newest
    expect(await cache.prune()).toEqual({ entries: 9, bytes: expect.any(Number), removed: 3 });
    const after = new ScanCache(dir, SALT);
    expect(after.get(shas[0]!)).toBeDefined();
    for (const sha of shas.slice(1, 4)) expect(after.get(sha)).toBeUndefined();
    for (const sha of shas.slice(4)) expect(after.get(sha)).toBeDefined();
    expect(entries()).toHaveLength(18);
  });

  it('prunes by size too, and leaves a cache within its limits alone', async () => {
    const limits = { maxBytes: 5000, maxEntries: 1000 };
    for (let i = 0; i < 10; i++) {
      const one = new ScanCache(dir, SALT, limits);
      await one.set(i.toString(16).padStart(64, '0'), scan(`f${i}.md`));
      one.close();
    }
    const cache = new ScanCache(dir, SALT, limits);
    const result = await cache.prune();
    expect(result.bytes).toBeLessThanOrEqual(4500);
    expect(result.bytes).toBeGreaterThan(0);
    expect(result.removed).toBeGreaterThan(0);
    expect(await cache.prune()).toMatchObject({ removed: 0 });
  });

  it('merges small packs when there are many, keeping every record and the latest last use', async () => {
    const shas = Array.from({ length: 70 }, (_, i) => i.toString(16).padStart(64, '0'));
    for (const [i, sha] of shas.entries()) {
      const one = new ScanCache(dir, SALT);
      await one.set(sha, scan(`f${i}.md`));
      one.close();
      const time = new Date(Date.UTC(2025, 0, 1, 0, i));
      utimesSync(join(dir, `${one.locate(sha)!.pack}.index`), time, time);
    }
    expect(entries()).toHaveLength(140);
    await new ScanCache(dir, SALT).prune();
    const packs = entries().filter((e) => e.endsWith('.pack'));
    expect(packs.length).toBe(17);
    // (Before reading: a read records the use.)
    const latest = Math.max(...entries().filter((e) => e.endsWith('.index')).map((e) => statSync(join(dir, e)).mtimeMs));
    expect(latest).toBe(Date.UTC(2025, 0, 1, 0, 69));
    const after = new ScanCache(dir, SALT);
    for (const [i, sha] of shas.entries()) expect(readable(after.get(sha)), sha).toEqual(readable(scan(`f${i}.md`)));
    expect(entries().filter((e) => !e.endsWith('.pack') && !e.endsWith('.index'))).toEqual([]);
  });

  it('removes the older formats and what an interrupted scan left, once it is an hour old, and nothing else', async () => {
    const cache = new ScanCache(dir, SALT);
    // The older formats: entries in folders named by two hex digits.
    mkdirSync(join(dir, 'ab'));
    for (const name of ['1'.repeat(62) + '.json', '2'.repeat(62) + '.scan', '3'.repeat(62) + '.scan.123.abcd.tmp']) writeFileSync(join(dir, 'ab', name), '{}');
    // Someone's own files, in a cache folder that is also theirs: kept.
    mkdirSync(join(dir, 'cd'));
    writeFileSync(join(dir, 'cd', 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'cd', '4'.repeat(62) + '.scan'), '{}');
    writeFileSync(join(dir, 'report.index'), 'mine');
    writeFileSync(join(dir, 'draft.pack'), 'mine');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const name of ['report.index', 'draft.pack']) utimesSync(join(dir, name), old, old);
    // What scans stopped at their start left: a pack without its index, an index without its pack.
    for (const name of ['lostold-1-00000000.pack', 'lostold2-1-00000000.index', 'lostnew-1-00000000.pack']) writeFileSync(join(dir, name), '');
    for (const name of ['lostold-1-00000000.pack', 'lostold2-1-00000000.index']) utimesSync(join(dir, name), old, old);
    for (let i = 0; i < 3; i++) await cache.set(i.toString(16).padStart(64, '0'), scan(`f${i}.md`));
    expect(await cache.prune()).toMatchObject({ entries: 3, removed: 0 });
    const at = cache.locate('0'.repeat(64))!;
    expect(entries()).toEqual([`${at.pack}.index`, `${at.pack}.pack`, join('cd', 'notes.txt'), 'draft.pack', 'lostnew-1-00000000.pack', 'report.index'].sort());
    expect(existsSync(join(dir, 'ab'))).toBe(false);
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
