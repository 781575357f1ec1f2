/**
 * parseCitation: one reference as a user types it after `qmsr explain`.
 */
import { describe, expect, it } from 'vitest';
import { normaliseCitation, parseCitation } from '../../src/citations/index.js';

const typed: [input: string, citation: string, part: number, form: string][] = [
  ['820.30(g)', '820.30(g)', 820, 'bare'],
  ['820.30', '820.30', 820, 'bare'],
  ['21 CFR 820.198(e)', '820.198(e)', 820, 'cfr'],
  ['21 cfr 820.198(E)', '820.198(e)', 820, 'cfr'],
  ['  21  CFR   820.30 (g)  ', '820.30(g)', 820, 'cfr'],
  ['21 C.F.R. § 820.30(a)', '820.30(a)', 820, 'cfr'],
  ['21 CFR §820.30', '820.30', 820, 'cfr'],
  ['Title 21 CFR 820.3(j)', '820.3(j)', 820, 'cfr'],
  ['CFR 820.22', '820.22', 820, 'cfr'],
  ['21 CRF 820.30', '820.30', 820, 'cfr'],
  ['§ 820.184', '820.184', 820, 'section-sign'],
  ['§820.100(a)(1)', '820.100(a)(1)', 820, 'section-sign'],
  ['21CFR820.75', '820.75', 820, 'compact'],
  ['21CRF820.181', '820.181', 820, 'compact'],
  ['FDA-21CFR820.30', '820.30', 820, 'compact'],
  ['21 CFR Part 820.20', '820.20', 820, 'cfr-part-section'],
  ['Part 820.30(h)', '820.30(h)', 820, 'cfr-part-section'],
  ['QSR 820.100', '820.100', 820, 'qsr'],
  ['qsr §820.20', '820.20', 820, 'qsr'],
  ['FDA QSR 820.30(c)', '820.30(c)', 820, 'qsr'],
  ['QS Regulation 820.90', '820.90', 820, 'qsr'],
  ['Sec. 820.50', '820.50', 820, 'sec'],
  ['Section 820.3', '820.3', 820, 'sec'],
  ['21.CFR.820.20.b.3.i', '820.20(b)(3)(i)', 820, 'wiki'],
  ['[[21.CFR.820.20.b.3.ii]]', '820.20(b)(3)(ii)', 820, 'wiki'],
  ['820.30(b)(3)(ii)', '820.30(b)(3)(ii)', 820, 'bare'],
  ['820.3(aa)', '820.3(aa)', 820, 'bare'],
  ['820.3(CC)(2)(V)', '820.3(cc)(2)(v)', 820, 'bare'],
  ['820.30(a)(2)(i)(A)', '820.30(a)(2)(i)(a)', 820, 'bare'],
  ['820.15', '820.15', 820, 'bare'],
  ['Subpart M', 'Subpart M', 820, 'subpart'],
  ['subpart m', 'Subpart M', 820, 'subpart'],
  ['21 CFR 820 Subpart M', 'Subpart M', 820, 'subpart'],
  ['Part 820, Subpart E', 'Subpart E', 820, 'subpart'],
  ['subpart A of part 820', 'Subpart A', 820, 'subpart'],
  ['Subpart Z', 'Subpart Z', 820, 'subpart'], // explain answers "Part 820 has no Subpart Z"
  ['21 CFR Part 820', 'Part 820', 820, 'part'],
  ['part 820', 'Part 820', 820, 'part'],
  ['21CFR820', 'Part 820', 820, 'part'],
  ['part 803', 'Part 803', 803, 'part'],
  ['Part 11', 'Part 11', 11, 'part'],
  ['21 CFR Part 11', 'Part 11', 11, 'part'],
  ['21 CFR 803.50', '803.50', 803, 'cfr'],
  ['803.50(a)', '803.50(a)', 803, 'bare'],
  ['§ 801.3', '801.3', 801, 'section-sign'],
  ['subpart E of part 807', 'Part 807, Subpart E', 807, 'subpart'],
  ['820.30(g).', '820.30(g)', 820, 'bare'],
  // A Part 820 subpart heading pasted whole: em dash, en dash, spaced hyphen; the title is read, the reference is the letter.
  ['Subpart A—General Provisions', 'Subpart A', 820, 'subpart'],
  ['Subpart A–General Provisions', 'Subpart A', 820, 'subpart'],
  ['Subpart A - General Provisions', 'Subpart A', 820, 'subpart'],
  ['Subpart M—Records', 'Subpart M', 820, 'subpart'],
  ['Subpart C – Design Controls', 'Subpart C', 820, 'subpart'],
  ['Subpart B—Supplemental Provisions', 'Subpart B', 820, 'subpart'],
  // The full stop ends the sentence; it does not turn "part 807" into a section.
  ['subpart E of part 807.', 'Part 807, Subpart E', 807, 'subpart'],
];

describe('parseCitation understands', () => {
  it.each(typed)('%s', (input, citation, part, form) => {
    const result = parseCitation(input);
    expect(result).toMatchObject({ ok: true, ref: { citation, part, form } });
    if (result.ok) expect(input.slice(result.ref.start, result.ref.end)).toBe(result.ref.raw);
  });

  it('reads a pasted heading as the letter alone', () => {
    expect(parseCitation('Subpart A—General Provisions')).toMatchObject({ ok: true, ref: { raw: 'Subpart A', start: 0, end: 9, explicit: false } });
    expect(parseCitation('subpart E of part 807.')).toMatchObject({ ok: true, ref: { raw: 'subpart E of part 807', part: 807, subpart: 'E' } });
  });

  it('gives sections and paragraphs apart', () => {
    const r = parseCitation('21 CFR 820.20(b)(3)(ii)');
    expect(r).toMatchObject({ ok: true, ref: { section: '820.20', paragraphs: ['b', '3', 'ii'], explicit: true } });
    expect(parseCitation('Subpart M')).toMatchObject({ ok: true, ref: { subpart: 'M', paragraphs: [], explicit: false } });
    const part = parseCitation('part 803');
    expect(part.ok && part.ref.section).toBeUndefined();
  });

  it('returns the first item of a list, and the first end of a range with range.to', () => {
    expect(parseCitation('§§ 820.40 and 820.180')).toMatchObject({ ok: true, ref: { citation: '820.40', raw: '§§ 820.40' } });
    expect(parseCitation('820.30(b)-(j)')).toMatchObject({ ok: true, ref: { citation: '820.30(b)', range: { to: '820.30(j)' } } });
    expect(parseCitation('Subparts C-O')).toMatchObject({ ok: true, ref: { citation: 'Subpart C', range: { to: 'Subpart O' } } });
  });

  it('normalises a typed citation', () => {
    expect(normaliseCitation(' 21 CFR 820.30 (G) ')).toBe('820.30(g)');
    expect(normaliseCitation('hello')).toBeUndefined();
  });
});

const garbage: [input: string, says: RegExp][] = [
  ['820.', /"820\." stops at the dot/],
  ['21 CFR', /"21 CFR" names the Code of Federal Regulations but no part or section/],
  ['21 CFR Part', /no part or section/],
  ['hello', /"hello" is not a citation/],
  ['820.30((g)', /Could not understand "\(\(g\)" after "820\.30" \(check the parentheses\)/],
  ['820.30(g', /Could not understand "\(g" after "820\.30" \(check the parentheses\)/],
  ['820.30(see above)', /Could not understand "\(see above\)" after "820\.30"/],
  ['820.30.1', /Could not understand "\.1" after "820\.30"/],
  ['820.30 and hello', /Could not understand "and hello" after "820\.30"/],
  ['820.3000', /at most three digits/],
  ['820', /"820" alone is ambiguous/],
  ['§', /"§" is not followed by a section/],
  ['Subpart', /"Subpart" is not followed by a section, part or subpart/],
  ['Subpart MM', /a subpart is one letter/],
  ['45 CFR 46.102', /Title 45 of the CFR; only Title 21/],
  ['', /Empty reference/],
  ['   ', /Empty reference/],
  ['ISO 13485 7.3.7', /is not a citation/],
  ['Subpart C—Clinical Laboratory Instruments', /is not a Part 820 heading: Part 820's Subpart C is "Design Controls"/],
  ['Subpart C-O', /Could not understand "-O" after "Subpart C"/],
];

describe('parseCitation refuses', () => {
  it.each(garbage)('%j', (input, says) => {
    const result = parseCitation(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(says);
  });
});
