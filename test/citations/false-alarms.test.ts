/**
 * Numbers and references that look like Part 820 citations but are not.
 * Every string is read with bare: 'always' (the harshest setting, which the
 * scanner uses for documents about the regulation) and must yield no Part 820
 * citation.
 */
import { describe, expect, it } from 'vitest';
import { findCitations } from '../../src/citations/index.js';
import { PART_820, REGS, guidance, readCorpus } from './corpus.js';

function part820(text: string, bare: 'always' | 'context' = 'always'): string[] {
  return findCitations(text, { bare })
    .filter((r) => r.part === 820)
    .map((r) => r.citation);
}

const notCitations: [string, string][] = [
  ['price', 'The kit costs $820.30 per unit.'],
  ['price with code', 'USD 820.30'],
  ['price, code after', '820.30 EUR'],
  ['price, code after (USD)', 'Total 820.30 USD'],
  ['euro sign', '€820.30'],
  ['measurement', 'Length 820.30 mm'],
  ['measurement glued', '820.30mm'],
  ['mass', '820.30 kg'],
  ['temperature', '820.30 °C'],
  ['percent', '820.30%'],
  ['table total', 'Total: 820.35'],
  ['subtotal', 'Subtotal 820.30'],
  ['amount', 'Amount: 820.100'],
  ['version glued', 'v820.3'],
  ['version upper', 'V820.30'],
  ['version word', 'Software version 820.30'],
  ['version with colon', 'Version: 820.30'],
  ['revision', 'Rev 820.40'],
  ['revision dotted', 'Rev. 820.40'],
  ['part number with suffix', 'P/N 820.30-01'],
  ['part number glued', 'PN820.30'],
  ['part number words', 'Part number 820.30-01'],
  ['part no.', 'Part No. 820.30'],
  ['three-level number', 'Clause 820.30.1'],
  ['prefixed code', 'ABC-820.30'],
  ['room', 'Room 820.20'],
  ['building', 'Bldg 820.5'],
  ['lot', 'Lot 820.30'],
  ['serial', 'SN 820.100'],
  ['IP-like', '10.820.30.1'],
  ['IP-like, start', '820.30.1.10'],
  ['phone', 'Phone: 820.301.4455'],
  ['phone with country code', '+1 820.30.4455'],
  ['date-like', '820.30.2024'],
  ['year prefix', '2024.820.30'],
  ['longer number', '1820.30'],
  ['section too long', '820.300'],
  ['four-digit section', '820.3000'],
  ['thousands separator', '1,820.30'],
  ['space-grouped thousands', '12 820.30'],
  ['dash suffix', '820.30-01'],
  ['table reference', 'Table 820.30'],
  ['figure reference', 'Fig. 820.30'],
  ['number sign', '#820.30'],
  ['European decimal', '820,30'],
  ['unknown bare section', '820.121'],
  ['ISO clause', 'ISO 13485:2016 clause 8.2.2'],
  ['ISO clause with §', '§7.5.6'],
  ['US Code', '21 U.S.C. 360j(f)(2)'],
  ['Federal Register', '61 FR 52602, 52616'],
  ['Act section', 'section 520(f) of the act'],
  ['another CFR title', '45 CFR 820.30'],
  ['another CFR title, part', '40 CFR Part 820'],
  ['another CFR title with subpart', '29 CFR Part 1910, subpart I'],
  ['year before CFR', '2021 CFR 820.30'],
  ['other part subpart', 'Subpart C of part 1271'],
  ['other part subpart, reversed', 'part 807, subpart E'],
  ['heading of another part', '## Subpart C—Clinical Laboratory Instruments'],
  ['subpart of this guidance', 'the documentation described in subpart B of this guidance'],
  ['subpart letter past O', 'Subpart P'],
  ['lower-case letter', 'a subpart a of the form'],
  ['IEC part', 'IEC 60601 Part 1'],
];

describe('no Part 820 citation in', () => {
  it.each(notCitations)('%s: %s', (_what, text) => {
    expect(part820(text)).toEqual([]);
  });
});

describe('bare numbers need context by default', () => {
  it('ignores a bare number in a text that never mentions the regulation', () => {
    expect(part820('See 820.30 for details.', 'context')).toEqual([]);
    expect(part820('Dimensions: 820.30 x 12.5', 'context')).toEqual([]);
  });

  it('reads it once the text mentions the QSR, CFR or FDA, or cites Part 820 explicitly', () => {
    expect(part820('QSR mapping: see 820.30 for details.', 'context')).toEqual(['820.30']);
    expect(part820('FDA expects 820.30 compliance.', 'context')).toEqual(['820.30']);
    expect(part820('Per § 820.100, see also 820.30.', 'context')).toEqual(['820.100', '820.30']);
  });

  it('never reads bare numbers or bare subparts with bare: never', () => {
    expect(findCitations('QSR: 820.30 and Subpart C', { bare: 'never' }).map((r) => r.citation)).toEqual([]);
    expect(findCitations('QSR 820.30 and 820.40', { bare: 'never' }).map((r) => r.citation)).toEqual(['820.30', '820.40']);
  });

  it('drops other parts with otherParts: false', () => {
    expect(findCitations('21 CFR 803.50 and 21 CFR 820.198', { otherParts: false }).map((r) => r.citation)).toEqual(['820.198']);
  });

  it('accepts a custom section list for bare numbers', () => {
    const known = new Set(['820.30']);
    expect(findCitations('QSR: 820.30, 820.40', { knownSections: known }).map((r) => r.citation)).toEqual(['820.30']);
  });
});

describe('traps in the real corpus', () => {
  it('reads "Parts 803, 806, 807, and 820.22" as parts; the 22 is a footnote mark', () => {
    const text = '21 CFR Parts 803, 806, 807, and 820.22 A mobile medical app manufacturer';
    expect(readCorpus(guidance('096'))).toContain(text);
    expect(part820(text)).toEqual(['Part 820']);
  });

  it('ignores OCR fragments that are not sections', () => {
    const labeling = readCorpus(guidance('502'));
    for (const text of ['critical devices (820.12 1)', 'Sections 820.150, 820.160 and 820.16 1.', 'requirements in 820.121 as covered below']) {
      expect(labeling).toContain(text);
      expect(part820(text).filter((c) => ['820.12', '820.16', '820.121'].includes(c))).toEqual([]);
    }
  });

  it('does not turn a page number after "21 CFR", or a repeated title, into a part', () => {
    const page = 'Because 21 CFR\n9\n\n\fContains Nonbinding Recommendations';
    expect(readCorpus(guidance('216'))).toContain(page);
    expect(findCitations(page)).toEqual([]);
    const repeated = 'CFR Parts 50 and 56 and \n21 CFR Part 812';
    expect(readCorpus(guidance('304'))).toContain(repeated);
    expect(findCitations(repeated).map((r) => r.citation)).toEqual(['Part 50', 'Part 56', 'Part 812']);
  });

  it('finds only 820.180, 820.198, 820.30 and Part 820 in the device classification parts 862–892, and none of their subparts', () => {
    for (const n of [862, 864, 866, 868, 872, 874, 876, 878, 880, 882, 886, 888, 890, 892]) {
      const refs = findCitations(readCorpus(`${REGS}/part-${n}.md`)).filter((r) => r.part === 820);
      expect(new Set(refs.map((r) => r.citation)), `part-${n}.md`).toSatisfy((s: Set<string>) =>
        [...s].every((c) => ['820.180', '820.198', '820.30', 'Part 820'].includes(c)),
      );
      expect(refs.filter((r) => r.subpart !== undefined), `part-${n}.md`).toEqual([]);
    }
  });

  it('does not read the subparts of part 860 or 801 as Part 820 subparts, though those files mention part 820', () => {
    for (const file of [`${REGS}/part-860.md`, `${REGS}/part-801.md`, `${REGS}/part-812.md`]) {
      const text = readCorpus(file);
      expect(text).toMatch(/part 820/i);
      expect(text).toMatch(/Subpart [A-C]/);
      expect(findCitations(text).filter((r) => r.part === 820 && r.subpart !== undefined), file).toEqual([]);
    }
  });

  it('reads the QSR subpart headings of part-820.md, whose titles match Part 820', () => {
    const subparts = findCitations(readCorpus(PART_820)).filter((r) => r.subpart !== undefined && r.part === 820);
    // Old QSR headings "## Subpart B—…" to "## Subpart O—…", plus the QMSR's "### Subpart B—Supplemental Provisions".
    // Subpart A ("General Provisions") is too generic a title to tell Part 820 from the part 1271 subparts the text also cites.
    expect(subparts.map((r) => r.citation)).toEqual([...'BCDEFGHIJKLMNO'].map((l) => `Subpart ${l}`).concat('Subpart B'));
  });
});

describe('a lower-case "subpart G" in running text', () => {
  // The CFR writes "prescribed in subpart G" for a subpart of the part the text belongs to. Read paragraph by
  // paragraph (as the scanner does), nothing says which part that is, so it is Part 820's only when the
  // paragraph itself is about Part 820; the caller's bare: 'always' is not enough.
  it('is not Part 820\'s in part 812 read paragraph by paragraph, where the scanner vouches for every paragraph', () => {
    const paragraphs = readCorpus(`${REGS}/part-812.md`).split(/\n\s*\n/);
    const read = paragraphs.flatMap((p) => findCitations(p, { bare: 'always' })).filter((r) => r.part === 820 && r.subpart !== undefined);
    expect(read.filter((r) => r.raw.startsWith('s')).map((r) => r.raw)).toEqual([]);
  });

  it('is Part 820\'s where the same text is about Part 820, or right after a Part 820 citation', () => {
    expect(part820('QSR records requirements are in subpart M.', 'context')).toEqual(['Subpart M']);
    expect(part820('Records of the QMS (21 CFR part 820) are described in subpart M.', 'context')).toEqual(['Part 820', 'Subpart M']);
    expect(part820('21 CFR 820.30, subpart C', 'context')).toEqual(['820.30', 'Subpart C']);
  });

  it('needs that context even with bare: always; a capitalised "Subpart M" does not (the safer reading of an ambiguous case)', () => {
    expect(part820('Records are described in subpart M.')).toEqual([]);
    expect(part820('Records are described in Subpart M.')).toEqual(['Subpart M']);
  });

  it('is still another part\'s when the text cites that part more', () => {
    expect(part820('Under 21 CFR 812.25(j), describe records in addition to those prescribed in subpart G.', 'context')).toEqual([]);
  });
});
