/**
 * Every applicability rule in kb/checklist/applicability.yaml, tried with a
 * profile where it lets the item through and one where it does not. The
 * reason must name the profile fact that decided it.
 */
import { describe, expect, it } from 'vitest';
import { buildChecklist, type ChecklistItem } from '../../src/assessment/checklist.js';
import { getChecklistData } from '../../src/assessment/checklist-data.js';
import { parseProfile } from '../../src/assessment/profile.js';
import { getKnowledgeBase } from '../../src/kb/load.js';

const kb = getKnowledgeBase();
const data = getChecklistData(kb);

function item(overrides: Record<string, unknown>, id: string): ChecklistItem {
  const profile = parseProfile({ organization: 'Test Co', ...overrides }, 'test profile');
  const found = buildChecklist(kb, data, profile).items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

interface GateCase {
  rule: string;
  item: string;
  applies: Record<string, unknown>;
  /** Text the reason must contain when the item applies (the deciding fact), if the rule states one. */
  appliesFact?: string;
  notApplies: Record<string, unknown>;
  notAppliesFact: string;
}

const gates: GateCase[] = [
  { rule: 'component-manufacturer', item: 'iso.8.2.2', applies: {}, notApplies: { componentManufacturerOnly: true }, notAppliesFact: 'makes only components or parts = yes' },
  {
    rule: 'design-by-device-class',
    item: 'iso.7.3.7',
    applies: { deviceClasses: ['II'] },
    appliesFact: 'device classes = II',
    notApplies: { deviceClasses: ['I'] },
    notAppliesFact: 'class I devices automated with software = no (default)',
  },
  {
    rule: 'design-activities',
    item: 'qmsr.820.10(c)',
    applies: { deviceClasses: ['III'] },
    notApplies: { deviceClasses: ['III'], designActivities: false },
    notAppliesFact: 'designs or develops devices = no',
  },
  {
    rule: 'implant-traceability',
    item: 'iso.7.5.9.2',
    applies: { implantable: true },
    appliesFact: 'implantable devices = yes',
    notApplies: { implantable: false },
    notAppliesFact: 'implantable devices = no;',
  },
  {
    rule: 'life-supporting',
    item: 'qmsr.820.10(d)',
    applies: { lifeSupporting: true },
    appliesFact: 'life-supporting or life-sustaining devices = yes',
    notApplies: { implantable: true },
    notAppliesFact: 'life-supporting or life-sustaining devices = no (default)',
  },
  {
    rule: 'tracking-order',
    item: 'qmsr.820.10(b)(2)',
    applies: { tracked: true },
    appliesFact: 'devices under a Part 821 tracking order = yes',
    notApplies: { tracked: false },
    notAppliesFact: 'devices under a Part 821 tracking order = no',
  },
  {
    rule: 'sterile-devices',
    item: 'iso.7.5.7',
    applies: { contractSterilizer: true },
    appliesFact: 'contract sterilizer = yes',
    notApplies: {},
    notAppliesFact: 'devices supplied sterile = no (default)',
  },
  {
    rule: 'installation',
    item: 'iso.7.5.3',
    applies: { installation: true },
    appliesFact: 'installs devices = yes',
    notApplies: { installation: false },
    notAppliesFact: 'installs devices = no',
  },
  {
    rule: 'servicing',
    item: 'qmsr.820.35(b)',
    applies: { servicing: true },
    appliesFact: 'services devices = yes',
    notApplies: { servicing: false },
    notAppliesFact: 'services devices = no',
  },
  {
    rule: 'labeling-operations',
    item: 'qmsr.820.45(a)',
    applies: { relabeler: true },
    appliesFact: 'relabeler = yes',
    notApplies: { contractSterilizer: true, labeling: false },
    notAppliesFact: 'carries out labeling or packaging operations = no',
  },
  {
    rule: 'own-production',
    item: 'iso.7.5.6',
    applies: { servicing: true, production: false },
    notApplies: { specificationDeveloper: true, production: false },
    notAppliesFact: 'carries out production itself = no',
  },
  { rule: 'outsourced-processes', item: 'iso.4.1.5', applies: {}, notApplies: { outsourcedProcesses: false }, notAppliesFact: 'outsources processes = no' },
  {
    rule: 'customer-property',
    item: 'iso.7.5.10',
    applies: { customerProperty: false, servicing: true },
    appliesFact: 'services devices = yes',
    notApplies: { customerProperty: false },
    notAppliesFact: 'holds customer property = no',
  },
  {
    rule: 'combination-product-streamlined',
    item: 'qmsr.820.45',
    applies: { combinationProduct: true, combinationProductBase: 'qmsr' },
    notApplies: { combinationProduct: true, combinationProductBase: 'drug-cgmp' },
    notAppliesFact: 'combination product CGMP operating system = drug-cgmp',
  },
  {
    rule: 'qsr-history',
    item: 'change.record-retention',
    applies: { qsrCompliant: true },
    appliesFact: 'QMS built to the old QSR = yes',
    notApplies: { iso13485Certified: true },
    notAppliesFact: 'QMS built to the old QSR = no (default)',
  },
];

interface NoteCase {
  rule: string;
  item: string;
  when: Record<string, unknown>;
  /** Words of the note, and the deciding fact. */
  text: string;
  fact: string;
}

const notes: NoteCase[] = [
  { rule: 'hctp-part-1271', item: 'qmsr.820.1', when: { hctp: true }, text: 'Part 1271 subpart C', fact: 'HCT/Ps regulated as devices = yes' },
  { rule: 'combination-product-qmsr-based', item: 'qmsr.820.1', when: { combinationProduct: true }, text: '4.4(b)(2)', fact: 'combination product CGMP operating system = qmsr (default)' },
  {
    rule: 'combination-product-drug-based',
    item: 'qmsr.820.1',
    when: { combinationProduct: true, combinationProductBase: 'drug-cgmp' },
    text: 'streamlined approach',
    fact: 'combination product CGMP operating system = drug-cgmp',
  },
  { rule: 'mdsap', item: 'change.qsit-retired', when: { mdsapParticipant: true }, text: 'not scheduled for routine FDA surveillance', fact: 'MDSAP participant = yes' },
  { rule: 'contract-sterilizer-role', item: 'qmsr.820.1', when: { contractSterilizer: true }, text: 'Contract sterilizers are manufacturers', fact: 'contract sterilizer = yes' },
  { rule: 'contract-manufacturer-role', item: 'qmsr.820.1', when: { contractManufacturer: true }, text: 'A contract manufacturer meets the QMSR', fact: 'contract manufacturer = yes' },
  { rule: 'relabeler-repackager-role', item: 'qmsr.820.1', when: { repackager: true }, text: 'Relabelers and repackagers', fact: 'repackager = yes' },
  { rule: 'remanufacturer-role', item: 'qmsr.820.1', when: { remanufacturer: true }, text: 'A remanufacturer', fact: 'remanufacturer = yes' },
  { rule: 'specification-developer-role', item: 'qmsr.820.1', when: { specificationDeveloper: true }, text: 'A specification developer', fact: 'specification developer = yes' },
  { rule: 'initial-distributor-role', item: 'qmsr.820.1', when: { initialDistributor: true }, text: 'initial distributor of a foreign manufacturer', fact: 'initial distributor of a foreign manufacturer = yes' },
];

describe('applicability rules', () => {
  it('every rule in applicability.yaml has a case here', () => {
    expect([...gates.map((g) => g.rule), ...notes.map((n) => n.rule)].sort()).toEqual(data.rules.map((r) => r.id).sort());
  });

  for (const g of gates) {
    it(`${g.rule}: ${g.item} applies when the profile allows it`, () => {
      const rule = data.rules.find((r) => r.id === g.rule)!;
      expect(rule.itemIds).toContain(g.item);
      const got = item(g.applies, g.item);
      expect(got.applicable, got.reason).toBe(true);
      if (g.appliesFact) expect(got.reason).toContain(g.appliesFact);
    });

    it(`${g.rule}: ${g.item} is kept but not applicable otherwise, with the deciding fact`, () => {
      const rule = data.rules.find((r) => r.id === g.rule)!;
      const got = item(g.notApplies, g.item);
      expect(got.applicable, got.reason).toBe(false);
      expect(got.reason).toContain(rule.kind === 'gate' ? rule.notApplicable.trim().slice(0, 40) : '');
      expect(got.reason).toContain(g.notAppliesFact);
      expect(got.priority).toBe('low');
    });
  }

  for (const n of notes) {
    it(`${n.rule}: adds its note, with the deciding fact, only when it holds`, () => {
      const withNote = item(n.when, n.item);
      expect(withNote.reason).toContain(n.text);
      expect(withNote.reason).toContain(n.fact);
      expect(withNote.applicable).toBe(true);
      expect(item({}, n.item).reason).not.toContain(n.text);
    });
  }

  it('design applies to class I devices automated with software, and says so', () => {
    const got = item({ deviceClasses: ['I'], class1WithSoftware: true }, 'iso.7.3.3');
    expect(got.applicable).toBe(true);
    expect(got.reason).toContain('class I devices automated with software = yes');
  });

  it('design does not apply to a class I maker outside the 820.10(c) table, with the justification to document', () => {
    const got = item({ deviceClasses: ['I'] }, 'iso.7.3.1');
    expect(got.applicable).toBe(false);
    expect(got.reason).toMatch(/21 CFR 820\.10\(c\) applies clause 7\.3 only to/);
    expect(got.reason).toMatch(/quality manual \(ISO 13485 clause 4\.2\.2\)/);
    expect(got.reason).toContain('device classes = I;');
  });

  it('gives every blocking rule when several exclude the same item', () => {
    const got = item({ deviceClasses: ['I'], designActivities: false }, 'iso.7.3.9');
    expect(got.reason).toContain('device classes = I');
    expect(got.reason).toContain('designs or develops devices = no');
  });

  it('a component-only manufacturer gets the whole checklist, every item advisory', () => {
    const profile = parseProfile({ organization: 'Parts Inc', componentManufacturerOnly: true }, 'test');
    const c = buildChecklist(kb, data, profile);
    expect(c.items.length).toBe(data.items.length);
    expect(c.items.every((i) => !i.applicable && /820\.1\(a\)\(2\)/.test(i.reason) && /advisory/.test(i.reason))).toBe(true);
  });

  it('under the drug-CGMP streamlined approach the 4.4(b)(1) clauses stay applicable', () => {
    const streamlined = { combinationProduct: true, combinationProductBase: 'drug-cgmp', deviceClasses: ['II'] };
    for (const id of ['iso.8.2.2', 'qmsr.820.35(a)', 'iso.7.3.7', 'iso.8.5.2', 'iso.7.4.1', 'qmsr.820.10(b)(3)']) {
      expect(item(streamlined, id).applicable, id).toBe(true);
    }
    for (const id of ['iso.7.5.6', 'iso.4.2.4', 'qmsr.820.45(a)']) expect(item(streamlined, id).applicable, id).toBe(false);
  });
});
