import { describe, expect, it } from 'vitest';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { expectGolden } from '../support/golden.js';
import { runCli } from '../support/run-cli.js';

describe('qmsr crosswalk', () => {
  it('covers all 31 old sections and every paragraph, in JSON', async () => {
    const run = await runCli(['crosswalk', '--format', 'json']);
    expect(run.code).toBe(0);
    const data = JSON.parse(run.stdout) as { entries: { qsr: string; title: string; isoClauses: string[]; qmsrProvisions: string[]; notes: string[] }[] };
    const kb = getKnowledgeBase();
    expect(data.entries.map((e) => e.qsr)).toEqual([...kb.qsr.provisions.keys()]);
    const sections = new Set(data.entries.map((e) => /^820\.\d+/.exec(e.qsr)![0]));
    expect(sections.size).toBe(31);
    for (const e of data.entries) {
      expect(e.title.length, e.qsr).toBeGreaterThan(1);
      expect(Array.isArray(e.isoClauses) && Array.isArray(e.qmsrProvisions) && Array.isArray(e.notes)).toBe(true);
    }
    expectGolden('crosswalk/crosswalk.json', run.stdout);
  });

  it('prints CSV and Markdown from the same rows', async () => {
    const csv = await runCli(['crosswalk', '--format', 'csv']);
    const md = await runCli(['crosswalk', '--format', 'md']);
    const rows = getKnowledgeBase().qsr.provisions.size;
    expect(csv.stdout.trim().split('\r\n').length).toBeGreaterThanOrEqual(rows + 1);
    expect(md.stdout.split('\n').filter((l) => l.startsWith('| 820.')).length).toBe(rows);
    expectGolden('crosswalk/crosswalk.csv', csv.stdout);
    expectGolden('crosswalk/crosswalk.md', md.stdout);
  });

  it('filters to one section', async () => {
    const run = await runCli(['crosswalk', '--section', '820.198', '--format', 'json']);
    const data = JSON.parse(run.stdout) as { entries: { qsr: string }[] };
    expect(data.entries.every((e) => e.qsr.startsWith('820.198'))).toBe(true);
    expect(data.entries.length).toBeGreaterThan(5);
  });
});

describe('qmsr guide', () => {
  it('lists the sections and topics', async () => {
    const run = await runCli(['guide']);
    expect(run.code).toBe(0);
    for (const slug of ['scope', 'records', 'labeling-packaging', 'design-development', 'inspections', 'strategy']) expect(run.stdout).toContain(slug);
    expectGolden('guide/list.txt', run.stdout);
  });

  it('finds a page by slug, alias or section number', async () => {
    const bySection = await runCli(['guide', '820.35', '--format', 'json']);
    expect(JSON.parse(bySection.stdout).slug).toBe('records');
    const bySlug = await runCli(['guide', 'records']);
    expect(bySlug.stdout).toMatch(/What it requires/);
    expectGolden('guide/records.txt', bySlug.stdout);
    expectGolden('guide/inspections.md', (await runCli(['guide', 'inspections', '--format', 'md'])).stdout);
  });

  it('suggests topics for an unknown one', async () => {
    const run = await runCli(['guide', 'recrods']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/records/);
  });
});

describe('guide pages', () => {
  const HEADINGS = [
    'What it requires',
    'What changed from the QSR',
    'What it means in practice',
    'Where to focus',
    'If you are ISO 13485 certified',
    'If you ran a QSR-only system',
  ];
  const kb = getKnowledgeBase();

  it('has a page for every current QMSR section and every promised topic', () => {
    const covered = new Set(kb.guide.flatMap((g) => g.sections));
    for (const s of ['820.1', '820.3', '820.7', '820.10', '820.35', '820.45']) expect(covered.has(s), s).toBe(true);
    const slugs = kb.guide.map((g) => g.slug);
    for (const t of ['design-development', 'software', 'purchasing', 'production', 'complaints', 'records', 'labeling-packaging', 'risk-management', 'capa', 'inspections', 'strategy', 'scope', 'definitions']) {
      expect(slugs, t).toContain(t);
    }
  });

  it('every page has the six headings in order, and every claim cites its source', async () => {
    const { hasGuideRef } = await import('../../src/kb/guide-refs.js');
    for (const page of kb.guide) {
      const headings = [...page.body.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
      expect(headings, page.file).toEqual(HEADINGS);
      const chunks = page.body
        .split(/^## .+$/m)
        .slice(1)
        .flatMap((section) => section.split(/\n\s*\n|\n(?=\s*[-*] )/))
        .map((c) => c.trim())
        .filter((c) => c.length > 0);
      const uncited = chunks.filter((c) => !hasGuideRef(c));
      expect(uncited, page.file).toEqual([]);
    }
  });
});
