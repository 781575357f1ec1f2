/**
 * `qmsr fix` through the real command line: exit codes, refusing to overwrite,
 * --force, JSON output, the change log, suggestions for PDF and workbooks, a
 * damaged file in a batch, --style and --no-track-revisions.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_LOG_COLUMNS } from '../../src/fixer/change-log.js';
import { runCli } from '../support/run-cli.js';
import { buildDocx } from '../support/builders/docx-builder.js';
import { buildPdf } from '../support/builders/pdf-builder.js';
import { listFiles, parts, text } from './helpers/package.js';

let root: string;
let input: string;

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Matrix');
  ws.getCell('A1').value = 'Requirement';
  ws.getCell('B2').value = 'Design validation per 21 CFR 820.30(g)';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'qmsr-fix-cli-'));
  input = join(root, 'SOPs');
  mkdirSync(join(input, 'sub'), { recursive: true });
  writeFileSync(join(input, 'SOP-001.docx'), await buildDocx({ body: ['Design validation per 21 CFR 820.30(g).', 'Nothing else.'] }));
  writeFileSync(join(input, 'sub', 'notes.md'), '# Notes\n\nKeep the DHR.\n');
  writeFileSync(join(input, 'clean.txt'), 'This file cites ISO 13485:2016 clause 8.2.2 only.\n');
  writeFileSync(join(input, 'scan.pdf'), await buildPdf({ pages: [{ blocks: [{ text: 'Complaints are handled per 21 CFR 820.198.' }] }] }));
  writeFileSync(join(input, 'matrix.xlsx'), await workbook());
  writeFileSync(join(input, 'broken.docx'), 'this is not a zip file');
});

describe('qmsr fix (command line)', () => {
  it('needs --out and a known style (exit 2)', async () => {
    const noOut = await runCli(['fix', input]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out DIR is required/);
    const badStyle = await runCli(['fix', input, '--out', join(root, 'x'), '--style', 'fancy']);
    expect(badStyle.code).toBe(2);
    const badDate = await runCli(['fix', input, '--out', join(root, 'x'), '--date', 'yesterday']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--date takes an ISO 8601 date/);
    expect(existsSync(join(root, 'x'))).toBe(false);
  });

  it('fixes a folder, reports every file in JSON, and exits 1', async () => {
    const out = join(root, 'out');
    const run = await runCli(['fix', input, '--out', out, '--format', 'json', '--author', 'Dana QA', '--date', '2026-02-02T08:00:00Z']);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as {
      tool: { name: string };
      kb: { version: string };
      files: { path: string; status: string; outputs: string[]; error?: string }[];
      changes: { file: string; action: string; author: string; date: string; new?: string }[];
    };
    expect(json.tool.name).toBe('qmsr');
    expect(json.kb.version).toMatch(/^\d/);
    const byPath = Object.fromEntries(json.files.map((f) => [f.path, f]));
    expect(byPath['SOP-001.docx']).toMatchObject({ status: 'changed', outputs: ['SOP-001.docx'] });
    expect(byPath['sub/notes.md']).toMatchObject({ status: 'changed', outputs: ['sub/notes.md', 'sub/notes.md.diff'] });
    expect(byPath['clean.txt']).toMatchObject({ status: 'unchanged', outputs: [] });
    expect(byPath['scan.pdf']).toMatchObject({ status: 'changed', outputs: ['scan.pdf.suggestions.md'] });
    expect(byPath['matrix.xlsx']).toMatchObject({ status: 'changed', outputs: ['matrix.xlsx.suggestions.md'] });
    // One bad file does not stop the batch.
    expect(byPath['broken.docx']!.status).toBe('error');
    expect(byPath['broken.docx']!.error).toBeTruthy();
    expect(json.changes.every((c) => c.author === 'Dana QA' && c.date === '2026-02-02T08:00:00Z')).toBe(true);
    expect(listFiles(out)).toEqual(['SOP-001.docx', 'changes.csv', 'changes.json', 'matrix.xlsx.suggestions.md', 'scan.pdf.suggestions.md', 'sub/notes.md', 'sub/notes.md.diff']);

    const pdf = readFileSync(join(out, 'scan.pdf.suggestions.md'), 'utf8');
    expect(pdf).toContain('# Suggested changes: scan.pdf');
    expect(pdf).toMatch(/- Found: `21 CFR 820\.198`/);
    expect(pdf).toMatch(/- Suggested: `ISO 13485:2016/);
    expect(readFileSync(join(out, 'matrix.xlsx.suggestions.md'), 'utf8')).toMatch(/Matrix!B2/);
    expect(json.changes.filter((c) => c.file === 'scan.pdf').map((c) => c.action)).toEqual(['suggestion']);

    const csv = readFileSync(join(out, 'changes.csv'), 'utf8');
    expect(csv.startsWith(`\ufeff${CHANGE_LOG_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(json.changes.length + 1);
    expect(csv).toContain('tracked-change');
    const log = JSON.parse(readFileSync(join(out, 'changes.json'), 'utf8')) as { changes: unknown[]; author: string };
    expect(log.changes).toEqual(json.changes);
    expect(log.author).toBe('Dana QA');
  });

  it('refuses to overwrite existing outputs without --force and writes nothing (exit 2); --force overwrites', async () => {
    const out = join(root, 'out-force');
    expect((await runCli(['fix', input, '--out', out])).code).toBe(1);
    const listing = listFiles(out);
    writeFileSync(join(out, 'sub', 'notes.md'), 'edited by a person');
    const csvTime = statSync(join(out, 'changes.csv')).mtimeMs;

    const again = await runCli(['fix', input, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/output already exists: .*changes\.json/);
    expect(again.stderr).toMatch(/--force/);
    expect(readFileSync(join(out, 'sub', 'notes.md'), 'utf8')).toBe('edited by a person');
    expect(statSync(join(out, 'changes.csv')).mtimeMs).toBe(csvTime);
    expect(listFiles(out)).toEqual(listing);

    const forced = await runCli(['fix', input, '--out', out, '--force']);
    expect(forced.code).toBe(1);
    expect(readFileSync(join(out, 'sub', 'notes.md'), 'utf8')).toBe('# Notes\n\nKeep the production record.\n');
  });

  it('refuses when a single output exists in a new folder, naming it, and creates nothing else', async () => {
    const out = join(root, 'out-one');
    mkdirSync(out);
    writeFileSync(join(out, 'SOP-001.docx'), 'older copy');
    const run = await runCli(['fix', input, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SOP-001.docx');
    expect(listFiles(out)).toEqual(['SOP-001.docx']);
  });

  it('refuses an output folder that is the input folder', async () => {
    const run = await runCli(['fix', input, '--out', input]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is the folder being fixed/);
  });

  it('allows an output folder inside the input folder and never reads its own outputs back', async () => {
    const folder = join(root, 'nested');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.md'), 'Per 21 CFR 820.30(g).\n');
    const out = join(folder, 'fixed');
    const first = await runCli(['fix', folder, '--out', out, '--format', 'json']);
    expect(first.code).toBe(1);
    const second = await runCli(['fix', folder, '--out', out, '--format', 'json', '--force']);
    expect(second.code).toBe(1);
    const files = (JSON.parse(second.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    expect(files).toEqual(['a.md']);
    expect(listFiles(out)).toEqual(['a.md', 'a.md.diff', 'changes.csv', 'changes.json']);
  });

  it('exits 0 when there is nothing to change', async () => {
    const run = await runCli(['fix', join(input, 'clean.txt'), '--out', join(root, 'out-clean')]);
    expect(run.code).toBe(0);
    expect(listFiles(join(root, 'out-clean'))).toEqual(['changes.csv', 'changes.json']);
  });

  it('prints what was changed in text form', async () => {
    const run = await runCli(['fix', join(input, 'SOP-001.docx'), '--out', join(root, 'out-text')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^SOP-001\.docx → SOP-001\.docx$/m);
    expect(run.stdout).toMatch(/tracked change\s+¶1\s+"21 CFR 820\.30\(g\)" → "ISO 13485:2016/);
    expect(run.stdout).toMatch(/qmsr: 1 file, 1 tracked change, 0 comments only/);
  });

  it('applies --style and --no-track-revisions', async () => {
    const out = join(root, 'out-style');
    const run = await runCli(['fix', join(input, 'SOP-001.docx'), '--out', out, '--style', 'formerly', '--no-track-revisions', '--format', 'json']);
    expect(run.code).toBe(1);
    const change = (JSON.parse(run.stdout) as { changes: { new: string }[] }).changes[0]!;
    expect(change.new).toMatch(/^ISO 13485:2016 clauses? .*\(formerly 21 CFR 820\.30\(g\)\)$/);
    const before = await parts(readFileSync(join(input, 'SOP-001.docx')));
    const after = await parts(readFileSync(join(out, 'SOP-001.docx')));
    expect(text(after, 'word/settings.xml')).toBe(text(before, 'word/settings.xml'));
    expect(text(after, 'word/document.xml')).toContain(change.new);
  });
});
