import { describe, expect, it } from 'vitest';
import type { SourceLocation, SourceSegment } from '../../src/doc-model/types.js';
import { BlockBuilder } from '../../src/readers/block-builder.js';
import { LineIndex } from '../../src/readers/line-index.js';

/** The builder's rule, one character at a time: a new segment wherever the source is not contiguous, not copied, or after a line break. */
class Reference {
  text = '';
  readonly segments: SourceSegment[] = [];
  private last = -2;
  private lastExact = false;

  constructor(private readonly lines: LineIndex) {}

  appendMapped(value: string, offsets: readonly number[]): void {
    const src = this.lines.text;
    for (let i = 0; i < value.length; i++) {
      const at = offsets[i]!;
      const prev = src.charCodeAt(this.last);
      if (!(at === this.last + 1 && this.lastExact && prev !== 10 && prev !== 13)) this.start(at);
      this.text += value[i];
      this.segments[this.segments.length - 1]!.end = this.text.length;
      this.last = at;
      this.lastExact = src[at] === value[i];
    }
  }

  appendAt(value: string, at: number): void {
    this.start(at);
    this.text += value;
    this.segments[this.segments.length - 1]!.end = this.text.length;
    this.last = -2;
  }

  private start(at: number): void {
    const { line, column } = this.lines.at(at);
    const prev = this.segments[this.segments.length - 1];
    if (prev && prev.start === prev.end) this.segments.pop();
    const location: SourceLocation = { line, column };
    this.segments.push({ start: this.text.length, end: this.text.length, location });
  }
}

/** A small deterministic random source. */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s % n;
  };
}

describe('BlockBuilder', () => {
  it('gives the same text and segments as appending one character at a time', () => {
    const rnd = random(820);
    const alphabet = 'ab c\n\r\t&;xyz';
    for (let round = 0; round < 400; round++) {
      let source = '';
      for (let i = 0, n = 20 + rnd(80); i < n; i++) source += alphabet[rnd(alphabet.length)];
      const lines = new LineIndex(source);
      const fast = new BlockBuilder(lines);
      const ref = new Reference(lines);
      let at = 0;
      for (let op = 0; op < 12 && at < source.length; op++) {
        const kind = rnd(4);
        const to = Math.min(source.length, at + 1 + rnd(12));
        if (kind === 0) {
          // A verbatim slice of the source.
          fast.appendSource(at, to);
          ref.appendMapped(source.slice(at, to), Array.from({ length: to - at }, (_, i) => at + i));
        } else if (kind === 1) {
          // Decoded text: some characters changed, some offsets skipped or repeated.
          let value = '';
          const offsets: number[] = [];
          for (let p = at; p < to; p++) {
            if (rnd(5) === 0) continue;
            value += rnd(6) === 0 ? 'Z' : source[p]!;
            offsets.push(rnd(8) === 0 ? Math.max(at, p - 1) : p);
          }
          fast.appendMapped(value, offsets);
          ref.appendMapped(value, offsets);
        } else if (kind === 2) {
          const char = rnd(2) === 0 ? ' ' : source[at]!;
          fast.appendChar(char, at);
          ref.appendMapped(char, [at]);
        } else {
          fast.appendAt('\n', at);
          ref.appendAt('\n', at);
        }
        at = to + rnd(3);
      }
      expect({ text: fast.text, segments: fast.segments }, source).toEqual({ text: ref.text, segments: ref.segments });
    }
  });

  it('starts a segment after every line break of a verbatim slice', () => {
    const source = 'one\r\ntwo\nthree\rfour';
    const b = new BlockBuilder(new LineIndex(source));
    b.appendSource(0, source.length);
    expect(b.text).toBe(source);
    expect(b.segments.map((s) => [s.start, s.end, s.location.line, s.location.column])).toEqual([
      [0, 4, 1, 1],
      [4, 5, 1, 5],
      [5, 9, 2, 1],
      [9, 15, 3, 1],
      [15, 19, 4, 1],
    ]);
  });
});
