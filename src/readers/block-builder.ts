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
    for (let i = 0; i < value.length; i++) {
      const at = offsets[i]!;
      const prev = src.charCodeAt(this.last);
      const contiguous = at === this.last + 1 && this.lastExact && prev !== 10 && prev !== 13;
      if (!contiguous) this.start(at);
      this.text += value[i];
      this.segments[this.segments.length - 1]!.end = this.text.length;
      this.last = at;
      this.lastExact = src[at] === value[i];
    }
  }

  /** Appends a verbatim slice of the source. */
  appendSource(from: number, to: number): void {
    const offsets = new Array<number>(to - from);
    for (let i = 0; i < offsets.length; i++) offsets[i] = from + i;
    this.appendMapped(this.lines.text.slice(from, to), offsets);
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

  private start(at: number): void {
    const { line, column } = this.lines.at(at);
    const start = this.text.length;
    const prev = this.segments[this.segments.length - 1];
    if (prev && prev.start === prev.end) this.segments.pop();
    this.segments.push({ start, end: start, location: { ...this.base, line, column } });
  }
}
