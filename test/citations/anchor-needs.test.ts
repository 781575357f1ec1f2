/**
 * findCitations skips a text that ANCHOR_NEEDS does not match, so every
 * place ANCHOR can match must hold what ANCHOR_NEEDS looks for: checked on one
 * example of each kind of anchor and on every anchor in the corpus.
 */
import { describe, expect, it } from 'vitest';
import { ANCHOR, ANCHOR_NEEDS } from '../../src/citations/anchors.js';
import { findCitations } from '../../src/citations/index.js';
import { corpusTextFiles, readCorpus } from './corpus.js';

/** Whether ANCHOR_NEEDS finds its words in the anchor match `m` of `text` or the look-ahead after it. */
function covered(text: string, m: RegExpExecArray): boolean {
  return ANCHOR_NEEDS.test(text.slice(m.index, m.index + m[0].length + 64));
}

function anchors(text: string): RegExpExecArray[] {
  const re = new RegExp(ANCHOR);
  const out: RegExpExecArray[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out.push(m);
    re.lastIndex = m.index + 1;
  }
  return out;
}

describe('ANCHOR_NEEDS', () => {
  const examples: [string, string][] = [
    ['cfr', '21 CFR 820.30'],
    ['cfr', '21 C.\u00a0F.\u2009R. 803.50'],
    ['cfr', 'per 21 crf 820.30'],
    ['url', 'CFRSearch.cfm?fr=820.198'],
    ['sect', '§ 11.10'],
    ['sec', 'Sec. 820.65'],
    ['sec', 'Sections 820.3 and 820.5'],
    ['qsr', 'QS Regulation 820.90'],
    ['qsr', 'Quality System Regulation § 820.20'],
    ['subpart', 'Subpart M'],
    ['subpart', 'subparts\u00a0c and d'],
    ['part', 'Parts 803, 806'],
    ['bare', 'see 820.30(g)'],
  ];
  for (const [kind, text] of examples) {
    it(`holds for the ${kind} anchor in "${text}"`, () => {
      const found = anchors(text).filter((m) => m.groups![kind] !== undefined);
      expect(found.length).toBeGreaterThan(0);
      for (const m of found) expect(covered(text, m)).toBe(true);
    });
  }

  it('rules out paragraphs that only look like they might cite something', () => {
    for (const text of ['The department and third parties', 'See section 4 of the manual', 'QS/QA review', 'Cost: $820']) {
      expect(ANCHOR_NEEDS.test(text)).toBe(false);
      expect(findCitations(text, { bare: 'always' })).toEqual([]);
    }
  });

  it('holds for every anchor in the corpus', () => {
    let count = 0;
    const missed: string[] = [];
    for (const file of corpusTextFiles()) {
      const text = readCorpus(file);
      for (const m of anchors(text)) {
        count++;
        if (!covered(text, m)) missed.push(`${file}: ${JSON.stringify(text.slice(m.index, m.index + 40))}`);
      }
    }
    expect(missed).toEqual([]);
    expect(count).toBeGreaterThan(10_000);
  }, 120_000);
});
