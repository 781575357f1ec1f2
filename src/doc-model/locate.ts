import type { SourceLocation, TextBlock } from './types.js';

/**
 * Location of the character at `offset` in a block: the segment that holds it,
 * with line and column advanced over any newlines inside the segment. A new
 * object each time, which the caller may change.
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
  const end = Math.min(to, text.length);
  let line = base.line;
  let lineStart = -1;
  for (let nl = text.indexOf('\n', from); nl >= 0 && nl < end; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  out.line = line;
  out.column = lineStart < 0 ? (base.column ?? 1) + Math.max(0, end - from) : 1 + end - lineStart;
  return out;
}
