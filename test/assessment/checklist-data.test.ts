/**
 * The checklist data loader: the shipped data is sound, and broken copies are
 * rejected with `file:line` messages that say what is wrong.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadChecklistData } from '../../src/assessment/checklist-data.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { formatProblem } from '../../src/kb/problems.js';

const kb = getKnowledgeBase();
const shipped = join(kb.dir, 'checklist');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** Load a copy of the data with one file edited; returns the problems as text. */
function brokenCopy(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'qmsr-checklist-'));
  temps.push(dir);
  cpSync(shipped, dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after, 'the edit must change the file').not.toBe(before);
  writeFileSync(path, after);
  const result = loadChecklistData(kb, dir);
  return result.ok ? '' : result.problems.map(formatProblem).join('\n');
}

describe('checklist data', () => {
  it('loads with no problems', () => {
    const result = loadChecklistData(kb);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });

  it('counts 93 items and 25 applicability rules', () => {
    const result = loadChecklistData(kb);
    if (!result.ok) throw new Error('data did not load');
    expect(result.data.items.length).toBe(93);
    expect(result.data.rules.length).toBe(25);
    expect(result.data.items.every((i) => i.guidance.length >= 80 && i.evidenceHints.length >= 2)).toBe(true);
  });

  it('rejects a rule that names an item that does not exist', () => {
    const problems = brokenCopy('applicability.yaml', (t) => t.replace("items: ['iso.7.5.3']", "items: ['iso.7.5.33']"));
    expect(problems).toMatch(/checklist\/applicability\.yaml:\d+: rule installation: "iso\.7\.5\.33" matches no checklist item/);
  });

  it('rejects a condition on a profile field that does not exist', () => {
    const problems = brokenCopy('applicability.yaml', (t) => t.replace('field: profile.installation,', 'field: profile.instalation,'));
    expect(problems).toMatch(/applicability\.yaml:\d+: rule installation: .*unknown field "profile\.instalation"/);
  });

  it('rejects a test that does not suit the field', () => {
    const problems = brokenCopy('applicability.yaml', (t) => t.replace('{ field: profile.tracked, equals: true }', "{ field: profile.tracked, equals: 'yes' }"));
    expect(problems).toMatch(/rule tracking-order: .*profile\.tracked is true or false, not "yes"/);
  });

  it('rejects an item id that is not in the knowledge base', () => {
    const problems = brokenCopy('items.yaml', (t) => t.replace('  iso.7.6:\n    requirement: ISO 13485:2016 7.6', '  iso.7.7:\n    requirement: ISO 13485:2016 7.7'));
    expect(problems).toMatch(/items\.yaml:\d+: iso\.7\.7: ISO 13485 clause 7\.7 is not in iso13485\.yaml/);
    expect(problems).toMatch(/ISO 13485 clause 7\.6 has no checklist item/);
  });

  it('rejects a requirement label that does not match the item', () => {
    const problems = brokenCopy('items.yaml', (t) => t.replace('requirement: 21 CFR 820.35(a)', 'requirement: 21 CFR 820.198'));
    expect(problems).toMatch(/qmsr\.820\.35\(a\): requirement should read "21 CFR 820\.35\(a\)"/);
  });

  it('rejects an FDA-specific provision left out without a reason', () => {
    const problems = brokenCopy('items.yaml', (t) => t.replace("  '820.10(e)': >-", "  '820.7': >-"));
    expect(problems).toMatch(/820\.10\(e\) is neither a checklist item .* nor listed in notItems/);
  });

  it('asks for an inspection area where the item falls under several', () => {
    const problems = brokenCopy('items.yaml', (t) => t.replace('    inspectionArea: area.oafr-mdr\n', ''));
    expect(problems).toMatch(/qmsr\.820\.10\(b\)\(3\) falls under .*area\.oafr-mdr.*; choose one with inspectionArea/);
  });

  it('requires the last priority rule to catch everything', () => {
    const problems = brokenCopy('priorities.yaml', (t) => t.replace('  - id: qsr-broadly-same\n    priority: base', '  - id: qsr-broadly-same\n    when: { field: item.kind, equals: iso }\n    priority: base'));
    expect(problems).toMatch(/priorities\.yaml:\d+: the last rule \(qsr-broadly-same\) must have no "when"/);
  });

  it('rejects a priority reason that names an unknown field', () => {
    const problems = brokenCopy('priorities.yaml', (t) => t.replace('({item.fdaTouchedBy})', '({item.fdaTouchedByy})'));
    expect(problems).toMatch(/rule certified-fda-touched: the reason names \{item\.fdaTouchedByy\}/);
  });

  it('reports a YAML schema error with file and line', () => {
    const problems = brokenCopy('items.yaml', (t) => t.replace('basePriority: high\n    inspectionArea: area.oafr-udi', 'basePriority: urgent\n    inspectionArea: area.oafr-udi'));
    expect(problems).toMatch(/checklist\/items\.yaml:\d+ \(items\.qmsr\.820\.10\(b\)\(1\)\.basePriority\)/);
  });
});
