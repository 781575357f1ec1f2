import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/scanner/config.js';
import { loadScanConfig, resolveConfig } from '../../src/scanner/config-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qmsr-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(data: unknown): string {
  const result = resolveConfig(data, 'qmsr.config.json');
  if (result.ok) throw new Error('expected the configuration to be rejected');
  return result.error;
}

describe('loadScanConfig', () => {
  it('gives the defaults when there is no file', () => {
    expect(loadScanConfig({ cwd: dir })).toEqual({ ok: true, config: defaultConfig });
  });

  it('finds the first known file name in the folder, JSON before YAML', () => {
    writeFileSync(join(dir, '.qmsrrc.yaml'), 'replacementStyle: iso\n');
    writeFileSync(join(dir, 'qmsr.config.yaml'), 'replacementStyle: formerly\n');
    const loaded = loadScanConfig({ cwd: dir });
    expect(loaded).toMatchObject({ ok: true, file: join(dir, 'qmsr.config.yaml'), config: { replacementStyle: 'formerly' } });
    writeFileSync(join(dir, 'qmsr.config.json'), '{ "replacementStyle": "qmsr-iso" }');
    expect(loadScanConfig({ cwd: dir })).toMatchObject({ ok: true, config: { replacementStyle: 'qmsr-iso' } });
  });

  it('reads every key and merges excludes with the built-in ones', () => {
    writeFileSync(
      join(dir, 'team.yaml'),
      [
        'include: ["SOPs/**"]',
        'exclude: ["**/Archive/**"]',
        'rules: { stale-statement: off, obsolete-term: error }',
        'acceptedCitations: ["21 CFR 820.30(g)", "§ 820.1(a)", "820.30(g)"]',
        'customTerms:',
        '  - term: Quality System Manual',
        '    replacement: Quality Manual',
        '    abbreviations: [QSM]',
        'replacementStyle: iso',
        'bareCitations: never',
      ].join('\n'),
    );
    const loaded = loadScanConfig({ cwd: dir, file: 'team.yaml' });
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.config).toMatchObject({
      include: ['SOPs/**'],
      exclude: [...defaultConfig.exclude, '**/Archive/**'],
      rules: { 'stale-statement': 'off', 'obsolete-term': 'error' },
      acceptedCitations: ['820.30(g)', '820.1(a)'],
      replacementStyle: 'iso',
      bareCitations: 'never',
    });
    expect(loaded.config.customTerms).toEqual([
      expect.objectContaining({
        id: 'term.custom-quality-system-manual',
        term: 'Quality System Manual',
        replacement: 'Quality Manual',
        abbreviations: ['QSM'],
        variants: [],
        severity: 'warning',
        autoReplace: true,
        sources: ['organisation'],
      }),
    ]);
  });

  it('names the file when it is missing or does not parse', () => {
    expect(loadScanConfig({ cwd: dir, file: 'nope.json' })).toEqual({ ok: false, error: 'nope.json: cannot read the configuration file (no such file)' });
    writeFileSync(join(dir, '.qmsrrc.json'), '{ "rules": ');
    expect(loadScanConfig({ cwd: dir })).toMatchObject({ ok: false, error: expect.stringMatching(/^\.qmsrrc\.json: not valid JSON/) });
    writeFileSync(join(dir, 'bad.yaml'), 'rules: [unclosed');
    expect(loadScanConfig({ cwd: dir, file: 'bad.yaml' })).toMatchObject({ ok: false, error: expect.stringMatching(/^bad\.yaml: not valid YAML/) });
  });
});

describe('resolveConfig errors name the key', () => {
  it('rejects unknown keys, at the top and inside a custom term', () => {
    expect(errorOf({ exlude: ['x'] })).toBe('unknown key "exlude"');
    expect(errorOf({ customTerms: [{ term: 'Old Thing', replacement: 'New Thing', colour: 'red' }] })).toBe('unknown key "customTerms[0].colour"');
  });

  it('rejects an unknown rule id and a bad severity', () => {
    expect(errorOf({ rules: { 'outdated-citations': 'off' } })).toMatch(/^rules\.outdated-citations: unknown rule id "outdated-citations" \(rules: .*outdated-citation/);
    expect(errorOf({ rules: { 'obsolete-term': 'loud' } })).toMatch(/^rules\.obsolete-term: /);
  });

  it('rejects a citation it cannot read, a custom term without a replacement, and a bad style', () => {
    expect(errorOf({ acceptedCitations: ['design controls'] })).toMatch(/^acceptedCitations\[0\]: "design controls" is not a citation/);
    expect(errorOf({ customTerms: [{ term: 'Old Thing' }] })).toMatch(/^customTerms\[0\]\.replacement: /);
    expect(errorOf({ replacementStyle: 'fancy' })).toMatch(/^replacementStyle: /);
    expect(errorOf(['a list'])).toMatch(/^\(top level\): /);
  });
});
