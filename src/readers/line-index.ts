/**
 * Offsets in a text to one-based line and column. Columns count UTF-16 code
 * units (JavaScript string positions), so a tab or an accented letter is one
 * column; `\r\n`, `\n` and a lone `\r` each end a line.
 */

/** Line and column (one-based) of a text offset. */
export interface LineColumn {
  line: number;
  column: number;
}

/** Maps offsets of one text to lines and columns. */
export class LineIndex {
  /** Offset where each line starts; `starts[0]` is line 1. */
  readonly starts: number[] = [0];

  constructor(readonly text: string) {
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** Line and column of `offset`. */
  at(offset: number): LineColumn {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  /** Text of a line without its line break. */
  line(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    let end = next ?? this.text.length;
    if (next !== undefined) {
      end--;
      if (this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    }
    return this.text.slice(start, end);
  }
}
