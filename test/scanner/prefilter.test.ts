/**
 * Prefilters must never hide a match: a text a pattern matches always
 * contains one of the pattern's required literals. Checked on hand-written
 * patterns, and on every pattern the knowledge base compiles against the
 * whole text corpus (14 MB of real QMS documents and both versions of Part 820).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { DocumentGate, lowerForPrefilter, mayMatch, prefilterFor, requiredLiterals, TextProbe } from '../../src/scanner/prefilter.js';
import { compileTerms } from '../../src/scanner/terms.js';
import { allMatches } from '../../src/util/regex.js';
import { CORPUS } from '../corpus/support.js';

describe('requiredLiterals', () => {
  const cases: [RegExp, string[] | undefined][] = [
    [/\bdesign\s+and\s+expected\s+life\b/giu, ['expected']],
    [/(?:exempt|excluded)\s+from/giu, ['exempt', 'excluded']],
    [/\b(?:FDA|QSR)\b.{0,40}\bindependent\s+reviewers?\b/giu, ['independent']],
    [/(?<!\bno\s+longer\s+)\brequires?\b/giu, ['require']],
    [/(?:the\s+)?regulation/giu, ['regulation']],
    [/complaints?/giu, ['complaint']],
    [/820\.180/gu, ['820.180']],
    [/(?<name>audit|review)s?/giu, ['audit', 'review']],
    [/a{3}bcd/giu, ['bcd']],
    [/DHR/gu, ['DHR']],
    [/\bDHR\b|device history record/giu, ['dhr', 'device history record']],
  ];
  for (const [pattern, expected] of cases) {
    it(`reads ${pattern.source}`, () => expect(requiredLiterals(pattern)?.sort()).toEqual(expected?.sort()));
  }

  it('gives up, so the pattern always runs, where it cannot be sure', () => {
    expect(requiredLiterals(/(\w+)\s+\1/gu)).toBeUndefined(); // back-reference
    expect(requiredLiterals(/[A-Z]{2,}\d+/gu)).toBeUndefined(); // no literal at all
    expect(requiredLiterals(/(?:x|\d+)/gu)).toBeUndefined(); // one option without a literal
    expect(requiredLiterals(/ab/giu)).toBeUndefined(); // too short to be worth it
    expect(requiredLiterals(/(?:audit)?\s*report/giu)).toEqual(['report']); // the optional word is not required
    expect(requiredLiterals(/\u00e9tude/giu)).toEqual(['tude']); // a non-ASCII escape ends a literal
  });

  it('keeps case for case-sensitive patterns and lower-cases caseless ones', () => {
    const filter = prefilterFor(/\bQSIT\b/gu);
    expect(mayMatch(filter, 'the QSIT approach', lowerForPrefilter('the QSIT approach'))).toBe(true);
    expect(mayMatch(filter, 'the qsit approach', lowerForPrefilter('the qsit approach'))).toBe(false);
    const caseless = prefilterFor(/\bqsit\b/giu);
    expect(mayMatch(caseless, 'The QSIT approach', lowerForPrefilter('The QSIT approach'))).toBe(true);
  });

  it('treats the long s as the s that case-insensitive patterns take it for', () => {
    const pattern = /\bshall\b/giu;
    const text = 'Records \u017fhall be kept.';
    expect(pattern.test(text)).toBe(true);
    expect(mayMatch(prefilterFor(pattern), text, lowerForPrefilter(text))).toBe(true);
  });

  it('skips a pattern for a whole document when no block has its words', () => {
    const filter = prefilterFor(/\bshielded\s+from\b/giu);
    expect(new DocumentGate([{ text: 'Audit reports are' }, { text: 'available to FDA.' }]).admits(filter)).toBe(false);
    expect(new DocumentGate([{ text: 'Audit reports are' }, { text: 'Shielded from FDA.' }]).admits(filter)).toBe(true);
  });
});

describe('prefilters of the knowledge-base patterns', () => {
  const kb = getKnowledgeBase();
  const patterns: RegExp[] = [
    ...kb.changes.flatMap((c) => c.staleStatements.map((s) => new RegExp(s, 'giu'))),
    ...compileTerms(kb.terms).flatMap((t) => [t.full?.pattern, t.abbreviation?.pattern, ...t.exceptions.map((e) => e.pattern)].filter((p) => p !== undefined)),
  ];

  it('gate almost every pattern (the few without a literal always run)', () => {
    const gated = patterns.filter((p) => requiredLiterals(p) !== undefined);
    expect(gated.length / patterns.length).toBeGreaterThan(0.9);
  });

  it('never hide a match in the corpus or in the examples of each rule', () => {
    const texts = [...corpusTexts(), ...kb.changes.flatMap((c) => [c.title, c.summary]), readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'sops', 'SOP-004 Complaint Handling.md'), 'utf8')];
    const lowers = texts.map(lowerForPrefilter);
    let matches = 0;
    const hidden: string[] = [];
    for (const pattern of patterns) {
      const filter = prefilterFor(pattern);
      for (const [i, text] of texts.entries()) {
        if (!mayMatch(filter, text, lowers[i]!)) {
          // The whole text is ruled out, so the pattern must not match anywhere in it.
          if (allMatches(pattern, text).length > 0) hidden.push(`${pattern.source} in a text the filter ruled out`);
          continue;
        }
        for (const m of allMatches(pattern, text)) {
          matches++;
          // Literals come from what a match consumes, so the matched text itself holds one.
          if (!mayMatch(filter, m[0], lowerForPrefilter(m[0]))) hidden.push(`${pattern.source} matched "${m[0]}" without any of ${JSON.stringify(filter.literals)}`);
        }
      }
    }
    expect(hidden).toEqual([]);
    expect(matches).toBeGreaterThan(1000);
  }, 120_000);

  it('give the same verdict through a probe (trigram sets first) as by searching the text', () => {
    const probe = new TextProbe();
    const filters = patterns.map(prefilterFor);
    const texts = corpusTexts().flatMap((t) => t.split(/\n\s*\n/)).filter((_, i) => i % 7 === 0);
    let differ = 0;
    let admitted = 0;
    for (const text of texts) {
      probe.load(text);
      const lower = lowerForPrefilter(text);
      for (const filter of filters) {
        const expected = mayMatch(filter, text, lower);
        if (probe.mayMatch(filter) !== expected) differ++;
        if (expected) admitted++;
      }
    }
    expect(differ).toBe(0);
    expect(admitted).toBeGreaterThan(1000);
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
