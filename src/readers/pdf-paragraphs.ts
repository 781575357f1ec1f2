/**
 * Joins a page's lines into paragraph blocks, so a citation broken across a
 * line end (`21 CFR` / `820.30(i)`) is one string. Lines are joined with a
 * space; a word hyphenated at the line end (`manufac-` / `turing`) is joined
 * without the hyphen. A new paragraph starts at a larger vertical gap, a
 * change of font size, or a jump upwards (the next column). Each line is one
 * segment located at page and line (one-based, in reading order on the page),
 * column 1; the space that joins two lines belongs to the earlier one.
 */
import type { SourceSegment, TextBlock } from '../doc-model/types.js';
import type { PdfLine } from './pdf-layout.js';

/** Paragraph blocks of one page. */
export function pageParagraphs(lines: readonly PdfLine[], page: number): TextBlock[] {
  const blocks: TextBlock[] = [];
  let text = '';
  let segments: SourceSegment[] = [];
  let prev: PdfLine | undefined;
  const flush = (): void => {
    if (/\S/.test(text)) blocks.push({ kind: 'paragraph', text, location: { ...segments[0]!.location }, segments });
    text = '';
    segments = [];
  };
  lines.forEach((line, i) => {
    if (!line.text) return;
    if (prev && continues(prev, line)) {
      const last = segments[segments.length - 1]!;
      if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(line.text)) {
        text = text.slice(0, -1);
        last.end = text.length;
      } else if (text.endsWith('\u00ad')) {
        text = text.slice(0, -1);
        last.end = text.length;
      } else {
        text += ' ';
        last.end = text.length;
      }
    } else flush();
    segments.push({ start: text.length, end: text.length + line.text.length, location: { page, line: i + 1, column: 1 } });
    text += line.text;
    prev = line;
  });
  flush();
  return blocks;
}

function continues(prev: PdfLine, next: PdfLine): boolean {
  const drop = prev.y - next.y;
  const size = Math.max(prev.size, next.size);
  if (drop <= 0 || drop > 1.75 * size) return false;
  const ratio = prev.size / next.size;
  return ratio < 1.2 && ratio > 1 / 1.2;
}
