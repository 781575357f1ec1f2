/**
 * The configuration file through the command line: which files, which rules
 * at which severity, accepted citations and custom terms.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/scanner/types.js';
import { runCli } from '../support/run-cli.js';
import { tempDir, writeSops } from './fixtures.js';

let root: string;

beforeAll(async () => {
  root = tempDir();
  await writeSops(root);
  writeFileSync(join(root, 'SOPs', 'WI-09 Binder.md'), '# WI-09\n\nKeep the Quality Plan Binder in the QA office.\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Scan with a configuration file (JSON or YAML by the name's ending). */
async function scanWith(config: unknown, name = 'qmsr.config.json', ...args: string[]): Promise<{ code: number; stderr: string; result?: ScanResult }> {
  const file = join(root, name);
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  const run = await runCli(['scan', root, '--config', file, '--format', 'json', '--no-cache', '--jobs', '1', ...args]);
  rmSync(file);
  return { code: run.code, stderr: run.stderr, ...(run.stdout ? { result: JSON.parse(run.stdout) as ScanResult } : {}) };
}

const summary = (r: ScanResult | undefined) => r!.findings.map((f) => `${f.file}:${f.ruleId}:${f.severity}:${f.citation ?? f.term}`);

describe('scan configuration', () => {
  it('scans only what include keeps and exclude leaves', async () => {
    const { result } = await scanWith({ include: ['SOPs/*.md'], exclude: ['**/clean.md'] });
    expect(result!.files.map((f) => f.path)).toEqual(['SOPs/WI-07 Receiving.md', 'SOPs/WI-09 Binder.md']);
  });

  it('turns a rule off and changes a severity', async () => {
    const { result } = await scanWith({ rules: { 'obsolete-term': 'off', 'outdated-citation': 'warning' } });
    expect(summary(result)).toEqual([
      'SOPs/SOP-001 Design.docx:outdated-citation:warning:820.30(g)',
      'SOPs/SOP-014 CAPA.pdf:outdated-citation:warning:820.100',
      'SOPs/SOP-030 Complaints.txt:outdated-citation:warning:820.198(a)',
      'SOPs/WI-07 Receiving.md:outdated-citation:warning:820.80(b)',
    ]);
  });

  it('leaves accepted citations alone, however they are written in the file', async () => {
    const { result } = await scanWith('acceptedCitations:\n  - 21 CFR 820.30(g)\n  - § 820.100\n', 'qmsr.config.yaml');
    expect(result!.findings.map((f) => f.citation ?? f.term)).toEqual(['820.198(a)', 'Device History Record', '820.80(b)']);
  });

  it('reports a custom term with its replacement', async () => {
    const { result } = await scanWith({ customTerms: [{ term: 'Quality Plan Binder', replacement: 'quality plan', severity: 'info' }] });
    const custom = result!.findings.filter((f) => f.file === 'SOPs/WI-09 Binder.md');
    expect(custom).toHaveLength(1);
    expect(custom[0]).toMatchObject({ ruleId: 'obsolete-term', kind: 'term', severity: 'info', match: 'Quality Plan Binder', location: { line: 3, column: 10 } });
    expect(custom[0]!.replacements[0]!.text).toBe('Quality Plan'); // in the case of the text it replaces
  });

  it('uses the replacement style of the file unless --style says otherwise', async () => {
    const { result } = await scanWith({ replacementStyle: 'iso' });
    expect(result!.findings[0]!.replacements[0]!.text).toMatch(/^ISO 13485:2016 clauses? [\d.]+( and [\d.]+)?$/);
    const overridden = await scanWith({ replacementStyle: 'iso' }, 'qmsr.config.json', '--style', 'qmsr-iso');
    expect(overridden.result!.findings[0]!.replacements[0]!.text).toMatch(/^21 CFR 820\.10\(c\) and ISO 13485:2016/);
  });

  it('finds qmsr.config.yaml in the current folder without --config', async () => {
    const cwd = process.cwd();
    const here = tempDir('qmsr-cwd-');
    writeFileSync(join(here, 'qmsr.config.yaml'), 'rules:\n  outdated-citation: off\n');
    process.chdir(here);
    try {
      const run = await runCli(['scan', root, '--format', 'json', '--no-cache', '--jobs', '1']);
      expect((JSON.parse(run.stdout) as ScanResult).findings.map((f) => f.ruleId)).toEqual(['obsolete-term']);
    } finally {
      process.chdir(cwd);
      rmSync(here, { recursive: true, force: true });
    }
  });

  it('exits 2 on a bad file, naming the file and the key', async () => {
    const cases: [unknown, RegExp][] = [
      [{ rules: { 'outdated-citation': 'loud' } }, /qmsr\.config\.json: rules\.outdated-citation: /],
      [{ rules: { 'no-such-rule': 'off' } }, /qmsr\.config\.json: rules\.no-such-rule: unknown rule id "no-such-rule"/],
      [{ customTerms: [{ term: 'Quality Plan Binder' }] }, /qmsr\.config\.json: customTerms\[0\]\.replacement: /],
      [{ acceptedCitations: ['chapter 4'] }, /qmsr\.config\.json: acceptedCitations\[0\]: "chapter 4" is not a citation/],
      [{ includes: ['SOPs/**'] }, /qmsr\.config\.json: unknown key "includes"/],
    ];
    for (const [config, message] of cases) {
      const run = await scanWith(config);
      expect(run.code, JSON.stringify(config)).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.result).toBeUndefined();
    }
  });
});
