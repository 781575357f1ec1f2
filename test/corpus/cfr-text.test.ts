/**
 * FDA's own regulation text (eCFR converted to Markdown, in henry-1981/Cowork-RA),
 * checked by hand.
 *
 * Files (under /work/shared/corpus/henry-1981+Cowork-RA/aria/knowledge/fda/02-regulation/21cfr-subchapter-h/):
 * - part-820-qmsr.md — the QMSR itself (Part 820 as in force from 2 February 2026).
 * - part-880.md — a device classification part (general hospital and personal use
 *   devices) from the CFR edition before the December 2025 technical amendments.
 *
 * ## part-820-qmsr.md: what is right?
 *
 * The QMSR cites its own current sections (§ 820.1, 820.1(a), 820.3, 820.7, 820.10,
 * 820.35, 820.45): none of these is a finding. It also has four markers of reserved
 * provisions:
 *
 *   line 102  ### § 820.5 [Reserved]
 *   line 171  ### § 820.20—§ 820.30 [Reserved]
 *   line 219  ### § 820.40 [Reserved]
 *   line 243  *Subparts C-O [Reserved]*
 *
 * Decision: these are NOT findings. A heading "§ 820.20—§ 820.30 [Reserved]" does
 * not cite 820.20 as a requirement; it states, correctly, that the QMSR reserves it.
 * The contract (shared/contracts/cli.md) says a finding is something the user must
 * look at and that a reference still correct under the current regulation is not a
 * finding; there is nothing to change in these lines, and the replacement offered
 * ("ISO 13485:2016 clauses 5.1 … (21 CFR 820.10(a))" in place of "§ 820.20" in the
 * regulation's own table of contents) would make the text wrong. The same holds for
 * any document that writes "§ 820.180 [Reserved]". So the right result for the whole
 * file is no finding at all.
 *
 * The scanner today reports six outdated-citation findings on those four lines
 * (820.5, 820.20, 820.30, 820.40, Subpart C, Subpart O). That is a scanner mistake,
 * recorded in test/corpus/README.md and pinned below with it.fails.
 *
 * ## part-880.md
 *
 * Class I devices are "exempt from the current good manufacturing practice
 * requirements of the quality system regulation in part 820 of this chapter, with
 * the exception of § 820.180, with respect to general requirements concerning
 * records, and § 820.198, with respect to complaint files". Both sections are
 * reserved under the QMSR (the technical amendments of December 2025 point the
 * carve-outs at 820.35), so each is an outdated citation, the sentence is a stale
 * statement, and "quality system regulation" is the old name. Counts, computed with
 * ripgrep and independent of the scanner (the file uses a thin space after §):
 *
 *   rg -o '§\s?820\.180\b' part-880.md | wc -l                     → 34
 *   rg -o '§\s?820\.198\b' part-880.md | wc -l                     → 34
 *   rg -o '820\.[0-9]+' part-880.md | rg -v '820\.(180|198)$' | wc -l  → 0
 *   rg -o -i 'quality system regulation' part-880.md | wc -l         → 32
 *   rg -n 'exempt from the [^.]*with the exception of §\s?820\.180' part-880.md → 32 lines
 *
 * The stale statement is reported on those 32 lines. On lines 157/159 and 379/381
 * the converter put a blank line in the middle of the sentence, so "exempt from"
 * and "§ 820.180" sit in two Markdown paragraphs; a per-paragraph pattern cannot
 * see the claim there, and the citations on those lines are still reported, so the
 * reader is sent to the sentence anyway. Accepted, not a scanner mistake.
 *
 * Line 299 "*Subparts D-E [Reserved]*" is about Part 880's own subparts D and E. The
 * scanner reports them as old Part 820 Subparts D (Document controls) and E
 * (Purchasing controls): a FALSE ALARM, pinned below with it.fails. ("## Subpart C—
 * General Hospital and Personal Use Monitoring Devices" is rightly left alone: its
 * title is not Part 820's.)
 */
import { describe, expect, it } from 'vitest';
import { findCitations } from '../../src/citations/index.js';
import { readDocument } from '../../src/readers/index.js';
import { CFR_H, countsByWhat, keys, scanFile, without } from './support.js';

const QMSR = `${CFR_H}/part-820-qmsr.md`;
const PART_880 = `${CFR_H}/part-880.md`;

/** The scanner's findings on the QMSR's [Reserved] markers: wrong (see above). */
const QMSR_RESERVED_MARKERS = [
  'outdated-citation|820.5|L102',
  'outdated-citation|820.20|L171',
  'outdated-citation|820.30|L171',
  'outdated-citation|820.40|L219',
  'outdated-citation|Subpart C|L243',
  'outdated-citation|Subpart O|L243',
];

/** The scanner's findings on Part 880's own "Subparts D-E [Reserved]": wrong (see above). */
const PART_880_OWN_SUBPARTS = ['outdated-citation|Subpart D|L299', 'outdated-citation|Subpart E|L299'];

describe('the QMSR text itself (part-820-qmsr.md)', () => {
  it('finds the current provisions it cites and reports none of them', async () => {
    const doc = await readDocument(QMSR);
    const cited = new Set(doc.blocks.flatMap((b) => findCitations(b.text, { bare: 'always' }).map((c) => c.citation)));
    const current = ['820.1', '820.1(a)', '820.3', '820.7', '820.10', '820.35', '820.45'];
    // The parser does see them (so "not reported" below is a decision, not a miss) …
    for (const c of current) expect(cited, c).toContain(c);
    // … and the scanner does not report them.
    const result = await scanFile(QMSR);
    expect(result.findings.filter((f) => current.includes(f.citation ?? ''))).toEqual([]);
  });

  it('reports nothing else than the [Reserved] markers', async () => {
    const { rest, absent } = without(keys(await scanFile(QMSR)), QMSR_RESERVED_MARKERS);
    expect(rest).toEqual([]);
    // While the scanner still reports them, they are exactly these six.
    expect(absent.length === 0 || absent.length === QMSR_RESERVED_MARKERS.length).toBe(true);
  });

  it('reports no finding on "§ 820.20—§ 820.30 [Reserved]" and the other reserved markers', async () => {
    // Right answer: the QMSR text has no findings. When the scanner learns that a citation
    // followed by "[Reserved]" states the current rule, this test fails: make it a plain `it`.
    expect(keys(await scanFile(QMSR))).toEqual([]);
  });
});

describe('a device classification part (part-880.md)', () => {
  it('reports each § 820.180 and § 820.198, each exemption sentence and each "quality system regulation"', async () => {
    const result = await scanFile(PART_880);
    const { rest } = without(keys(result), PART_880_OWN_SUBPARTS);
    // Nothing else: in particular no Part 820 subpart for "subpart E of part 807" (77 lines).
    expect(countsByWhat(rest)).toEqual({
      'obsolete-term|Quality System Regulation': 32,
      'outdated-citation|820.180': 34,
      'outdated-citation|820.198': 34,
      'stale-statement|change.class-i-gmp-exempt-carveouts': 32,
    });
    const stale = rest.filter((k) => k.startsWith('stale-statement|')).map((k) => Number(k.split('|L')[1]));
    // The lines ripgrep lists for: rg -n 'exempt from the [^.]*with the exception of §\s?820\.180' part-880.md
    expect(stale).toEqual([
      183, 295, 331, 473, 485, 589, 601, 829, 843, 1017, 1029, 1103, 1115, 1129, 1141, 1153, 1165, 1189, 1217, 1229, 1241, 1291, 1331, 1435, 1461, 1473,
      1563, 1611, 1623, 1751, 1785, 1809,
    ]);
    // Every 820.180 finding sits on a line that ripgrep finds with '820\.180' (34 lines, one each).
    const lines180 = result.findings.filter((f) => f.citation === '820.180').map((f) => f.location.line);
    expect(new Set(lines180).size).toBe(34);
    expect(lines180).toContain(159);
    expect(lines180).toContain(381);
  });

  it('does not read Part 880\'s own "Subparts D-E [Reserved]" as Part 820 subparts', async () => {
    const result = await scanFile(PART_880);
    expect(keys(result).filter((k) => k.includes('|Subpart '))).toEqual([]);
  });
});
