/**
 * Corrected copies of Markdown, plain-text and HTML files with CRLF line ends
 * and a UTF-8 byte-order mark: exact replacements, untouched bytes elsewhere,
 * a diff that `patch` applies, and a second run with nothing left to fix.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixPaths, type FixResult } from '../../src/fixer/fix-files.js';
import type { ChangeRecord } from '../../src/fixer/types.js';

const BOM = '\ufeff';

const FILES: Record<string, string> = {
  'sop/design.md': [
    `${BOM}# Design control`,
    '',
    'Design outputs are validated per 21 CFR 820.30(g) before release.',
    '',
    'The Device History Record and the DHR are kept by QA.',
    '',
    '- CAPA is opened per **21 CFR 820.100**.',
    '',
    'Escaped in the source: 21 CFR 820\\.30(g).',
    '',
    '<!-- qmsr-disable-next-line -->',
    'Quoted from the old rule: 21 CFR 820.30(g).',
    '',
  ].join('\r\n'),
  'sop/records.txt': [`${BOM}RECORDS`, '', 'Records are kept per 21 CFR 820.180.', 'Complaints: 21 CFR 820.198 applies.', '', 'Internal audit reports are not subject to FDA inspection.', ''].join('\r\n'),
  'sop/web.html': [
    `${BOM}<!DOCTYPE html>`,
    '<html><head><title>Suppliers</title></head><body>',
    '<p>Purchasing controls follow 21 CFR 820.50 &amp; the supplier list.</p>',
    '<p>Non-breaking: 21&nbsp;CFR 820.184 records.</p>',
    '<p>Split: 21 CFR <b>820.90</b> nonconforming product.</p>',
    '</body></html>',
    '',
  ].join('\r\n'),
};

let dir: string;
let first: FixResult;
let second: FixResult;

const changesOf = (r: FixResult, file: string): ChangeRecord[] => r.changes.filter((c) => c.file === file);
const out = (name: string): Buffer => readFileSync(join(dir, 'out', ...name.split('/')));

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qmsr-fix-text-'));
  for (const [name, content] of Object.entries(FILES)) {
    mkdirSync(join(dir, 'in', 'sop'), { recursive: true });
    writeFileSync(join(dir, 'in', name), content, 'utf8');
  }
  first = await fixPaths([join(dir, 'in')], { out: join(dir, 'out'), date: '2026-02-02' });
  second = await fixPaths([join(dir, 'out')], { out: join(dir, 'out2'), date: '2026-02-02' });
});

describe('qmsr fix: text formats', () => {
  it('replaces exactly the matched text and keeps BOM, CRLF and every other byte', () => {
    const md = out('sop/design.md').toString('utf8');
    const replaced = changesOf(first, 'sop/design.md').filter((c) => c.action === 'replaced');
    expect(replaced.map((c) => c.old).sort()).toEqual(['21 CFR 820.100', '21 CFR 820.30(g)', 'DHR', 'Device History Record']);
    // Rebuild the expected file from the original by plain string replacement.
    let expected = FILES['sop/design.md']!;
    for (const c of replaced) expected = expected.replace(c.old === '21 CFR 820.30(g)' ? 'per 21 CFR 820.30(g)' : c.old, c.old === '21 CFR 820.30(g)' ? `per ${c.new!}` : c.new!);
    expect(md).toBe(expected);
    expect(md.startsWith(BOM)).toBe(true);
    expect(md.split('\r\n').join('')).not.toMatch(/[\r\n]/);
  });

  it('skips what the file writes with escapes, entities or markup, and says why', () => {
    const escaped = changesOf(first, 'sop/design.md').find((c) => c.location.line === 9)!;
    expect(escaped).toMatchObject({ action: 'skipped', old: '21 CFR 820.30(g)' });
    expect(escaped.reason).toMatch(/markup, escapes or character references/);
    const html = changesOf(first, 'sop/web.html');
    expect(html.find((c) => c.old === '21 CFR 820.50')?.action).toBe('replaced');
    expect(html.find((c) => c.old.endsWith('820.184'))?.action).toBe('skipped');
    expect(html.find((c) => c.old === '21 CFR 820.90')?.action).toBe('skipped');
    const text = out('sop/web.html').toString('utf8');
    expect(text).toContain('21&nbsp;CFR 820.184');
    expect(text).toContain('21 CFR <b>820.90</b>');
    expect(text).toContain('&amp; the supplier list');
  });

  it('honours qmsr-disable comments and lists findings without a safe replacement as suggestions', () => {
    expect(changesOf(first, 'sop/design.md').some((c) => c.location.line === 12)).toBe(false);
    expect(out('sop/design.md').toString('utf8')).toContain('Quoted from the old rule: 21 CFR 820.30(g).');
    const statement = changesOf(first, 'sop/records.txt').find((c) => c.ruleId === 'stale-statement')!;
    expect(statement.action).toBe('suggestion');
    expect(statement.reason).toMatch(/rewrite the passage by hand/);
  });

  it('writes a unified diff that patch applies, giving the corrected copy', (ctx) => {
    if (spawnSync('patch', ['--version']).status !== 0) ctx.skip(true, 'GNU patch is not installed');
    for (const name of Object.keys(FILES)) {
      const diff = out(`${name}.diff`).toString('utf8');
      expect(diff.startsWith(`--- a/${name}\n+++ b/${name}\n@@ `)).toBe(true);
      const work = join(dir, 'patched', name.replace(/\W/g, '_'));
      mkdirSync(work, { recursive: true });
      mkdirSync(join(work, 'sop'));
      copyFileSync(join(dir, 'in', name), join(work, name));
      const dry = spawnSync('patch', ['-p1', '--dry-run', '-i', join(dir, 'out', `${name}.diff`)], { cwd: work, encoding: 'utf8' });
      expect(dry.status, dry.stdout + dry.stderr).toBe(0);
      const real = spawnSync('patch', ['-p1', '--no-backup-if-mismatch', '-i', join(dir, 'out', `${name}.diff`)], { cwd: work, encoding: 'utf8' });
      expect(real.status, real.stdout + real.stderr).toBe(0);
      expect(readFileSync(join(work, name)).equals(out(name)), name).toBe(true);
    }
  });

  it('is accepted by git apply --check as well', (ctx) => {
    if (spawnSync('git', ['--version']).status !== 0) ctx.skip(true, 'git is not installed');
    for (const name of Object.keys(FILES)) {
      const r = spawnSync('git', ['apply', '--check', '-p1', join(dir, 'out', `${name}.diff`)], { cwd: join(dir, 'in'), encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it('changes nothing more when run again on the corrected copies', () => {
    expect(second.changes.filter((c) => c.action === 'replaced')).toEqual([]);
    // What remains is what the first run left for a person (a replacement can also end a statement finding on the same words).
    const key = (c: ChangeRecord): string => `${c.file}|${c.old}|${c.action}`;
    const left = new Set(first.changes.filter((c) => c.action !== 'replaced').map(key));
    expect(second.changes.length).toBeGreaterThanOrEqual(5);
    for (const c of second.changes) expect(left.has(key(c)), key(c)).toBe(true);
    expect(second.files.every((f) => f.outputs.every((o) => !o.endsWith('.diff')))).toBe(true);
  });

  it('never changes the originals', () => {
    for (const [name, content] of Object.entries(FILES)) expect(readFileSync(join(dir, 'in', name), 'utf8')).toBe(content);
  });
});

describe('qmsr fix: text encodings', () => {
  let work: string;
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('writes a Windows-1252 file back in Windows-1252, with a diff patch can apply', async (ctx) => {
    work = mkdtempSync(join(tmpdir(), 'qmsr-fix-enc-'));
    mkdirSync(join(work, 'in'));
    // "Café QA follows § 820.30(g)." in Windows-1252: é = E9, § = A7.
    const original = Buffer.from([...Buffer.from('Caf'), 0xe9, ...Buffer.from(' QA follows '), 0xa7, ...Buffer.from(' 820.30(g) and the DHR.\r\n')]);
    writeFileSync(join(work, 'in', 'legacy.txt'), original);
    const r = await fixPaths([join(work, 'in')], { out: join(work, 'out') });
    const replaced = r.changes.filter((c) => c.action === 'replaced');
    expect(replaced.map((c) => c.old).sort()).toEqual(['DHR', '§ 820.30(g)']);
    const copy = readFileSync(join(work, 'out', 'legacy.txt'));
    const expected = `Caf\u00e9 QA follows ${replaced.find((c) => c.old.startsWith('§'))!.new} and the production record.\r\n`;
    expect(copy.equals(Buffer.from(expected, 'latin1'))).toBe(true);
    if (spawnSync('patch', ['--version']).status !== 0) ctx.skip(true, 'GNU patch is not installed');
    const dry = spawnSync('patch', ['-p1', '--dry-run', '-i', join(work, 'out', 'legacy.txt.diff')], { cwd: join(work, 'in'), encoding: 'utf8' });
    expect(dry.status, dry.stdout + dry.stderr).toBe(0);
  });

  it('writes a UTF-16 file back as UTF-16 with its byte-order mark, and says its diff is for reading only', async () => {
    const dir16 = join(work, 'in16');
    mkdirSync(dir16);
    writeFileSync(join(dir16, 'wide.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Per 21 CFR 820.30(g).\r\n', 'utf16le')]));
    const r = await fixPaths([dir16], { out: join(work, 'out16') });
    const change = r.changes.find((c) => c.action === 'replaced')!;
    const copy = readFileSync(join(work, 'out16', 'wide.txt'));
    expect(copy.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(copy.subarray(2).toString('utf16le')).toBe(`Per ${change.new}.\r\n`);
    expect(r.files[0]!.notes.join(' ')).toMatch(/utf-16le.*cannot be applied with patch/);
  });
});
