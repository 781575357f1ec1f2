import type { SourceLocation, TextBlock } from './types.js';

/**
 * Location of the character at `offset` in a block: the segment that holds it,
 * with line and column advanced over any newlines inside the segment.
 */
export function locate(block: TextBlock, offset: number): SourceLocation {
  const segments = block.segments;
  if (!segments || segments.length === 0) return advance(block.location, block.text, 0, offset);
  let seg = segments[0]!;
  for (const s of segments) {
    if (s.start <= offset) seg = s;
    else break;
  }
  return advance(seg.location, block.text, seg.start, offset);
}

function advance(base: SourceLocation, text: string, from: number, to: number): SourceLocation {
  const out: SourceLocation = { ...base };
  if (base.line === undefined) return out;
  let line = base.line;
  let column = base.column ?? 1;
  for (let i = from; i < to && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  out.line = line;
  out.column = column;
  return out;
}
