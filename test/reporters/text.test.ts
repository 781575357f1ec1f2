import { describe, expect, it } from 'vitest';
import { textReporter } from '../../src/reporters/text.js';
import { expectGolden } from '../support/golden.js';
import { DOCX, emptyResult, findingOf, hostileResult, scanResult } from './fixture.js';

// eslint-disable-next-line no-control-regex -- matching ANSI escape sequences is the point
const ANSI = /\u001b\[[0-9;]*m/g;

describe('text reporter', () => {
  const plain = textReporter(scanResult(), {});
  const colored = textReporter(scanResult(), { color: true });

  it('matches the golden file without colour', () => {
    expect(plain).not.toContain('\u001b');
    expectGolden('reporters/scan.txt', plain);
  });

  it('groups findings under each file path with location, severity, message and rule', () => {
    const lines = plain.split('\n');
    const heading = lines.indexOf(DOCX);
    expect(heading).toBeGreaterThanOrEqual(0);
    expect(lines[heading + 1]).toMatch(/^ {2}¶9 +error {4}820\.30\(g\) \(Design validation\) .* {2}outdated-citation$/);
    expect(lines[heading + 2]).toContain('per »21 CFR 820.30(g)« under');
    expect(lines[heading + 3]).toMatch(/^ +→ ISO 13485:2016 clause 7\.3\.7 \(21 CFR 820\.10\(c\)\)$/);
    expect(lines[heading + 4]).toMatch(/^ {2}footnotes ¶2 +warning/);
  });

  it('uses page, paragraph and sheet!cell where there is no line', () => {
    expect(plain).toMatch(/^ {2}p\.2 ¶14 +warning/m);
    expect(plain).toMatch(/^ {2}Sheet1!B12 +error/m);
    expect(plain).toMatch(/^ {2}'Training 2024'!C4 +info/m);
    expect(plain).toMatch(/^ {2}22:12 +warning/m);
  });

  it('marks the right occurrence when a match appears twice in one context', () => {
    expect(plain).toContain('Record the »DHR« number on the CAPA form; the DHR stays with QA.');
    expect(plain).toContain('Record the DHR number on the CAPA form; the »DHR« stays with QA.');
  });

  it('lists files that could not be read and skipped files', () => {
    expect(plain).toMatch(/^SOPs\/scanned-2019\.pdf\n {2}error {2}Could not be read: The PDF has no text layer/m);
    expect(plain).toMatch(/^archive\/old-procedure\.doc\n {2}skipped {2}Word 97-2003/m);
    expect(plain).not.toContain('SOP-030'); // a clean file is not listed
  });

  it('ends with the summary and the versions that produced it', () => {
    const tail = plain.trimEnd().split('\n').slice(-2);
    expect(tail).toEqual([
      '✖ 12 findings in 4 files (5 errors, 5 warnings, 2 info); 1 file could not be read; 1 file skipped',
      'qmsr 0.1.0, knowledge base 1.4.0 (hash 0123456789ab), 2026-03-02T09:15:00.000Z',
    ]);
  });

  it('says so when there is nothing to report', () => {
    expect(textReporter(emptyResult(), {})).toBe(
      '✔ No findings in 1 file read\nqmsr 0.1.0, knowledge base 1.4.0 (hash 0123456789ab), 2026-03-02T09:15:00.000Z\n',
    );
  });

  it('with colour: adds ANSI codes, underlines the match, and is otherwise the same text', () => {
    expect(colored).toMatch(ANSI);
    expect(colored).toContain('\u001b[1m\u001b[4m21 CFR 820.30(g)\u001b[24m\u001b[22m');
    expect(colored.replace(ANSI, '')).toBe(plain.replace(/[»«]/g, ''));
  });

  it('neutralises terminal escapes and bidi overrides in document text', () => {
    const r = hostileResult();
    findingOf(r, DOCX, 'DHF').context = 'See the DHF \u202eindex\u202c.';
    const out = textReporter(r, { color: true });
    expect(out).not.toContain('\u001b[2J');
    expect(out).toContain('␛[2J␛[31m');
    expect(out).not.toContain('\u202e');
    expect(textReporter(r, {})).not.toContain('\u001b');
  });
});
