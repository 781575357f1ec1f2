/**
 * Gives every block the text of the heading it sits under, so reports and
 * evidence can say "in 4.2 Design changes" instead of "paragraph 57".
 */
import type { TextBlock } from '../doc-model/types.js';

/**
 * Sets `section` on blocks in document order: a heading gets the heading above
 * it of a higher rank, any other block the nearest heading before it.
 */
export function assignSections(blocks: readonly TextBlock[]): void {
  const stack: { level: number; text: string }[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      const level = block.level ?? 1;
      while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) block.section = parent.text;
      const text = block.text.replace(/\s+/g, ' ').trim();
      if (text) stack.push({ level, text });
    } else {
      const current = stack[stack.length - 1];
      if (current) block.section = current.text;
    }
  }
}
