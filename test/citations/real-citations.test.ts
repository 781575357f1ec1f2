/**
 * Real citations, copied verbatim (line breaks and thin spaces included) from
 * the shared corpus. Each row names its file; the test first checks that the
 * string really is in that file, then what findCitations makes of it.
 */
import { describe, expect, it } from 'vitest';
import { findCitations, type FindOptions } from '../../src/citations/index.js';
import { INNOLITICS, JOSH, PART_820, REGS, guidance, readCorpus, xlsxStrings } from './corpus.js';

interface Row {
  /** Exactly as in the file. */
  text: string;
  /** Corpus file it was copied from. */
  file: string;
  /** Expected normalised citations, in order. */
  cites: string[];
  /** Expected forms, when the row is about the form. */
  forms?: string[];
  /** Expected raw text of each citation, when the row is about offsets. */
  raws?: string[];
  /** Rows without any regulatory marker are read with bare: 'always' (the document around them is about the QSR). */
  opts?: FindOptions;
}

const BARE: FindOptions = { bare: 'always' };
const g = guidance;
const QM = `${INNOLITICS}/rdm/init_files/organization_qms/quality_manual.md`;
const CHECKLIST = `${INNOLITICS}/rdm/checklists/21CFR820.txt`;
const THIN = '\u2009';

const rows: Row[] = [
  // ---- eCFR text: § with a thin space, lists, ranges, subparts
  { file: `${REGS}/part-890.md`, text: `§${THIN}820.180, with respect`, cites: ['820.180'], forms: ['section-sign'], raws: [`§${THIN}820.180`] },
  { file: `${REGS}/part-890.md`, text: `and §${THIN}820.198, regarding`, cites: ['820.198'] },
  { file: `${REGS}/part-801.md`, text: `§§${THIN}820.180 and 820.198`, cites: ['820.180', '820.198'], forms: ['section-sign', 'list'], raws: [`§§${THIN}820.180`, '820.198'] },
  { file: PART_820, text: `§§${THIN}820.1, 820.3, 820.10, 820.35, and 820.45`, cites: ['820.1', '820.3', '820.10', '820.35', '820.45'] },
  { file: PART_820, text: `§${THIN}820.1(a)`, cites: ['820.1(a)'] },
  { file: PART_820, text: `§${THIN}820.30(a)(2)`, cites: ['820.30(a)(2)'] },
  { file: PART_820, text: `### §${THIN}820.20—§${THIN}820.30 [Reserved]`, cites: ['820.20', '820.30'], forms: ['range', 'range'], raws: [`§${THIN}820.20`, `§${THIN}820.30`] },
  { file: PART_820, text: '## Subpart C—Design Controls', cites: ['Subpart C'], forms: ['subpart'], opts: BARE },
  { file: PART_820, text: '## Subpart M—Records', cites: ['Subpart M'], opts: BARE },
  { file: PART_820, text: '*Subparts C-O [Reserved]*', cites: ['Subpart C', 'Subpart O'], forms: ['range', 'range'], opts: BARE },
  { file: PART_820, text: 'part 1271 subpart C', cites: ['Part 1271, Subpart C'] },
  { file: PART_820, text: 'part 1271, subpart C of this chapter', cites: ['Part 1271, Subpart C'] },
  { file: PART_820, text: `§${THIN}1271.3(d) of this chapter`, cites: ['1271.3(d)'] },
  { file: PART_820, text: 'PART 820—QUALITY SYSTEM REGULATION', cites: ['Part 820'], forms: ['part'] },

  // ---- "21 CFR" with paragraph lists
  { file: g('224'), text: '21 CFR 820.30(d), (f), and (g)', cites: ['820.30(d)', '820.30(f)', '820.30(g)'], forms: ['cfr', 'list', 'list'], raws: ['21 CFR 820.30(d)', '(f)', '(g)'] },
  { file: g('224'), text: '21 CFR 820.20(d) and (e)', cites: ['820.20(d)', '820.20(e)'] },
  { file: g('224'), text: '21 CFR 820.30(j), 820.180, and 211.180', cites: ['820.30(j)', '820.180', '211.180'], raws: ['21 CFR 820.30(j)', '820.180', '211.180'] },
  { file: g('224'), text: '21 CFR 820.3(aa)', cites: ['820.3(aa)'] },
  { file: g('224'), text: '21 CFR 820.3(z)(2)', cites: ['820.3(z)(2)'] },
  { file: g('224'), text: '21 CFR 820.50.124', cites: ['820.50'], raws: ['21 CFR 820.50'] }, // footnote 124 glued on
  { file: g('224'), text: '21 CFR \n820.30(e) and (i)', cites: ['820.30(e)', '820.30(i)'], raws: ['21 CFR \n820.30(e)', '(i)'] },
  { file: g('078'), text: '21 CFR 820.30(f), (g), and (i)', cites: ['820.30(f)', '820.30(g)', '820.30(i)'] },
  { file: g('377'), text: '21 CFR §820.30(g)', cites: ['820.30(g)'], forms: ['cfr'] },
  { file: g('377'), text: '21 CFR §820.20(b)(1) and (2)', cites: ['820.20(b)(1)', '820.20(b)(2)'], raws: ['21 CFR §820.20(b)(1)', '(2)'] },
  { file: g('377'), text: '21 CFR 820.3(z) and (aa) and 820.30(f) and (g)', cites: ['820.3(z)', '820.3(aa)', '820.30(f)', '820.30(g)'] },
  { file: g('377'), text: '21 CFR §820.70(g) and 21 CFR §820.70(i)', cites: ['820.70(g)', '820.70(i)'], forms: ['cfr', 'cfr'] },
  { file: g('377'), text: '(See 21 CFR §820.3(y).)', cites: ['820.3(y)'] },
  { file: g('362'), text: '21 CFR § 820.75', cites: ['820.75'] },
  { file: g('322'), text: '21 CFR 820.120, 820.130', cites: ['820.120', '820.130'] },
  { file: g('322'), text: '21 CFR 820.30, 820.40, and 820.70(b)', cites: ['820.30', '820.40', '820.70(b)'] },
  { file: g('322'), text: '21 CFR 820.30(a)(2)(ii)', cites: ['820.30(a)(2)(ii)'] },
  { file: g('322'), text: '21 CFR 820.90(b)(2)', cites: ['820.90(b)(2)'] },
  { file: g('322'), text: '21 CFR 820.22', cites: ['820.22'] },
  { file: g('281'), text: '21 CFR 820.50 and 820.80', cites: ['820.50', '820.80'] },
  { file: g('380'), text: '21 CFR 820.70(2)', cites: ['820.70(2)'] }, // as written: level 1 should be a letter
  { file: g('380'), text: '21 CFR 820.80(d)', cites: ['820.80(d)'] },
  { file: g('209'), text: '21 CFR 820.75(b)(2)', cites: ['820.75(b)(2)'] },
  { file: g('101'), text: 'See 21 CFR 820.30(i), 21 CFR 820.70(b), and 21 CFR 820.181', cites: ['820.30(i)', '820.70(b)', '820.181'], forms: ['cfr', 'cfr', 'cfr'] },
  { file: g('043'), text: '21 CFR 820.3(o) and 21 CFR 820.3(w)', cites: ['820.3(o)', '820.3(w)'] },
  { file: g('043'), text: '21 CFR 820.3(o) and 820.3(w)', cites: ['820.3(o)', '820.3(w)'], forms: ['cfr', 'list'] },
  { file: g('127'), text: '21 CFR 820.30(g)(i)', cites: ['820.30(g)(i)'] },
  { file: g('058'), text: '21 CFR 820.198(a)(3)', cites: ['820.198(a)(3)'] },
  { file: g('058'), text: '21 CFR 820.100(a)(1)', cites: ['820.100(a)(1)'] },

  // ---- spaces inside and before paragraphs (PDF/OCR text)
  { file: g('372'), text: '21 CFR 820.30 (g)', cites: ['820.30(g)'] },
  { file: g('419'), text: '21 CFR 820.3 (o)', cites: ['820.3(o)'] },
  { file: g('498'), text: 'Section 820.100 ( a )  (1)', cites: ['820.100(a)(1)'], forms: ['sec'] },
  { file: g('498'), text: '820.181 ( a )', cites: ['820.181(a)'], opts: BARE },

  // ---- compact and glued forms
  { file: g('380'), text: '21CFR 820.70(a) and 820.184', cites: ['820.70(a)', '820.184'], forms: ['compact', 'list'] },
  { file: g('209'), text: 'See 21 CFR820.70(h)', cites: ['820.70(h)'], raws: ['21 CFR820.70(h)'] },
  { file: g('209'), text: 'See21 CFR 820.70(i)', cites: ['820.70(i)'], raws: ['21 CFR 820.70(i)'] },
  { file: CHECKLIST, text: '# Audit checklist for 21CFR820', cites: ['Part 820'], forms: ['part'], raws: ['21CFR820'] },

  // ---- broken across lines
  { file: g('076'), text: '21 CFR \n820.30(i)', cites: ['820.30(i)'], raws: ['21 CFR \n820.30(i)'] },
  { file: g('148'), text: '21 CFR\n820.30(g)', cites: ['820.30(g)'] },
  { file: g('148'), text: '21 CFR\n820.180.', cites: ['820.180'] },
  { file: g('362'), text: '21 CFR § \n820.30(g)', cites: ['820.30(g)'], raws: ['21 CFR § \n820.30(g)'] },
  { file: g('174'), text: '21 CFR\n820.30 and 820.180', cites: ['820.30', '820.180'] },
  { file: g('230'), text: '21 CFR \n820.198]', cites: ['820.198'] },
  { file: g('295'), text: '21 CFR \n820.70, 21 CFR 820.72, and 21 CFR 820.75', cites: ['820.70', '820.72', '820.75'], forms: ['cfr', 'cfr', 'cfr'] },
  { file: g('196'), text: '21 CFR Part \n820', cites: ['Part 820'], forms: ['part'] },
  { file: g('209'), text: 'See 820.72(a) and 820.250(a)\nand 820.75(c)', cites: ['820.72(a)', '820.250(a)', '820.75(c)'], forms: ['bare', 'list', 'list'], opts: BARE },
  { file: g('057'), text: 'QS Reg (21 \nCFR part 820)', cites: ['Part 820'], raws: ['21 \nCFR part 820'] },
  { file: g('256'), text: '21 CFR Part 820 \nSubpart C', cites: ['Subpart C'], forms: ['subpart'] },
  { file: g('160'), text: 'subpart F of 21 CFR part \n1271', cites: ['Part 1271, Subpart F'] },

  // ---- "Part" before a section, Sec., Section(s)
  { file: g('225'), text: '21 CFR part 820.30', cites: ['820.30'], forms: ['cfr-part-section'] },
  { file: g('023'), text: '21 CFR Part 820.30', cites: ['820.30'], forms: ['cfr-part-section'] },
  { file: 'henry-1981+Cowork-RA/aria/knowledge/regulations/fda-framework.md', text: 'Part 820.10', cites: ['820.10'], forms: ['cfr-part-section'] },
  { file: g('382'), text: 'Sec. 820.30', cites: ['820.30'], forms: ['sec'] },
  { file: g('399'), text: 'Section 820.3', cites: ['820.3'], forms: ['sec'] },
  { file: g('265'), text: 'Sections 820.180 and 820.198', cites: ['820.180', '820.198'], forms: ['sec', 'list'] },
  { file: g('509'), text: 'CFR 820.181 must', cites: ['820.181'], raws: ['CFR 820.181'] },

  // ---- subparts
  { file: g('101'), text: '21 CFR part 820 subpart M', cites: ['Subpart M'], raws: ['21 CFR part 820 subpart M'] },
  { file: g('364'), text: '21 CFR 820.30, Subpart C - Design Controls', cites: ['820.30', 'Subpart C'], raws: ['21 CFR 820.30', 'Subpart C'] },
  { file: g('066'), text: '21 CFR 820.30 Subpart C – Design\nControls', cites: ['820.30', 'Subpart C'] },
  { file: g('248'), text: 'subpart E of part 807', cites: ['Part 807, Subpart E'] },
  { file: g('419'), text: '21 CFR 801 - Subpart C', cites: ['Part 801, Subpart C'] },
  { file: g('502'), text: '21 CFR 801, Subparts A and E', cites: ['Part 801, Subpart A', 'Part 801, Subpart E'] },
  { file: g('263'), text: '21 CFR 830  Subpart C', cites: ['Part 830, Subpart C'] },
  // Headings with em dash, en dash or spaced hyphen: Part 820's title makes it Part 820's (when the text is about Part 820); another title does not.
  { file: PART_820, text: '## Subpart A—General Provisions', cites: ['Subpart A'], forms: ['subpart'], raws: ['Subpart A'], opts: BARE },
  { file: g('066'), text: 'Subpart C – Design\nControls', cites: ['Subpart C'], opts: BARE },
  { file: g('419'), text: '(1) Subpart A - General Labeling Provisions:', cites: [], opts: BARE },
  // "of part 807." at the end of a sentence is still part 807's subpart, also beside Part 820 citations.
  { file: `${REGS}/part-888.md`, text: 'The device is exempt from the premarket notification procedures in subpart E of part 807.', cites: ['Part 807, Subpart E'], raws: ['subpart E of part 807'] },
  {
    file: `${REGS}/part-890.md`,
    text:
      'The device is exempt from the premarket notification procedures in subpart E of part 807. The device also is exempt from the current good ' +
      `manufacturing practice requirements of the quality system regulation in part 820, with the exception of §${THIN}820.180, with respect to ` +
      `general requirements concerning records, and §${THIN}820.198, with respect to complaint files.`,
    cites: ['Part 807, Subpart E', 'Part 820', '820.180', '820.198'],
  },
  // Part 812's own cross-references ("subpart G" of part 812), read paragraph by paragraph as the scanner reads a regulation file.
  { file: `${REGS}/part-812.md`, text: 'in addition to those prescribed in subpart G.', cites: [], opts: BARE },
  { file: `${REGS}/part-812.md`, text: 'Additional responsibilities of investigators are described in subpart G.', cites: [], opts: BARE },
  { file: `${REGS}/part-812.md`, text: 'Additional responsibilities of sponsors are described in subparts B and G.', cites: [], opts: BARE },

  // ---- bare numbers in tables and prose (read as in a QSR document)
  { file: g('372'), text: 'Design Validation, 820.30(g)', cites: ['820.30(g)'], forms: ['bare'], opts: BARE },
  { file: g('372'), text: 'Process Validation, 820.75(a)', cites: ['820.75(a)'], opts: BARE },
  { file: g('265'), text: '| 820.198 |', cites: ['820.198'], opts: BARE },
  { file: g('502'), text: '(820.5 and 820.40)', cites: ['820.5', '820.40'], opts: BARE },
  { file: g('502'), text: '(820.40, 820.120)', cites: ['820.40', '820.120'], opts: BARE },
  { file: g('502'), text: '820.120(e), 820.20(a), 820.80 and 820.160', cites: ['820.120(e)', '820.20(a)', '820.80', '820.160'], opts: BARE },
  { file: g('502'), text: '820.181, 182', cites: ['820.181'], opts: BARE }, // "182" without "820." is not a section

  // ---- CFR search links
  { file: g('304'), text: 'CFRSearch.cfm?fr=820.3', cites: ['820.3'], forms: ['url'], raws: ['820.3'] },
  { file: g('297'), text: 'm?FR=820.30', cites: ['820.30'], forms: ['url'] },

  // ---- wiki links (innolitics templates)
  { file: QM, text: '[[21.CFR.820.20.b.3.i]]', cites: ['820.20(b)(3)(i)'], forms: ['wiki'], raws: ['21.CFR.820.20.b.3.i'] },
  { file: QM, text: '[[21.CFR.820.20.b.3.ii]]', cites: ['820.20(b)(3)(ii)'] },
  { file: QM, text: '| 21.CFR.820.70.2 |', cites: ['820.70(2)'] },
  { file: QM, text: '[[IMDRF.N23:8.5, 21.CFR.820.30.h, 21.CFR.820.70, 21.CFR.820.170]]', cites: ['820.30(h)', '820.70', '820.170'], forms: ['wiki', 'wiki', 'wiki'] },
  { file: QM, text: 'in accordance with 21.CFR.820.20  [[21.CFR.820.20.b.3.i]]', cites: ['820.20', '820.20(b)(3)(i)'] },
  { file: CHECKLIST, text: '21.CFR.820.70.h.i Automated process.', cites: ['820.70(h)(i)'] },
  { file: CHECKLIST, text: '21.CFR.820.22  Third Party quality audit procedure.', cites: ['820.22'] },
  { file: `${INNOLITICS}/rdm/init_files/organization_qms/SOPs/external_audit.md`, text: '[[21.CFR.820.22 ]]', cites: ['820.22'] },
  { file: `${INNOLITICS}/rdm/init_files/organization_qms/templates/capa_record.md`, text: '[[21.CFR.820.100.a.6, 21.CFR.820.100.a.7]]', cites: ['820.100(a)(6)', '820.100(a)(7)'] },
  { file: `${INNOLITICS}/rdm/init_files/organization_qms/SOPs/complaint.md`, text: 'TODO: Add more process in compliance with 21.CFR.820.198', cites: ['820.198'] },
  { file: `${INNOLITICS}/rdm/init_files/organization_qms/SOPs/complaint.md`, text: 'required by § 820.198(e), records', cites: ['820.198(e)'] },

  // ---- other Title 21 parts
  { file: g('148'), text: '21 CFR 803.50', cites: ['803.50'] },
  { file: g('377'), text: '21 CFR Part 11', cites: ['Part 11'], forms: ['part'] },
  { file: g('160'), text: 'part 806', cites: ['Part 806'] },
  { file: g('263'), text: '§ 801.3', cites: ['801.3'] },
  { file: g('096'), text: '21 CFR Parts 803, 806, 807, and 820.22', cites: ['Part 803', 'Part 806', 'Part 807', 'Part 820'] }, // ".22" is a footnote mark
  { file: `${JOSH}/README.md`, text: '21 CFR 210/211', cites: ['Part 210', 'Part 211'] },
  { file: `${JOSH}/README.md`, text: 'Medical device development (ISO 13485, 21 CFR 820)', cites: ['Part 820'] },
  { file: g('230'), text: '[21 CFR 820.198 and 803.18]', cites: ['820.198', '803.18'] },
  { file: g('230'), text: '21 CFR 803.18(b)(1)-(2)', cites: ['803.18(b)(1)', '803.18(b)(2)'], forms: ['range', 'range'] },
  { file: g('106'), text: '21 CFR 807.87 to 807.100', cites: ['807.87', '807.100'], forms: ['range', 'range'] },
  { file: g('112'), text: '§§7.40 \nthrough 7.49, 7.53, and 7.55', cites: ['7.40', '7.49', '7.53', '7.55'], forms: ['range', 'range', 'list', 'list'] },

  // ---- other CFR titles: nothing of Title 21
  { file: g('060'), text: '29 CFR Part 1910, subpart I', cites: [] },
  { file: g('045'), text: '45 CFR part 170, subpart B', cites: [] },
];

describe('real citations from the corpus', () => {
  it('has at least 80 rows, each found verbatim in its file', () => {
    expect(rows.length).toBeGreaterThanOrEqual(80);
    for (const row of rows) expect(readCorpus(row.file).includes(row.text), `${JSON.stringify(row.text)} in ${row.file}`).toBe(true);
  });

  it.each(rows.map((r) => [JSON.stringify(r.text), r] as const))('%s', (_name, row) => {
    const refs = findCitations(row.text, row.opts);
    expect(refs.map((r) => r.citation)).toEqual(row.cites);
    if (row.forms) expect(refs.map((r) => r.form)).toEqual(row.forms);
    if (row.raws) expect(refs.map((r) => r.raw)).toEqual(row.raws);
    for (const r of refs) expect(row.text.slice(r.start, r.end)).toBe(r.raw);
  });

  it('reads the §820.x cells of the compliance clause workbook, and not the ISO clauses written §4.1', async () => {
    const cells = await xlsxStrings(`${JOSH}/reference/compliance_clause_breakdown_table_v1_20250621.xlsx`);
    const part820Cells = cells.filter((c) => /^§820\.\d+$/.test(c));
    // unzip -p …/compliance_clause_breakdown_table_v1_20250621.xlsx xl/sharedStrings.xml | grep -o '§820\.[0-9]*' | wc -l  → 14
    expect(part820Cells).toHaveLength(14);
    for (const cell of part820Cells) expect(findCitations(cell).map((r) => r.citation)).toEqual([cell.slice(1)]);
    expect(findCitations('§210.1–210.3').map((r) => r.citation)).toEqual(['210.1', '210.3']);
    expect(cells).toContain('§210.1–210.3');
    for (const iso of ['§4.1', '§7.5', '§8.2', '§10.2']) {
      expect(cells).toContain(iso);
      expect(findCitations(iso)).toEqual([]);
    }
  });
});

/**
 * Forms that regulation.md §6 lists from public SOPs and tools but that do not
 * occur in the shared corpus (outside its README): kept apart from the real
 * table above so that table stays verbatim.
 */
const described: [string, string[], string[]?][] = [
  ['21 C.F.R. § 820.30(a)', ['820.30(a)'], ['cfr']],
  ['21 C.F.R. 820.75', ['820.75'], ['cfr']],
  ['21CFR820.75', ['820.75'], ['compact']],
  ['21CFR 820.3(h)', ['820.3(h)'], ['compact']],
  ['FDA-21CFR820.30', ['820.30'], ['compact']],
  ['21 CFR Part 820.30(h)', ['820.30(h)'], ['cfr-part-section']],
  ['CFR 820.22', ['820.22'], ['cfr']],
  ['QSR 820.100', ['820.100'], ['qsr']],
  ['QSR §820.20', ['820.20'], ['qsr']],
  ['FDA QSR 820.30(c)', ['820.30(c)'], ['qsr']],
  ['QS Regulation 820.90', ['820.90'], ['qsr']],
  ['21CRF820.181', ['820.181'], ['compact']],
  ['21 CRF 820.30', ['820.30'], ['cfr']],
  ['Sec. 820.65', ['820.65'], ['sec']],
  ['§820.100(a)(1)', ['820.100(a)(1)'], ['section-sign']],
  ['§ 820.20(b)(3)(ii)', ['820.20(b)(3)(ii)']],
  ['§ 820.3(dd) and (cc)(2)(v)', ['820.3(dd)', '820.3(cc)(2)(v)']],
  ['21 CFR 820.30(a)(2)(i)(A)', ['820.30(a)(2)(i)(a)']],
  ['QSR: 820.20, 820.22 and 820.25', ['820.20', '820.22', '820.25'], ['bare', 'list', 'list']],
  ['§§ 820.40 and 820.180', ['820.40', '820.180'], ['section-sign', 'list']],
  ['21 CFR 820.181, .184 and .186', ['820.181', '820.184', '820.186'], ['cfr', 'list', 'list']],
  ['21 CFR 820.80/820.86', ['820.80', '820.86']],
  ['21 CFR 820.198(a), (b) and (c)', ['820.198(a)', '820.198(b)', '820.198(c)']],
  ['21 CFR 820.30(b)-(j)', ['820.30(b)', '820.30(j)'], ['range', 'range']],
  ['21 CFR 820.30(b) through (j)', ['820.30(b)', '820.30(j)'], ['range', 'range']],
  ['§§ 820.20—820.30', ['820.20', '820.30'], ['range', 'range']],
  ['21 CFR 820.70-75', ['820.70', '820.75'], ['range', 'range']],
  ['21 CFR 820.70–820.75', ['820.70', '820.75'], ['range', 'range']],
  ['21 CFR 820.20(b)(3)(i) and (ii)', ['820.20(b)(3)(i)', '820.20(b)(3)(ii)']],
  ['21 CFR 820.20(b)(1) and (c)', ['820.20(b)(1)', '820.20(c)']],
  ['21 CFR 820 Subpart M', ['Subpart M'], ['subpart']],
  ['Part 820, Subpart E', ['Subpart E'], ['subpart']],
  ['subpart A of part 820', ['Subpart A'], ['subpart']],
  ['Subpart C of the Quality System Regulation', ['Subpart C'], ['subpart']],
  ['Per the QSR, see Subpart C.', ['Subpart C'], ['subpart']],
  ['Subpart C of part 1271', ['Part 1271, Subpart C']],
  ['21 CFR Part 820', ['Part 820'], ['part']],
  ['§\n820.198', ['820.198']],
  ['QSR 820.30(f),\n(g)', ['820.30(f)', '820.30(g)']],
  ['21 CFR 806', ['Part 806']],
  ['21 CFR 803.50, 21 CFR Part 11, part 806, § 801.3, 21 CFR 830', ['803.50', 'Part 11', 'Part 806', '801.3', 'Part 830']],
];

describe('forms described in regulation.md §6 (not in the corpus)', () => {
  it.each(described)('%s', (text, cites, forms) => {
    const refs = findCitations(text);
    expect(refs.map((r) => r.citation)).toEqual(cites);
    if (forms) expect(refs.map((r) => r.form)).toEqual(forms);
  });

  it('gives each end of a range its own text and points the first at the second', () => {
    const [from, to] = findCitations('See 21 CFR 820.30(b)-(j).');
    expect(from).toMatchObject({ raw: '21 CFR 820.30(b)', range: { to: '820.30(j)' }, explicit: true });
    expect(to).toMatchObject({ raw: '(j)', citation: '820.30(j)' });
    expect(to!.range).toBeUndefined();
  });

  it('covers the prefix in the first item of a list and only the item in the others', () => {
    const refs = findCitations('Per 21 CFR 820.20, 820.22 and 820.25, and 21 CFR 820.181, .184 and .186.');
    expect(refs.map((r) => r.raw)).toEqual(['21 CFR 820.20', '820.22', '820.25', '21 CFR 820.181', '.184', '.186']);
    expect(refs.every((r) => r.explicit)).toBe(true);
  });
});
