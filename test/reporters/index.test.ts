import { describe, expect, it } from 'vitest';
import { reporters } from '../../src/reporters/index.js';
import { formatLocation } from '../../src/reporters/location.js';
import { scanResult } from './fixture.js';

describe('reporters registry', () => {
  it('has one reporter per scan format', () => {
    expect(Object.keys(reporters).sort()).toEqual(['csv', 'html', 'json', 'sarif', 'text']);
  });

  it('gives the same output whatever order the scan produced findings and files in', () => {
    const shuffled = scanResult();
    shuffled.findings.reverse();
    shuffled.files.reverse();
    for (const [name, report] of Object.entries(reporters)) {
      expect(report(shuffled, {}), name).toBe(report(scanResult(), {}));
    }
  });

  it('does not modify the scan result', () => {
    const r = scanResult();
    for (const report of Object.values(reporters)) report(r, {});
    expect(r).toEqual(scanResult());
  });
});

describe('formatLocation', () => {
  it.each([
    [{ line: 14, column: 3 }, '14:3'],
    [{ line: 14 }, '14'],
    [{ page: 2, paragraph: 14 }, 'p.2 ¶14'],
    [{ page: 2, line: 5, column: 1 }, 'p.2 5:1'],
    [{ paragraph: 9, part: 'word/document.xml' }, '¶9'],
    [{ paragraph: 1, part: 'word/header1.xml' }, 'header1 ¶1'],
    [{ sheet: 'Sheet1', cell: 'C4' }, 'Sheet1!C4'],
    [{ sheet: "Bob's list", cell: 'A1' }, "'Bob''s list'!A1"],
    [{}, '-'],
  ])('%j → %s', (loc, expected) => {
    expect(formatLocation(loc)).toBe(expected);
  });
});
