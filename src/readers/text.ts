/**
 * Plain-text reader (.txt): encoding detected, one block per paragraph
 * (paragraphs are separated by blank lines), a segment per line so every
 * offset maps to its line and column. Line breaks inside a block are `\n`
 * whatever the file uses; the lines themselves are verbatim.
 */
import type { SourceSegment, TextBlock, TextDocument } from '../doc-model/types.js';
import { decodeText } from './encoding.js';
import { LineIndex } from './line-index.js';
import type { ReadContext } from './options.js';

/** Reads a plain-text file. */
export async function readText(data: Buffer, ctx: ReadContext): Promise<TextDocument> {
  const { text, encoding } = decodeText(data);
  const lines = new LineIndex(text);
  const blocks: TextBlock[] = [];
  let current: { text: string; segments: SourceSegment[] } | undefined;
  const count = lines.starts.length;
  for (let n = 1; n <= count; n++) {
    const line = lines.line(n);
    if (!/\S/.test(line)) {
      if (current) blocks.push(block(current));
      current = undefined;
      continue;
    }
    if (current) {
      current.text += '\n';
      current.segments[current.segments.length - 1]!.end += 1;
    } else current = { text: '', segments: [] };
    current.segments.push({ start: current.text.length, end: current.text.length + line.length, location: { line: n, column: 1 } });
    current.text += line;
  }
  if (current) blocks.push(block(current));
  const warnings = encoding === 'windows-1252' ? ['The file is not UTF-8; it was read as Windows-1252 (Western European).'] : [];
  return { path: ctx.path, format: 'txt', blocks, warnings };
}

function block(b: { text: string; segments: SourceSegment[] }): TextBlock {
  return { kind: 'paragraph', text: b.text, location: { ...b.segments[0]!.location }, segments: b.segments };
}
