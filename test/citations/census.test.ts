/**
 * Corpus census: counts of citations that findCitations must reproduce, each
 * checked by hand with the command in its comment (run from the directory
 * named there). `\x{a7}` is "§"; the eCFR text puts a thin space after it.
 */
import { describe, expect, it } from 'vitest';
import { findCitations } from '../../src/citations/index.js';
import { INNOLITICS, PART_820, REGS, corpusTextFiles, readCorpus } from './corpus.js';

const CLASSIFICATION_PARTS = [862, 864, 866, 868, 872, 874, 876, 878, 880, 882, 886, 888, 890, 892];

describe('census of part-820.md (old QSR followed by the QMSR)', () => {
  const text = readCorpus(PART_820);
  const sections = findCitations(text).filter((r) => r.part === 820 && r.section !== undefined);

  it('finds every Part 820 section number in the file', () => {
    // cd …/21cfr-subchapter-h && perl -CSD -0777 -ne '$c=()=/(?<![\w.])820\.\d/g; print $c' part-820.md   → 67
    expect(sections).toHaveLength(67);
  });

  it('finds 63 written with § and the 4 other items of the "§§ 820.1, 820.3, 820.10, 820.35, and 820.45" list', () => {
    // perl -CSD -0777 -ne '$c=()=/(?<!\x{a7})\x{a7}{1,2}\s*820\.\d/g; print $c' part-820.md   → 63
    expect(sections.filter((r) => r.raw.startsWith('§'))).toHaveLength(63);
    expect(sections.filter((r) => r.form === 'list').map((r) => r.citation)).toEqual(['820.3', '820.10', '820.35', '820.45']);
  });

  it('finds the 40 section headings', () => {
    // grep -cP '^#{2,3} \x{a7}\s*820\.\d' is not unicode-aware; use: perl -CSD -0777 -ne '$c=()=/^#+ \x{a7}\s*820\.\d+/mg; print $c' part-820.md   → 40
    const headings = sections.filter((r) => /(?:^|\n)#{2,3} $/.test(text.slice(Math.max(0, r.start - 4), r.start)));
    expect(headings).toHaveLength(40);
    // 31 old QSR headings + 9 QMSR headings (820.1, .3, .5, .7, .10, "820.20—820.30", .35, .40, .45) = 40;
    // distinct sections: the 31 old ones plus the new 820.7, 820.10, 820.35 and 820.45.
    expect(new Set(headings.map((r) => r.section)).size).toBe(31 + 4);
  });

  it('reads the QMSR heading "§ 820.20—§ 820.30 [Reserved]" as a range', () => {
    const range = sections.filter((r) => r.form === 'range');
    expect(range.map((r) => r.citation)).toEqual(['820.20', '820.30']);
    expect(range[0]!.range).toEqual({ to: '820.30' });
  });

  it('cites § 820.180 once (its own heading)', () => {
    // perl -CSD -0777 -ne '$c=()=/820\.180(?!\d)/g; print $c' part-820.md   → 1
    expect(sections.filter((r) => r.citation === '820.180')).toHaveLength(1);
  });
});

describe('census of part-820-qmsr.md', () => {
  it('finds its 22 section numbers, 6 of them § 820.7 (incorporation by reference)', () => {
    // perl -CSD -0777 -ne '$c=()=/(?<![\w.])820\.\d/g; print $c' part-820-qmsr.md   → 22
    // perl -CSD -0777 -ne '$c=()=/\x{a7}\s*820\.7(?!\d)/g; print $c' part-820-qmsr.md   → 6
    const refs = findCitations(readCorpus(`${REGS}/part-820-qmsr.md`)).filter((r) => r.part === 820 && r.section !== undefined);
    expect(refs).toHaveLength(22);
    expect(refs.filter((r) => r.citation === '820.7')).toHaveLength(6);
  });
});

describe('census of the device classification parts 862–892', () => {
  const refs = CLASSIFICATION_PARTS.flatMap((n) => findCitations(readCorpus(`${REGS}/part-${n}.md`)));

  it('counts the "§ 820.180" and "§ 820.198" exceptions', () => {
    // cd …/21cfr-subchapter-h && cat part-86[2-8].md part-87*.md part-88*.md part-89*.md \
    //   | perl -CSD -0777 -ne '$c=()=/\x{a7}\s*820\.180(?!\d)/g; print "$c\n"; $c=()=/\x{a7}\s*820\.198(?!\d)/g; print "$c\n"'   → 161, 162
    // (and without the "\x{a7}\s*" the counts are the same: every one is written with §)
    expect(refs.filter((r) => r.citation === '820.180')).toHaveLength(161);
    expect(refs.filter((r) => r.citation === '820.198')).toHaveLength(162);
    expect(refs.filter((r) => r.citation === '820.180' || r.citation === '820.198').every((r) => r.explicit)).toBe(true);
  });
});

describe('census of the innolitics templates', () => {
  it('finds every 21.CFR.820 wiki reference', () => {
    // cd innolitics+rdm@13485_checklist && grep -ro '21\.CFR\.820[.0-9a-z]*' . | wc -l   → 137
    const files = corpusTextFiles(INNOLITICS);
    const wiki = files.flatMap((f) => findCitations(readCorpus(f)).filter((r) => r.form === 'wiki'));
    expect(wiki).toHaveLength(137);
    expect(wiki.every((r) => r.part === 820 && r.raw.startsWith('21.CFR.820.'))).toBe(true);
  });

  it('finds one citation per line of the 21CFR820 checklist, and the "21CFR820" in its title', () => {
    // grep -c '^21\.CFR\.820' rdm/checklists/21CFR820.txt   → 57
    const refs = findCitations(readCorpus(`${INNOLITICS}/rdm/checklists/21CFR820.txt`));
    expect(refs.filter((r) => r.form === 'wiki')).toHaveLength(57);
    expect(refs.filter((r) => r.form !== 'wiki').map((r) => r.citation)).toEqual(['Part 820']);
  });
});

describe('census of CFR search links', () => {
  it('finds the three ?fr=820.x links of the corpus', () => {
    // cd /work/shared/corpus && grep -rhoi 'fr=820\.[0-9]*' --include=*.md . | wc -l   → 3 (one is in README.md)
    const urls = corpusTextFiles().flatMap((f) => findCitations(readCorpus(f)).filter((r) => r.form === 'url' && r.part === 820));
    expect(urls.map((r) => r.citation).sort()).toEqual(['820.198', '820.3', '820.30']);
  });
});
