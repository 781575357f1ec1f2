import { describe, expect, it } from 'vitest';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { defaultConfig, type ScanConfig } from '../../src/scanner/config.js';
import { prepareScan, scanDocument } from '../../src/scanner/engine.js';
import { parseSuppressions } from '../../src/scanner/suppress.js';
import { linesDocument } from '../support/text-document.js';

const kb = getKnowledgeBase();
function scan(text: string, config: Partial<ScanConfig> = {}) {
  return scanDocument(prepareScan(kb, { ...defaultConfig, ...config }), linesDocument(text), 'doc.txt', parseSuppressions(text));
}

describe('outdated-citation', () => {
  it('reports an old design-validation citation with the crosswalk replacement', () => {
    const [f, ...rest] = scan('Design validation shall follow 21 CFR 820.30(g) and the plan.');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'outdated-citation', kind: 'citation', severity: 'error', match: '21 CFR 820.30(g)', citation: '820.30(g)' });
    expect(f!.location).toMatchObject({ line: 1, column: 32 });
    expect(f!.replacements[0]!.text).toMatch(/^ISO 13485:2016 clauses? 7\.3\.7.*\(21 CFR 820\.10\(c\)\)$/);
    expect(f!.kbRefs).toEqual(['qsr.820.30(g)', 'cw.820.30(g)']);
    expect(f!.context).toContain('21 CFR 820.30(g)');
  });

  it('gives one finding per citation in a list', () => {
    const findings = scan('Management controls (21 CFR 820.20, 820.22 and 820.25) apply.');
    expect(findings.map((f) => f.citation)).toEqual(['820.20', '820.22', '820.25']);
  });

  it('moves complaint records to 820.35(a)', () => {
    const [f] = scan('Complaint records contain the items of § 820.198(e).');
    expect(f!.replacements[0]!.qmsrProvisions).toContain('820.35(a)');
  });

  it('does not report current provisions, other parts or ISO clauses', () => {
    expect(scan('Records per 21 CFR 820.35(a) and 21 CFR 820.45(c); MDRs per 21 CFR 803.50; ISO 13485:2016 clause 8.2.2; 21 CFR Part 820.')).toEqual([]);
  });

  it('ignores part numbers, prices and versions', () => {
    expect(scan('Part number 820.30-01 costs $820.30 in version 820.3 (Room 820.20).')).toEqual([]);
  });

  it('reports an old subpart', () => {
    const [f] = scan('Records are kept as required by 21 CFR 820 Subpart M.');
    expect(f).toMatchObject({ ruleId: 'outdated-citation', citation: 'Subpart M' });
  });

  it('reads a citation written without any marker only when the document is about the regulation', () => {
    expect(scan('See 820.30 for details.')).toEqual([]);
    expect(scan('FDA 21 CFR Part 820 mapping\nSee 820.30 for details.').map((f) => f.citation)).toEqual(['820.30']);
  });
});

describe('nonexistent-citation and changed-citation', () => {
  it('flags 820.15 from the proposed rule', () => {
    const [f] = scan('Concepts are clarified in 21 CFR 820.15.');
    expect(f).toMatchObject({ ruleId: 'nonexistent-citation', severity: 'error', citation: '820.15' });
  });

  it('flags a paragraph the QMSR does not have', () => {
    expect(scan('See 21 CFR 820.35(e).')[0]).toMatchObject({ ruleId: 'nonexistent-citation' });
  });

  it('explains 820.3(b) as an info finding', () => {
    const [f] = scan('A complaint is defined in 21 CFR 820.3(b).');
    expect(f).toMatchObject({ ruleId: 'changed-citation', severity: 'info' });
    expect(f!.message).toMatch(/Complaint/);
  });

  it('reports an old-only definition paragraph as outdated', () => {
    expect(scan('Rework is defined in 21 CFR 820.3(x).')[0]).toMatchObject({ ruleId: 'outdated-citation', citation: '820.3(x)' });
  });
});

describe('obsolete-term', () => {
  it('finds spelled-out and abbreviated record types', () => {
    const findings = scan('The Device History Record (DHR) and the DMR are reviewed.');
    expect(findings.map((f) => [f.match, f.term])).toEqual([
      ['Device History Record (DHR)', expect.stringMatching(/device history record/i)],
      ['DMR', expect.stringMatching(/device master record/i)],
    ]);
    expect(findings[0]!.replacements[0]!.text).toBe('Production Record');
    expect(findings[1]!.replacements[0]!.text).toBe('MDF');
    expect(findings.every((f) => f.ruleId === 'obsolete-term' && f.replacements.length === 1)).toBe(true);
  });

  it('keeps the case style of the text it replaces', () => {
    expect(scan('Update the device master record.')[0]!.replacements[0]!.text).toBe('medical device file');
    expect(scan('Device master record updates are approved.')[0]!.replacements[0]!.text).toBe('Medical device file');
    expect(scan('Keep the Device Master Record (DMR) current.')[0]!.replacements[0]!.text).toBe('Medical Device File (MDF)');
  });

  it('keeps the sentence grammatical: plurals, a/an, sentence starts', () => {
    const first = (text: string) => {
      const f = scan(text).find((x) => x.ruleId === 'obsolete-term')!;
      return [f.match, f.replacements[0]!.text];
    };
    expect(first('DHRs are kept for each batch.')).toEqual(['DHRs', 'Production records']);
    expect(first('All device history records are kept.')).toEqual(['device history records', 'production records']);
    expect(first('Update a DMR when the design changes.')).toEqual(['a DMR', 'an MDF']);
    expect(first('A DMR exists for each device.')).toEqual(['A DMR', 'An MDF']);
    expect(first('Each DHF is reviewed.')).toEqual(['DHF', 'design and development file']);
    expect(first('The DHR is reviewed. DHR entries are signed.')).toEqual(['DHR', 'production record']);
  });

  it('matches whole words only and acronyms by case', () => {
    expect(scan('DHRA dmr-like text and the dhr in lower case')).toEqual([]);
  });

  it('reports "QSR 820.100" once, as a citation', () => {
    expect(scan('Follow QSR 820.100 for corrective action.').map((f) => f.ruleId)).toEqual(['outdated-citation']);
  });

  it('takes custom terms from configuration', () => {
    const custom = { ...kb.terms[0]!, id: 'term.custom-legacy-form', term: 'Form QF-12', variants: [], abbreviations: [], replacement: 'Form QF-20', exceptions: [] };
    expect(scan('Fill in Form QF-12.', { customTerms: [custom] }).map((f) => f.term)).toContain('Form QF-12');
  });
});

describe('stale-statement', () => {
  it('flags the old inspection exemption', () => {
    const findings = scan('Internal audit reports are not subject to FDA inspection.');
    expect(findings.map((f) => f.ruleId)).toContain('stale-statement');
  });
});

describe('configuration and suppression', () => {
  it('turns a rule off and overrides a severity', () => {
    expect(scan('See 21 CFR 820.30(g).', { rules: { 'outdated-citation': 'off' } })).toEqual([]);
    expect(scan('See 21 CFR 820.30(g).', { rules: { 'outdated-citation': 'warning' } })[0]!.severity).toBe('warning');
  });

  it('accepts listed citations', () => {
    expect(scan('History: formerly 21 CFR 820.30(g).', { acceptedCitations: ['820.30(g)'] })).toEqual([]);
  });

  it('caps findings per file and says how many were left out', () => {
    const findings = scan(Array.from({ length: 30 }, () => 'See 21 CFR 820.30(g).').join('\n'), { maxFindingsPerFile: 10 });
    expect(findings).toHaveLength(11);
    expect(findings[10]).toMatchObject({ ruleId: 'finding-limit', severity: 'info' });
    expect(findings[10]!.message).toMatch(/20 more findings beyond the first 10/);
  });

  it('does not report a reserved marker, which states the current rule', () => {
    expect(scan('§ 820.20—§ 820.30 [Reserved]')).toEqual([]);
    expect(scan('Subparts D-E [Reserved] of 21 CFR 820')).toEqual([]);
    expect(scan('See 21 CFR 820.30 for the reserved design rules.').map((f) => f.citation)).toEqual(['820.30']);
  });

  it('reports "Quality system record (QSR)" once', () => {
    const findings = scan('The Quality system record (QSR) lists the procedures.');
    expect(findings.map((f) => f.match)).toEqual(['Quality system record (QSR)']);
  });

  it('does not mistake ICH Q10\u2019s pharmaceutical quality system for the QSR term', () => {
    expect(scan('The Pharmaceutical Quality System (PQS) of ICH Q10.').filter((f) => f.ruleId === 'obsolete-term')).toEqual([]);
  });

  it('keeps a region open when a second disable comes before the enable', () => {
    const text = ['<!-- qmsr-disable outdated-citation -->', 'See 21 CFR 820.30(g).', '<!-- qmsr-disable outdated-citation -->', 'See 21 CFR 820.30(h).', '<!-- qmsr-enable outdated-citation -->', 'See 21 CFR 820.30(i).'].join('\n');
    expect(scan(text).map((f) => f.citation)).toEqual(['820.30(i)']);
  });

  it('honours inline suppression comments', () => {
    const text = ['<!-- qmsr-disable-next-line outdated-citation -->', 'See 21 CFR 820.30(g).', 'See 21 CFR 820.30(h).'].join('\n');
    expect(scan(text).map((f) => f.citation)).toEqual(['820.30(h)']);
  });
});
