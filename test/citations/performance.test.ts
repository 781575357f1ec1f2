/**
 * The scanner calls findCitations on every paragraph of thousands of
 * documents: it must stay linear, with no catastrophic backtracking.
 * Bounds are generous (measured times are 10–20 times smaller) so that the
 * test fails on quadratic behaviour, not on a slow machine.
 */
import { describe, expect, it } from 'vitest';
import { findCitations } from '../../src/citations/index.js';

const MB = 1_000_000;

function repeat(unit: string, length = MB): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Pseudo-random soup of citation fragments (fixed seed). */
function soup(length = MB): string {
  const pieces = ['820.', '3', '0', '(', ')', 'a', 'ii', '.', ' ', ', ', '-', '—', '§', '§§', '21 CFR ', 'Part ', 'Subpart ', ' and ', '\n', 'QSR '];
  let x = 12345;
  let s = '';
  while (s.length < length) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += pieces[x % pieces.length];
  }
  return s;
}

function timed(text: string): { ms: number; count: number } {
  const t0 = performance.now();
  const count = findCitations(text, { bare: 'always' }).length;
  return { ms: performance.now() - t0, count };
}

const adversarial: [string, () => string][] = [
  ['digits, dots and parentheses', () => repeat('820.(1)(a)820.30.820((((3)))).')],
  ['digits only', () => repeat('8')],
  ['"820." repeated', () => repeat('820.')],
  ['open parentheses after a section', () => '820.30' + repeat('(')],
  ['paragraph groups without end', () => '21 CFR 820.30' + repeat('(a)(1)(i)(A)')],
  ['section signs', () => repeat('§')],
  ['"21 CFR " repeated', () => repeat('21 CFR ')],
  ['whitespace after every kind of prefix', () => '§ 21 CFR Part Subpart QSR Sec. ' + repeat(' ') + 'x'],
  ['random citation soup', () => soup()],
];

describe('findCitations on 1 MB of adversarial text', () => {
  it.each(adversarial)('%s finishes well under a second', (_name, make) => {
    const text = make();
    expect(text.length).toBeGreaterThanOrEqual(MB);
    timed(text.slice(0, 10_000)); // warm up
    expect(timed(text).ms).toBeLessThan(1000);
  });

  it('stays linear on a megabyte of genuine list items (one result per item)', () => {
    const list = timed('21 CFR 820.20' + repeat(', 820.22'));
    expect(list.count).toBe(1 + Math.ceil(MB / ', 820.22'.length));
    expect(list.ms).toBeLessThan(3000);
    const paragraphs = timed('21 CFR 820.30(a)' + repeat(', (b)'));
    expect(paragraphs.count).toBe(1 + MB / ', (b)'.length);
    expect(paragraphs.ms).toBeLessThan(3000);
  });

  it('takes about twice as long for twice the text', () => {
    const one = soup(MB);
    const two = soup(2 * MB);
    timed(one);
    const a = Math.min(timed(one).ms, timed(one).ms);
    const b = Math.min(timed(two).ms, timed(two).ms);
    expect(b).toBeLessThan(a * 4 + 50);
  });

  it('skips text without any citation marker cheaply', () => {
    const prose = repeat('The manufacturer shall establish and maintain procedures for design review. ');
    expect(timed(prose)).toMatchObject({ count: 0 });
    expect(timed(prose).ms).toBeLessThan(200);
  });
});
