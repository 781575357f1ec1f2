/**
 * Prefilters must never hide a match: a text a pattern matches always
 * satisfies one of the pattern's alternatives (a word of each of its clauses).
 * Checked on hand-written patterns, and on every pattern the knowledge base
 * compiles against the whole text corpus (14 MB of real QMS documents and
 * both versions of Part 820). The word index (one pass per document) must
 * give exactly the verdicts of searching each block.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { foldCase, mayMatch, prefilterFor, requiredWords } from '../../src/scanner/prefilter.js';
import { compileTerms } from '../../src/scanner/terms.js';
import { WordIndex } from '../../src/scanner/word-index.js';
import { allMatches } from '../../src/util/regex.js';
import { CORPUS } from '../corpus/support.js';

/** The alternatives with clauses and words sorted, for comparing. */
const sorted = (alternatives: string[][][] | undefined): string[][][] | undefined =>
  alternatives?.map((clauses) => clauses.map((c) => [...c].sort()).sort((a, b) => (a.join() < b.join() ? -1 : 1)));

describe('requiredWords', () => {
  const cases: [RegExp, string[][][] | undefined][] = [
    [/\bdesign\s+and\s+expected\s+life\b/giu, [[['design'], ['and'], ['expected'], ['life']]]],
    [/(?:exempt|excluded)\s+from/giu, [[['exempt'], ['from']], [['excluded'], ['from']]]],
    [/\b(?:FDA|QSR)\b.{0,40}\bindependent\s+reviewers?\b/giu, [[['fda'], ['independent'], ['reviewer']], [['qsr'], ['independent'], ['reviewer']]]],
    [/(?<!\bno\s+longer\s+)\brequires?\b/giu, [[['require']]]],
    [/(?:the\s+)?regulation/giu, [[['regulation']]]],
    [/complaints?/giu, [[['complaint']]]],
    [/820\.180/gu, [[['820.180']]]],
    [/(?<name>audit|review)s?/giu, [[['audit']], [['review']]]],
    [/a{3}bcd/giu, [[['bcd']]]],
    [/DHR/gu, [[['DHR']]]],
    [/\bDHR\b|device history record/giu, [[['dhr']], [['device history record']]]],
    [/(?<![\p{L}\p{N}_])(?:Device[\s\u00a0-]+History[\s\u00a0-]+Record)(?<plural>e?s)?/giu, [[['device'], ['history'], ['record']]]],
  ];
  for (const [pattern, expected] of cases) {
    it(`reads ${pattern.source}`, () => expect(sorted(requiredWords(pattern)?.map((a) => a.map((c) => [...c])))).toEqual(sorted(expected)));
  }

  it('gives up, so the pattern always runs, where it cannot be sure', () => {
    expect(requiredWords(/(\w+)\s+\1/gu)).toBeUndefined(); // back-reference
    expect(requiredWords(/[A-Z]{2,}\d+/gu)).toBeUndefined(); // no literal at all
    expect(requiredWords(/(?:x|\d+)/gu)).toBeUndefined(); // one option without a literal
    expect(requiredWords(/ab/giu)).toBeUndefined(); // too short to be worth it
    expect(requiredWords(/(?:audit)?\s*report/giu)).toEqual([[['report']]]); // the optional word is not required
    expect(requiredWords(/\u00e9tude/giu)).toEqual([[['tude']]]); // a non-ASCII escape ends a literal
  });

  it('puts the most selective clause of an alternative first', () => {
    expect(requiredWords(/the\s+management\s+review/giu)).toEqual([[['management'], ['review'], ['the']]]);
  });

  it('merges a group into one clause once the alternatives would pass 16', () => {
    const many = /(?:aaa|bbb|ccc|ddd)\s(?:eee|fff|ggg|hhh)\s(?:iii|jjj)\s+xyz/giu;
    const alternatives = requiredWords(many)!;
    expect(alternatives).toHaveLength(16);
    for (const clauses of alternatives) {
      expect(clauses).toContainEqual(['xyz']);
      expect(clauses).toContainEqual(['iii', 'jjj']);
    }
    for (const text of ['aaa fff jjj xyz', 'ddd eee iii xyz']) expect(mayMatch(prefilterFor(many), text)).toBe(true);
    expect(mayMatch(prefilterFor(many), 'aaa fff xyz')).toBe(false);
  });

  it('needs every required word, not just one', () => {
    const filter = prefilterFor(/\bdevice\s+history\s+records?\b/giu);
    expect(mayMatch(filter, 'The device history record')).toBe(true);
    expect(mayMatch(filter, 'The device master record and its own records')).toBe(false); // no "history"
  });

  it('keeps case for case-sensitive patterns and folds it for caseless ones', () => {
    const filter = prefilterFor(/\bQSIT\b/gu);
    expect(mayMatch(filter, 'the QSIT approach')).toBe(true);
    expect(mayMatch(filter, 'the qsit approach')).toBe(false);
    const caseless = prefilterFor(/\bqsit\b/giu);
    expect(mayMatch(caseless, 'The QSIT approach')).toBe(true);
  });

  it('treats the long s and the Kelvin sign as the letters that case-insensitive patterns take them for', () => {
    for (const [pattern, text] of [
      [/\bshall\b/giu, 'Records \u017fhall be kept.'],
      [/\bkept\b/giu, 'Records are \u212aept.'],
    ] as const) {
      expect(pattern.test(text)).toBe(true);
      expect(mayMatch(prefilterFor(pattern), text)).toBe(true);
      expect(foldCase(text)).not.toMatch(/[\u017f\u212a]/);
    }
  });
});

describe('WordIndex', () => {
  it('tells each block of a document apart', () => {
    const index = new WordIndex();
    const shielded = index.gate(/\bshielded\s+from\b/giu);
    const qsit = index.gate(/\bQSIT\b/gu);
    const words = index.read([{ text: 'Audit reports are' }, { text: 'Shielded from FDA.' }, { text: 'qsit, QSIT' }, { text: 'qsit only' }]);
    expect([0, 1, 2, 3].map((b) => words.mayMatch(shielded, b))).toEqual([false, true, false, false]);
    expect([0, 1, 2, 3].map((b) => words.mayMatch(qsit, b))).toEqual([false, false, true, false]);
    // The next document starts afresh.
    const next = index.read([{ text: 'nothing here' }]);
    expect(next.mayMatch(shielded, 0)).toBe(false);
  });

  it('passes a block through a union when it may pass one of the gates', () => {
    const index = new WordIndex();
    const a = index.gate(/\bdesign\s+controls?\b/giu);
    const b = index.gate(/\bDHF\b/gu);
    const always = index.gate(/\d+/gu);
    const either = index.union([a, b]);
    const words = index.read([{ text: 'design controls' }, { text: 'the DHF' }, { text: 'the dhf' }, { text: 'design only' }]);
    expect([0, 1, 2, 3].map((i) => words.mayMatch(either, i))).toEqual([true, true, true, false]); // "dhf": a union folds case
    expect([0, 1, 2, 3].map((i) => words.mayMatch(b, i))).toEqual([false, true, false, false]);
    expect(words.mayMatch(index.union([a, always]), 3)).toBe(true);
  });

  it('handles documents of many blocks (more than one word of block bits)', () => {
    const index = new WordIndex();
    const gate = index.gate(/\bmanagement\s+review\b/giu);
    const blocks = Array.from({ length: 100 }, (_, i) => ({ text: i % 37 === 5 ? 'Management Review minutes' : i % 2 ? 'management only' : 'review only' }));
    const words = index.read(blocks);
    expect(blocks.map((_, i) => words.mayMatch(gate, i))).toEqual(blocks.map((b) => b.text.startsWith('Management')));
  });
});

describe('prefilters of the knowledge-base patterns', () => {
  const kb = getKnowledgeBase();
  const patterns: RegExp[] = [
    ...kb.changes.flatMap((c) => c.staleStatements.map((s) => new RegExp(s, 'giu'))),
    ...compileTerms(kb.terms).flatMap((t) => [t.full?.pattern, t.abbreviation?.pattern, ...t.exceptions.map((e) => e.pattern)].filter((p) => p !== undefined)),
  ];

  it('gate almost every pattern (the few without a literal always run)', () => {
    const gated = patterns.filter((p) => requiredWords(p) !== undefined);
    expect(gated.length / patterns.length).toBeGreaterThan(0.9);
  });

  it('never hide a match in the corpus or in the examples of each rule', () => {
    const texts = [...corpusTexts(), ...kb.changes.flatMap((c) => [c.title, c.summary]), readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'sops', 'SOP-004 Complaint Handling.md'), 'utf8')];
    const folded = texts.map(foldCase);
    let matches = 0;
    const hidden: string[] = [];
    for (const pattern of patterns) {
      const filter = prefilterFor(pattern);
      for (const [i, text] of texts.entries()) {
        if (!mayMatch(filter, text, folded[i])) {
          // The whole text is ruled out, so the pattern must not match anywhere in it.
          if (allMatches(pattern, text).length > 0) hidden.push(`${pattern.source} in a text the filter ruled out`);
          continue;
        }
        for (const m of allMatches(pattern, text)) {
          matches++;
          // Words come from what a match consumes, so the matched text itself satisfies the filter.
          if (!mayMatch(filter, m[0])) hidden.push(`${pattern.source} matched "${m[0]}" without the words of ${JSON.stringify(filter.alternatives)}`);
        }
      }
    }
    expect(hidden).toEqual([]);
    expect(matches).toBeGreaterThan(1000);
  }, 120_000);

  it('give the same verdict through the word index as by searching each block', () => {
    const index = new WordIndex();
    const gates = patterns.map((p) => index.gate(p));
    const documents = corpusTexts().map((t) => t.split(/\n\s*\n/).map((text) => ({ text })));
    let differ = 0;
    let admitted = 0;
    let checked = 0;
    for (const [d, blocks] of documents.entries()) {
      const words = index.read(blocks);
      for (const [b, { text }] of blocks.entries()) {
        // Every block of a few documents, every seventh block of the others.
        if (d % 10 !== 0 && b % 7 !== 0) continue;
        const folded = foldCase(text);
        for (const gate of gates) {
          const expected = mayMatch(gate.filter!, text, folded);
          checked++;
          if (words.mayMatch(gate, b) !== expected) differ++;
          if (expected) admitted++;
        }
      }
    }
    expect(differ).toBe(0);
    expect(admitted).toBeGreaterThan(1000);
    expect(checked).toBeGreaterThan(100_000);
  }, 120_000);
});

/** Every Markdown, text and HTML file of the shared corpus. */
function corpusTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const info = statSync(path);
      if (info.isDirectory()) walk(path);
      else if (/\.(?:md|txt|html?)$/i.test(name)) out.push(readFileSync(path, 'utf8'));
    }
  };
  walk(CORPUS);
  return out;
}
