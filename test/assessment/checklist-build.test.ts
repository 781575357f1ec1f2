/**
 * The checklists built for the example profiles: complete, in order, every
 * decision with a reason, the crosswalk read backwards correctly, and the
 * priorities set the documented way for ISO-certified and QSR-only firms.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChecklist, type Checklist, type ChecklistItem } from '../../src/assessment/checklist.js';
import { getChecklistData } from '../../src/assessment/checklist-data.js';
import { loadProfile, parseProfile } from '../../src/assessment/profile.js';
import { getKnowledgeBase } from '../../src/kb/load.js';

const kb = getKnowledgeBase();
const data = getChecklistData(kb);
const examplesDir = join(import.meta.dirname, '..', '..', 'examples', 'profiles');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort();
const built = new Map(examples.map((f) => [f, buildChecklist(kb, data, loadProfile(join(examplesDir, f)))]));
const example = (name: string): Checklist => built.get(name)!;
const get = (c: Checklist, id: string): ChecklistItem => {
  const found = c.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};
const build = (overrides: Record<string, unknown>): Checklist => buildChecklist(kb, data, parseProfile({ organization: 'Test Co', ...overrides }, 'test'));

/** ISO clause numbers of 4 to 8 that have no subclauses, straight from the knowledge base. */
const isoLeaves = [...kb.iso.values()]
  .filter((c) => /^[4-8]\./.test(c.number) && ![...kb.iso.values()].some((d) => d.parent === c.number))
  .map((c) => c.number);

describe('checklist contents', () => {
  it('ships the three example profiles', () => {
    expect(examples).toEqual(['contract-sterilizer.json', 'iso-certified-class2.json', 'qsr-only-implant.json']);
  });

  it('has an item for every auditable ISO clause, the FDA provisions and the changes that bite', () => {
    const ids = data.items.map((i) => i.id);
    expect(isoLeaves.length).toBe(72);
    for (const c of isoLeaves) expect(ids, c).toContain(`iso.${c}`);
    for (const p of ['820.1', '820.3', '820.10(b)(1)', '820.10(b)(2)', '820.10(b)(3)', '820.10(b)(4)', '820.10(c)', '820.10(d)', '820.35(a)', '820.35(b)', '820.35(c)', '820.35(d)', '820.45', '820.45(a)', '820.45(b)', '820.45(c)']) {
      expect(ids).toContain(`qmsr.${p}`);
    }
    for (const c of ['change.inspection-of-reports', 'change.record-retention', 'change.record-type-terminology', 'change.independent-design-reviewer', 'change.qsit-retired']) {
      expect(ids).toContain(c);
      expect(kb.changes.some((k) => k.id === c)).toBe(true);
    }
  });

  it('orders items: ISO clauses by number, then FDA provisions in CFR order, then changes', () => {
    const c = example('iso-certified-class2.json');
    const kinds = c.items.map((i) => i.kind);
    expect(kinds.indexOf('fda')).toBe(kinds.lastIndexOf('iso') + 1);
    expect(kinds.indexOf('change')).toBe(kinds.lastIndexOf('fda') + 1);
    const iso = c.items.filter((i) => i.kind === 'iso').map((i) => i.isoClauses[0]!);
    const numeric = [...iso].sort((a, b) => {
      const x = a.split('.').map(Number);
      const y = b.split('.').map(Number);
      for (let k = 0; k < Math.max(x.length, y.length); k++) if ((x[k] ?? -1) !== (y[k] ?? -1)) return (x[k] ?? -1) - (y[k] ?? -1);
      return 0;
    });
    expect(iso).toEqual(numeric);
    expect(iso.indexOf('7.3.10')).toBe(iso.indexOf('7.3.9') + 1);
    const cfrOrder = [...kb.qmsr.provisions.keys()];
    const fda = c.items.filter((i) => i.kind === 'fda').map((i) => cfrOrder.indexOf(i.qmsrProvisions[0]!));
    expect(fda).toEqual([...fda].sort((a, b) => a - b));
  });

  for (const name of examples) {
    it(`${name}: every item has a reason and a priority reason; items that do not apply stay listed`, () => {
      const c = example(name);
      expect(c.items.length).toBe(data.items.length);
      for (const i of c.items) {
        expect(i.reason.trim().length, i.id).toBeGreaterThan(30);
        expect(i.priorityReason.trim().length, i.id).toBeGreaterThan(30);
        expect(['high', 'medium', 'low']).toContain(i.priority);
        expect(i.inspectionArea.name.length, i.id).toBeGreaterThan(3);
        expect(kb.inspection.areas.some((a) => a.id === i.inspectionArea.id), i.id).toBe(true);
      }
      expect(c.summary.applicable + c.summary.notApplicable).toBe(c.items.length);
      expect(c.summary.notApplicable).toBeGreaterThan(0);
    });
  }

  it('builds the same checklist twice from the same profile', () => {
    const profile = loadProfile(join(examplesDir, 'qsr-only-implant.json'));
    const now = new Date('2026-03-01T00:00:00Z');
    expect(buildChecklist(kb, data, profile, { now })).toEqual(buildChecklist(kb, data, profile, { now }));
  });
});

describe('replaces: the crosswalk read backwards', () => {
  const c = example('iso-certified-class2.json');
  // Checked by hand against kb/crosswalk.yaml.
  it('complaint handling 8.2.2 replaces 820.198 and its record paragraph 820.198(e)', () => {
    expect(get(c, 'iso.8.2.2').replaces).toEqual(expect.arrayContaining(['820.198', '820.198(e)', '820.198(e)(1)']));
  });
  it('design validation 7.3.7 replaces 820.30(g), but not the old definition 820.3(z)(2)', () => {
    expect(get(c, 'iso.7.3.7').replaces).toContain('820.30(g)');
    expect(get(c, 'iso.7.3.7').replaces).not.toContain('820.3(z)(2)');
    expect(get(c, 'qmsr.820.3').replaces).toContain('820.3(z)');
  });
  it('the medical device file 4.2.3 replaces the device master record 820.181', () => {
    expect(get(c, 'iso.4.2.3').replaces).toEqual(expect.arrayContaining(['820.181', '820.181(a)', '820.181(e)']));
  });
  it('820.35(a) replaces 820.198(e); the 820.45 lead-in leaves 820.120(b) to 820.45(a)', () => {
    expect(get(c, 'qmsr.820.35(a)').replaces).toContain('820.198(e)');
    expect(get(c, 'qmsr.820.45').replaces).toEqual(['820.120', '820.120(a)', '820.120(c)', '820.130']);
    expect(get(c, 'qmsr.820.45(a)').replaces).toEqual(['820.120(b)']);
  });
  it('an ISO requirement with no QSR counterpart replaces nothing; a change lists its old provisions', () => {
    expect(get(c, 'iso.5.2').replaces).toEqual([]);
    expect(get(c, 'change.inspection-of-reports').replaces).toContain('820.180(c)');
  });
  it('lists replaced provisions in CFR order', () => {
    const order = [...kb.qsr.provisions.keys()];
    for (const i of c.items) {
      const idx = i.replaces.map((r) => order.indexOf(r));
      expect(idx.every((x) => x >= 0), i.id).toBe(true);
      expect(idx, i.id).toEqual([...idx].sort((a, b) => a - b));
    }
  });
});

describe('priorities by profile', () => {
  const certified = example('iso-certified-class2.json');
  const qsrOnly = example('qsr-only-implant.json');

  it('ISO-certified: FDA-specific items and changes that bite are high', () => {
    for (const id of ['qmsr.820.35(a)', 'qmsr.820.45(a)', 'qmsr.820.10(b)(3)', 'change.inspection-of-reports', 'change.qsit-retired']) {
      expect(get(certified, id).priority, id).toBe('high');
    }
    expect(get(certified, 'qmsr.820.35(a)').priorityReason).toMatch(/certificate does not cover what FDA adds/);
  });

  it('ISO-certified: clauses the certificate covers are low unless FDA adds to them', () => {
    expect(get(certified, 'iso.7.1').priority).toBe('low');
    expect(get(certified, 'iso.4.2.3').priority).toBe('low');
    const complaints = get(certified, 'iso.8.2.2');
    expect(complaints.priority).toBe('medium');
    expect(complaints.priorityReason).toContain('21 CFR 820.35(a)');
    // Servicing applies to Northwind, so 820.35(b) adds to 7.5.4; without servicing neither applies.
    expect(get(certified, 'iso.7.5.4').priority).toBe('medium');
    for (const i of certified.items.filter((x) => x.kind === 'iso' && x.applicable)) expect(['low', 'medium'], i.id).toContain(i.priority);
  });

  it('ISO-certified: a small FDA point is medium, not high', () => {
    expect(get(certified, 'qmsr.820.35(d)').priority).toBe('medium');
  });

  it('QSR-only: what ISO makes explicit that the QSR did not is high, with the reason naming it', () => {
    for (const id of ['iso.7.1', 'iso.4.2.3', 'iso.4.1.6', 'iso.4.1.5', 'iso.7.4.1', 'iso.5.6.2', 'iso.6.2', 'iso.8.2.1', 'iso.7.2.3', 'iso.7.3.3']) {
      expect(get(qsrOnly, id).priority, id).toBe('high');
    }
    expect(get(qsrOnly, 'iso.7.1').priorityReason).toMatch(/ISO 13485 makes explicit what the old QSR did not: documented risk management/);
  });

  it('QSR-only: FDA-specific items are medium or high, the rest of ISO medium', () => {
    expect(get(qsrOnly, 'qmsr.820.35(a)').priority).toBe('high');
    expect(get(qsrOnly, 'qmsr.820.35(c)').priority).toBe('medium');
    for (const i of qsrOnly.items.filter((x) => x.kind === 'fda' && x.applicable)) expect(['medium', 'high'], i.id).toContain(i.priority);
    expect(get(qsrOnly, 'iso.8.2.2').priority).toBe('medium');
    expect(get(qsrOnly, 'iso.8.2.2').priorityReason).toContain('820.198');
    expect(get(qsrOnly, 'iso.5.2').priorityReason).toMatch(/no direct counterpart in the old QSR/);
  });

  it('the two profiles put different items first', () => {
    const highIso = (c: Checklist): number => c.items.filter((i) => i.kind === 'iso' && i.priority === 'high').length;
    expect(highIso(certified)).toBe(0);
    expect(highIso(qsrOnly)).toBeGreaterThanOrEqual(10);
    expect(get(certified, 'iso.7.1').priority).not.toBe(get(qsrOnly, 'iso.7.1').priority);
  });

  it('certified and QSR-compliant: mostly FDA-specific items and changes are high', () => {
    const high = certified.items.filter((i) => i.priority === 'high');
    expect(high.length).toBeGreaterThan(5);
    expect(high.every((i) => i.kind !== 'iso')).toBe(true);
  });

  it('neither certified nor QSR-built: every applicable item is high', () => {
    const c = build({ deviceClasses: ['II'] });
    const applicable = c.items.filter((i) => i.applicable);
    expect(applicable.length).toBeGreaterThan(80);
    expect(applicable.every((i) => i.priority === 'high' && /neither an ISO 13485 certificate nor a QMS built to the old QSR/.test(i.priorityReason))).toBe(true);
  });

  it('an MDSAP participant gets CP 7382.850 readiness at medium, with the reason', () => {
    const c = build({ iso13485Certified: true, qsrCompliant: true, mdsapParticipant: true });
    expect(get(c, 'change.qsit-retired').priority).toBe('medium');
    expect(get(c, 'change.qsit-retired').priorityReason).toContain('MDSAP participant = yes');
    expect(get(certified, 'change.qsit-retired').priority).toBe('high');
  });

  it('items that do not apply are low, and say why', () => {
    for (const i of qsrOnly.items.filter((x) => !x.applicable)) {
      expect(i.priority).toBe('low');
      expect(i.priorityReason).toMatch(/^Not applicable/);
    }
  });
});
