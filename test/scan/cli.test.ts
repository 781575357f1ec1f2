/**
 * `qmsr scan` end to end through the real command line: real .docx, .pdf, .md
 * and .txt files in, the contract's JSON and exit codes out.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/scanner/types.js';
import { runCli } from '../support/run-cli.js';
import { tempDir, writeSops } from './fixtures.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
let root: string;

beforeAll(async () => {
  root = tempDir();
  await writeSops(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Run `qmsr scan` without a cache (tests must not write .qmsr-cache into the
 * repository), in this process (`--jobs 1`) unless the test asks for workers.
 */
const scan = (...args: string[]) => runCli(['scan', ...args, '--no-cache', ...(args.includes('--jobs') ? [] : ['--jobs', '1'])]);

/** What identifies a finding for a reader of the report. */
const brief = (r: ScanResult) => r.findings.map((f) => [f.file, f.ruleId, f.kind, f.match, f.citation ?? f.term, f.location]);

const EXPECTED = [
  ['SOPs/SOP-001 Design.docx', 'outdated-citation', 'citation', '21 CFR 820.30(g)', '820.30(g)', { part: 'word/document.xml', paragraph: 2 }],
  ['SOPs/SOP-014 CAPA.pdf', 'outdated-citation', 'citation', '21 CFR 820.100', '820.100', { page: 2, line: 1, column: 39 }],
  ['SOPs/SOP-030 Complaints.txt', 'outdated-citation', 'citation', '21 CFR 820.198(a)', '820.198(a)', { line: 2, column: 32 }],
  ['SOPs/SOP-030 Complaints.txt', 'obsolete-term', 'term', 'Device History Record', 'Device History Record', { line: 3, column: 5 }],
  ['SOPs/WI-07 Receiving.md', 'outdated-citation', 'citation', '§ 820.80(b)', '820.80(b)', { line: 5, column: 24 }],
];

describe('qmsr scan', () => {
  it('finds the old citations in a docx, a pdf, a md and a txt, in the JSON of the contract, and exits 1', async () => {
    const run = await scan(root, '--format', 'json', '--jobs', '2');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as ScanResult;
    expect(result).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'qmsr', version },
      kb: { version: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      summary: { files: 5, scanned: 5, failed: 0, findings: 5 },
    });
    expect(new Date(result.generatedAt).toISOString()).toBe(result.generatedAt);
    expect(result.files.map((f) => [f.path, f.format, f.status, f.findings])).toEqual([
      ['SOPs/SOP-001 Design.docx', 'docx', 'ok', 1],
      ['SOPs/SOP-014 CAPA.pdf', 'pdf', 'ok', 1],
      ['SOPs/SOP-030 Complaints.txt', 'txt', 'ok', 2],
      ['SOPs/WI-07 Receiving.md', 'md', 'ok', 1],
      ['SOPs/clean.md', 'md', 'ok', 0],
    ]);
    expect(result.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256 ?? ''))).toBe(true);
    expect(brief(result)).toEqual(EXPECTED);
    for (const f of result.findings) {
      expect(f).toMatchObject({ severity: expect.stringMatching(/^(error|warning|info)$/), message: expect.any(String), replacements: expect.any(Array) });
    }
    expect(result.findings[0]!.replacements[0]!.text).toContain('ISO 13485:2016');
  });

  it('reports paths relative to the folder given, and a single file by its name', async () => {
    const folder = JSON.parse((await scan(join(root, 'SOPs'), '--format', 'json')).stdout) as ScanResult;
    expect(folder.files.map((f) => f.path)).toEqual(['SOP-001 Design.docx', 'SOP-014 CAPA.pdf', 'SOP-030 Complaints.txt', 'WI-07 Receiving.md', 'clean.md']);
    const one = JSON.parse((await scan(join(root, 'SOPs', 'SOP-014 CAPA.pdf'), '--format', 'json')).stdout) as ScanResult;
    expect(brief(one)).toEqual([['SOP-014 CAPA.pdf', 'outdated-citation', 'citation', '21 CFR 820.100', '820.100', { page: 2, line: 1, column: 39 }]]);
  });

  it('exits 0 with nothing to report', async () => {
    const run = await scan(join(root, 'SOPs', 'clean.md'), '--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ summary: { files: 1, scanned: 1, failed: 0, findings: 0 }, findings: [] });
  });

  it('prints the text report on stdout and a one-line summary on stderr', async () => {
    const run = await scan(root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('SOPs/SOP-001 Design.docx');
    expect(run.stdout).toContain('21 CFR 820.30(g)');
    expect(run.stderr).toMatch(/^qmsr: 5 files scanned, 5 findings in 4 files \(\d+\.\d s\)\n$/);
    expect((await scan(root, '--quiet')).stderr).toBe('');
  });

  it('writes the report to --output and nothing to stdout', async () => {
    const out = join(root, 'out', 'report.json');
    const run = await scan(root, '--format', 'json', '--output', out);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(brief(JSON.parse(readFileSync(out, 'utf8')) as ScanResult)).toEqual(EXPECTED);
    rmSync(join(root, 'out'), { recursive: true });
  });

  it('reports only findings at or above --severity, and counts only those', async () => {
    const run = await scan(root, '--format', 'json', '--severity', 'error');
    const result = JSON.parse(run.stdout) as ScanResult;
    expect(result.findings.map((f) => f.ruleId)).toEqual(Array(4).fill('outdated-citation'));
    expect(result.summary.findings).toBe(4);
    expect(result.files.find((f) => f.path.endsWith('Complaints.txt'))!.findings).toBe(1);
  });

  it('writes replacements in the --style asked for', async () => {
    const result = JSON.parse((await scan(root, '--format', 'json', '--style', 'formerly')).stdout) as ScanResult;
    expect(result.findings[0]!.replacements[0]!.text).toMatch(/\(formerly 21 CFR 820\.30\(g\)\)$/);
  });

  it('gives SARIF, CSV and HTML on stdout', async () => {
    const sarif = await scan(root, '--format', 'sarif');
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: { results: unknown[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results).toHaveLength(5);
    const csv = await scan(root, '--format', 'csv');
    expect(csv.stdout.split(/\r?\n/).filter(Boolean)).toHaveLength(6);
    expect((await scan(root, '--format', 'html')).stdout).toMatch(/^<!doctype html>/i);
  });

  it('exits 2 on usage errors, with the reason on stderr and nothing on stdout', async () => {
    const cases: [string[], RegExp][] = [
      [['scan', root, '--format', 'xml'], /unknown format "xml"/],
      [['scan'], /missing required argument/],
      [['scan', root, '--jobs', '0'], /--jobs takes a whole number/],
      [['scan', root, '--severity', 'loud'], /unknown severity "loud"/],
      [['scan', root, '--style', 'fancy'], /unknown style "fancy"/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
  });

  it('exits 2 on a bad configuration file, naming the file and the key', async () => {
    const config = join(root, 'bad.json');
    writeFileSync(config, JSON.stringify({ rules: { 'outdated-citations': 'off' }, exlude: [] }));
    const run = await scan(root, '--config', config, '--format', 'json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${config}: unknown key "exlude"`);
    rmSync(config);
  });

  it('runs as a real process: stdout is the JSON report alone and the exit code is 1', () => {
    const child = spawnSync(process.execPath, [join(repo, 'bin', 'qmsr.js'), 'scan', 'SOPs', '--format', 'json', '--no-cache', '--jobs', '2'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.status, child.stderr).toBe(1);
    expect(child.stdout.startsWith('{')).toBe(true);
    const result = JSON.parse(child.stdout) as ScanResult;
    expect(brief(result)).toEqual(EXPECTED.map(([file, ...rest]) => [(file as string).replace(/^SOPs\//, ''), ...rest]));
    expect(child.stderr).not.toContain('"findings"');
  });
});
