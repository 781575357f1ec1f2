/**
 * Builds a block's text piece by piece while keeping, for every character, its
 * line and column in the source. A new segment starts wherever the source is
 * not contiguous (skipped markup, an escape, a decoded entity) and after every
 * line break, so `locate()` is exact for every offset.
 */
import type { BlockKind, SourceLocation, SourceSegment, TextBlock } from '../doc-model/types.js';
import type { LineIndex } from './line-index.js';

/** Accumulates text with its source map. */
export class BlockBuilder {
  text = '';
  readonly segments: SourceSegment[] = [];
  private last = -2;
  private lastExact = false;

  constructor(
    private readonly lines: LineIndex,
    /** Location fields every segment carries besides line and column (e.g. a table). */
    private readonly base: SourceLocation = {},
  ) {}

  /** Appends `value`, whose i-th character comes from source offset `offsets[i]`. */
  appendMapped(value: string, offsets: readonly number[]): void {
    const src = this.lines.text;
    const n = value.length;
    // Piece by piece: a piece is what joins one segment, so the checks run once per piece, not per character.
    for (let i = 0; i < n; ) {
      this.open(offsets[i]!);
      let j = i;
      let at = offsets[j]!;
      let exact = src.charCodeAt(at) === value.charCodeAt(j);
      // The next character stays in the segment when this one is copied from the source, is no line break, and the next one follows it there.
      while (exact && j + 1 < n) {
        const c = src.charCodeAt(at);
        if (c === 10 || c === 13 || offsets[j + 1] !== at + 1) break;
        j++;
        at++;
        exact = src.charCodeAt(at) === value.charCodeAt(j);
      }
      this.text += j === i ? value[i]! : value.slice(i, j + 1);
      this.segments[this.segments.length - 1]!.end = this.text.length;
      this.last = at;
      this.lastExact = exact;
      i = j + 1;
    }
  }

  /** Appends one character that comes from source offset `at` (as `appendMapped(char, [at])`). */
  appendChar(char: string, at: number): void {
    this.open(at);
    this.text += char;
    this.segments[this.segments.length - 1]!.end = this.text.length;
    this.last = at;
    this.lastExact = this.lines.text.charCodeAt(at) === char.charCodeAt(0);
  }

  /** Appends a verbatim slice of the source. */
  appendSource(from: number, to: number): void {
    const src = this.lines.text;
    for (let p = from; p < to; ) {
      this.open(p);
      // To the next line break, which ends the segment.
      let q = p;
      for (let c = src.charCodeAt(q); q < to && c !== 10 && c !== 13; c = src.charCodeAt(++q));
      const end = q < to ? q + 1 : to;
      this.text += src.slice(p, end);
      this.segments[this.segments.length - 1]!.end = this.text.length;
      this.last = end - 1;
      this.lastExact = true;
      p = end;
    }
  }

  /** Appends text that stands for something at source offset `at` (e.g. `\n` for `<br>`). */
  appendAt(value: string, at: number): void {
    if (!value) return;
    this.start(at);
    this.text += value;
    this.segments[this.segments.length - 1]!.end = this.text.length;
    this.last = -2;
  }

  /** Whether there is text other than whitespace. */
  hasText(): boolean {
    return /\S/.test(this.text);
  }

  /** The finished block; `location` is where its first character is. */
  build(kind: BlockKind, extra: Partial<TextBlock> = {}): TextBlock {
    const first = this.segments[0]?.location ?? { ...this.base };
    return { kind, text: this.text, location: { ...first }, segments: this.segments, ...extra };
  }

  /** Starts a new segment at `at` unless the character there continues the current one. */
  private open(at: number): void {
    const prev = this.lines.text.charCodeAt(this.last);
    if (!(at === this.last + 1 && this.lastExact && prev !== 10 && prev !== 13)) this.start(at);
  }

  private start(at: number): void {
    const { line, column } = this.lines.at(at);
    const start = this.text.length;
    const prev = this.segments[this.segments.length - 1];
    if (prev && prev.start === prev.end) this.segments.pop();
    this.segments.push({ start, end: start, location: { ...this.base, line, column } });
  }
}
