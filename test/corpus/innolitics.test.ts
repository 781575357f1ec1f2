/**
 * Real documents from innolitics/rdm (branch 13485_checklist), checked by hand.
 *
 * Files (under /work/shared/corpus/innolitics+rdm@13485_checklist/rdm/):
 * - init_files/organization_qms/SOPs/complaint.md — a complaint SOP template with
 *   wiki-link citations ([[21.CFR.820.198]]) and the old 820.198 text pasted in as a TODO.
 * - init_files/organization_qms/SOPs/capa.md — the CAPA SOP template.
 * - init_files/organization_qms/quality_manual.md — wiki-link lists such as
 *   [[21.CFR.820.20.d,  21.CFR.820.186]] and a table of exclusions, one citation per row.
 * - checklists/21CFR820.txt — the full old-Part-820 audit checklist, one citation per line.
 *
 * How the lists were checked: every line of each file was read next to the
 * scanner's output (and `rg -n '820\.' FILE` to be sure no citation was passed
 * over); each citation was compared with the wiki id it came from, and each term
 * with kb/terms.yaml (whole words, abbreviations case-sensitive, exceptions).
 * The keys say rule, normalised citation or canonical term (or the change id of
 * a stale statement) and line; see support.ts. Replacement texts are not
 * asserted here: they come from the knowledge base, which has its own tests.
 *
 * Observations recorded in test/corpus/README.md:
 * - quality_manual.md line 285 cites `21.CFR.820.70.2` (a typo for 820.70(a)(2));
 *   the scanner reads 820.70(2), says the old rule had no such paragraph and maps
 *   it as 820.70. That is the right thing to do with a typo.
 * - 21CFR820.txt line 44 cites `21.CFR.820.70.h.i` ("Automated process", which is
 *   820.70(i)); read literally as 820.70(h)(i) and mapped as 820.70(h). Also right:
 *   the scanner cannot know which of the two ids the author meant, and it flags it.
 * - complaint.md line 78: "reasonably accessible in the United States" gives a term
 *   finding and a stale-statement finding on the same words. Two rules, two findings;
 *   accepted.
 */
import { describe, expect, it } from 'vitest';
import { INNOLITICS, keys, list, scanFile } from './support.js';

const QMS = `${INNOLITICS}/rdm/init_files/organization_qms`;

describe('innolitics rdm: wiki-link citations', () => {
  it('complaint.md: exactly the verified findings', async () => {
    const expected = list(`
      outdated-citation|820.198|L26                                    // [[21.CFR.820.198]]
      outdated-citation|820.198|L36                                    // TODO: ... 21.CFR.820.198 (no brackets)
      obsolete-term|formally designated unit|L38
      stale-statement|change.complaint-unit-paragraphs|L50             // maintained in a separate portion of the complaint files
      outdated-citation|820.198(e)|L50                                 // § 820.198(e)
      obsolete-term|formally designated unit|L58
      obsolete-term|control number|L64                                 // control number(s)
      obsolete-term|formally designated unit|L76                       // variant: formally designated complaint unit
      obsolete-term|reasonably accessible|L76
      obsolete-term|formally designated unit|L78
      obsolete-term|reasonably accessible|L78
      stale-statement|change.complaint-unit-paragraphs|L78             // reasonably accessible in the United States
    `);
    // "part 803 of this chapter" (lines 44 and 50) is current law and must not appear.
    expect(keys(await scanFile(`${QMS}/SOPs/complaint.md`))).toEqual(expected);
  });

  it('capa.md: exactly the verified findings', async () => {
    const expected = list(`
      obsolete-term|corrective and preventive action|L3                // front matter: title: CAPA SOP
      obsolete-term|quality system|L11                                 // Quality Systems SME (table)
      obsolete-term|corrective and preventive action|L21               // (CAPA)
      outdated-citation|820.100|L21                                    // [[21.CFR.820.100]] glued to the sentence
      obsolete-term|quality system|L35
      obsolete-term|corrective and preventive action|L36
      obsolete-term|quality system|L42
      obsolete-term|corrective and preventive action|L48
      obsolete-term|corrective and preventive action|L54
      obsolete-term|corrective and preventive action|L75
      obsolete-term|corrective and preventive action|L76
      obsolete-term|corrective and preventive action|L77               // two on this line
      obsolete-term|corrective and preventive action|L77
    `);
    // Line 74 has `capa/name_of_capa`: the abbreviation is matched case-sensitively, so no finding.
    expect(keys(await scanFile(`${QMS}/SOPs/capa.md`))).toEqual(expected);
  });

  it('quality_manual.md: exactly the verified findings', async () => {
    const expected = list(`
      obsolete-term|quality system|L12
      outdated-citation|820.20(d)|L24                                  // [[21.CFR.820.20.d,  21.CFR.820.186]]
      outdated-citation|820.186|L24
      outdated-citation|820.20(a)|L40                                  // IMDRF ids in the same list are not citations
      outdated-citation|820.20(b)|L40
      obsolete-term|quality system|L42
      outdated-citation|820.20(b)(1)|L46
      outdated-citation|820.20(b)(2)|L46
      outdated-citation|820.25(a)|L46
      outdated-citation|820.25(b)(1)|L46
      outdated-citation|820.25(b)(2)|L56
      outdated-citation|820.25(b)(2)|L84
      obsolete-term|quality system|L104
      obsolete-term|quality system|L107
      outdated-citation|820.20|L107                                    // in accordance with 21.CFR.820.20 (running text)
      outdated-citation|820.20(b)(3)(i)|L107
      obsolete-term|quality system|L108
      obsolete-term|management with executive responsibility|L108
      outdated-citation|820.20(b)(3)(ii)|L108
      obsolete-term|corrective and preventive action|L124
      obsolete-term|corrective and preventive action|L136
      obsolete-term|Design History File|L162
      outdated-citation|820.180|L166
      obsolete-term|Design History File|L189
      obsolete-term|Design History File|L190
      obsolete-term|Design History File|L191
      obsolete-term|corrective and preventive action|L209
      outdated-citation|820.30(b)|L235
      outdated-citation|820.30(c)|L235
      outdated-citation|820.30(d)|L235
      outdated-citation|820.30(e)|L235
      outdated-citation|820.30(i)|L235
      outdated-citation|820.60|L235
      outdated-citation|820.30(a)|L241
      outdated-citation|820.30(f)|L241
      outdated-citation|820.30(g)|L241
      obsolete-term|acceptance activities|L245
      outdated-citation|820.80|L247
      outdated-citation|820.30(h)|L255
      outdated-citation|820.70|L255
      outdated-citation|820.170|L255
      outdated-citation|820.120|L275
      outdated-citation|820.65|L283                                    // exclusions table, one citation per row
      outdated-citation|820.70|L284
      outdated-citation|820.70(2)|L285                                 // the document's typo for 820.70(a)(2)
      outdated-citation|820.70(c)|L286
      outdated-citation|820.70(d)|L287
      outdated-citation|820.70(e)|L288
      outdated-citation|820.70(f)|L289
      outdated-citation|820.70(g)|L290
      outdated-citation|820.70(h)|L291
      obsolete-term|manufacturing material|L291
      outdated-citation|820.72|L292
      outdated-citation|820.86|L293
      obsolete-term|Design History File|L293
      obsolete-term|acceptance activities|L293
      outdated-citation|820.90|L294
      obsolete-term|Design History File|L294
      outdated-citation|820.130|L295
      outdated-citation|820.140|L296
      outdated-citation|820.150|L297
      outdated-citation|820.160|L298
      outdated-citation|820.200|L299
      outdated-citation|820.250|L300
      obsolete-term|Design History File|L300
    `);
    const result = await scanFile(`${QMS}/quality_manual.md`);
    expect(keys(result)).toEqual(expected);
    // 46 citations: rg -o '21\.CFR\.820(\.[0-9a-z]+)+' quality_manual.md | wc -l
    expect(result.findings.filter((f) => f.ruleId === 'outdated-citation')).toHaveLength(46);
    // A wiki id names a source, not replacement text: the fixer must not rewrite it by itself.
    expect(result.findings.filter((f) => f.kind === 'citation' && f.fixable)).toEqual([]);
  });
});

describe('innolitics rdm: the full old-Part-820 checklist', () => {
  it('21CFR820.txt: one outdated citation per checklist line, and the verified terms', async () => {
    // Lines 7 to 63 each start with one wiki id: rg -c '^21\.CFR\.820\.' 21CFR820.txt → 57.
    const citations = list(`
      820.20(a) 820.20(b) 820.20(b)(1) 820.20(b)(2) 820.20(b)(3) 820.20(c) 820.20(d) 820.20(e) 820.22
      820.25(a) 820.25(b) 820.25(b)(1) 820.25(b)(2)
      820.30(a) 820.30(b) 820.30(c) 820.30(d) 820.30(e) 820.30(f) 820.30(g) 820.30(h) 820.30(i) 820.30(j)
      820.40(a) 820.40(b) 820.50(a) 820.60 820.65
      820.70 820.70(a) 820.70(b) 820.70(c) 820.70(d) 820.70(e) 820.70(f) 820.70(g) 820.70(h) 820.70(h)(i)
      820.72 820.75 820.80 820.86 820.90 820.100 820.120 820.130 820.140 820.150 820.160 820.170
      820.180 820.181 820.184 820.186 820.198 820.200 820.250
    `).flatMap((l) => l.split(/\s+/));
    expect(citations).toHaveLength(57);
    const expectedCitations = citations.map((c, i) => `outdated-citation|${c}|L${i + 7}`);
    const expectedTerms = list(`
      obsolete-term|management with executive responsibility|L7
      obsolete-term|quality system|L11                                 // quality systems subject matter expert
      obsolete-term|management with executive responsibility|L12
      obsolete-term|quality system|L12                                 // three times on line 12
      obsolete-term|quality system|L12
      obsolete-term|quality system|L12
      obsolete-term|quality system|L14                                 // three times on line 14
      obsolete-term|quality system|L14
      obsolete-term|quality system|L14
      obsolete-term|Design History File|L29
      obsolete-term|manufacturing material|L43
      obsolete-term|corrective and preventive action|L50
      obsolete-term|Device Master Record|L58
      obsolete-term|Device History Record|L59
      obsolete-term|Quality System Record|L60
      obsolete-term|statistical techniques|L63
    `);
    // Not terms here: line 10 "internal quality audits" and line 15 "Third Party quality audit"
    // are exceptions of term.quality-audit.
    const result = await scanFile(`${INNOLITICS}/rdm/checklists/21CFR820.txt`);
    const actual = keys(result);
    expect(actual.filter((k) => k.startsWith('outdated-citation|'))).toEqual(expectedCitations);
    expect(actual.filter((k) => k.startsWith('obsolete-term|'))).toEqual(expectedTerms);
    expect(actual).toHaveLength(expectedCitations.length + expectedTerms.length);
  });
});
