import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { formatProblem } from '../../src/kb/problems.js';
import { defaultKbDir } from '../../src/kb/sources.js';
import { loadKnowledgeBase } from '../../src/kb/parse.js';

const OLD_SECTIONS = [
  '820.1', '820.3', '820.5', '820.20', '820.22', '820.25', '820.30', '820.40', '820.50', '820.60', '820.65', '820.70',
  '820.72', '820.75', '820.80', '820.86', '820.90', '820.100', '820.120', '820.130', '820.140', '820.150', '820.160',
  '820.170', '820.180', '820.181', '820.184', '820.186', '820.198', '820.200', '820.250',
];

describe('knowledge base integrity', () => {
  it('loads with no problems', () => {
    const result = loadKnowledgeBase();
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });

  const kb = getKnowledgeBase();

  it('has all 31 old sections in CFR order, each with a crosswalk entry', () => {
    const sections = kb.qsr.subparts.flatMap((s) => s.sections);
    expect(sections).toEqual(OLD_SECTIONS);
    for (const s of OLD_SECTIONS) expect(kb.crosswalk.has(s), s).toBe(true);
  });

  it('covers every old paragraph in the crosswalk, and nothing else', () => {
    expect([...kb.crosswalk.keys()].sort()).toEqual([...kb.qsr.provisions.keys()].sort());
  });

  it('gives every record a unique id', () => {
    const ids = [
      ...[...kb.qsr.provisions.values()].map((p) => p.id),
      ...[...kb.qmsr.provisions.values()].map((p) => p.id),
      ...[...kb.iso.values()].map((c) => c.id),
      ...[...kb.crosswalk.values()].map((e) => e.id),
      ...kb.terms.map((t) => t.id),
      ...kb.changes.map((c) => c.id),
      ...kb.guide.map((g) => g.id),
    ];
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('has the QMSR structure of the final rule', () => {
    const current = [...kb.qmsr.provisions.values()].filter((p) => p.paragraphs.length === 0 && p.status === 'current').map((p) => p.citation);
    expect(current).toEqual(['820.1', '820.3', '820.7', '820.10', '820.35', '820.45']);
    expect(kb.qmsr.provisions.get('820.15')?.status).toBe('not-adopted');
    for (const c of ['820.10(b)(1)', '820.10(b)(2)', '820.10(b)(3)', '820.10(b)(4)', '820.10(c)', '820.10(d)', '820.10(e)', '820.35(a)', '820.35(b)', '820.35(c)', '820.35(d)', '820.45(a)', '820.45(b)', '820.45(c)']) {
      expect(kb.qmsr.provisions.get(c)?.status, c).toBe('current');
    }
    expect(kb.qmsr.provisions.has('820.35(e)')).toBe(false);
    const table = kb.qmsr.provisions.get('820.10')?.deviceTable?.map((r) => r.cfrSection);
    expect(table).toEqual(['868.6810', '878.4460', '880.6760', '892.5650', '892.5740']);
    expect(kb.qmsr.provisions.get('820.10')?.deviceTable?.find((r) => r.cfrSection === '878.4460')?.device).toMatch(/non-powdered/i);
  });

  it('flags only 820.10(a) as the provision that makes ISO 13485 binding as a whole', () => {
    const hooks = [...kb.qmsr.provisions.values()].filter((p) => p.isoHook).map((p) => p.citation);
    expect(hooks).toEqual(['820.10(a)']);
    expect([...kb.qsr.provisions.values()].some((p) => p.isoHook)).toBe(false);
  });

  it('lists every ISO 13485 clause 4 to 8 that the QMSR itself names', () => {
    for (const c of ['4.2.3', '4.2.5', '7.2.3', '7.3', '7.3.10', '7.5.1', '7.5.4', '7.5.8', '7.5.9.1', '7.5.9.2', '8.2.2', '8.2.3', '8.3.3', '8.5.2', '8.5.3', '0.1', '0.2', '1', '3']) {
      expect(kb.iso.has(c), c).toBe(true);
    }
  });

  it('maps the obsolete record types to their ISO replacements', () => {
    const byAbbrev = (a: string) => kb.terms.find((t) => t.abbreviations.includes(a));
    expect(byAbbrev('DMR')?.isoClauses).toContain('4.2.3');
    expect(byAbbrev('DHF')?.isoClauses).toContain('7.3.10');
    expect(byAbbrev('DHR')?.isoClauses).toContain('7.5.1');
  });

  it('records the end of the 820.180(c) exemption', () => {
    expect(kb.crosswalk.get('820.180(c)')?.relation).toBe('removed');
    expect(kb.changes.some((c) => c.qsrRefs.includes('820.180(c)'))).toBe(true);
  });

  it('every unconfirmed mapping says what is uncertain', () => {
    for (const e of kb.crosswalk.values()) if (e.confidence === 'unconfirmed') expect(e.uncertainty, e.qsr).toBeTruthy();
  });
});

describe('integrity checks catch broken data', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function brokenCopy(file: string, edit: (text: string) => string): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'qmsr-kb-'));
    dirs.push(dir);
    cpSync(defaultKbDir(), dir, { recursive: true });
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    const result = loadKnowledgeBase(dir);
    return result.ok ? [] : result.problems.map(formatProblem);
  }

  it('a crosswalk entry pointing at a QMSR provision that does not exist', () => {
    const problems = brokenCopy('crosswalk.yaml', (t) => t.replace(/820\.10\(c\)/, '820.10(z)'));
    expect(problems.join('\n')).toMatch(/820\.10\(z\).*not in the QMSR data/);
  });

  it('an old paragraph with no crosswalk entry', () => {
    const problems = brokenCopy('crosswalk.yaml', (t) => t.replace(/qsr: ["']?820\.30\(g\)["']?/, 'qsr: "820.30(gg)"'));
    expect(problems.join('\n')).toMatch(/820\.30\(g\) has no crosswalk entry/);
  });

  it('an unknown source id, with the file and line named', () => {
    const problems = brokenCopy('terms.yaml', (t) => t.replace(/sources:\s*\n(\s*)- /, 'sources:\n$1- no-such-source\n$1- '));
    expect(problems.join('\n')).toMatch(/terms\.yaml.*no-such-source/);
  });

  it('a schema violation names file and line', () => {
    const problems = brokenCopy('iso13485.yaml', (t) => t.replace(/number: ["']?7\.3\.7["']?/, 'number: "seven"'));
    expect(problems.join('\n')).toMatch(/iso13485\.yaml:\d+ .*ISO clause number/);
  });
});
