/**
 * From a block offset to the Word run a fixer must edit.
 */
import type { TextBlock } from '../doc-model/types.js';

/**
 * The run (zero-based index among the paragraph's own `w:r` elements, deleted
 * ones included) and the offset into that run's current text of the character
 * at `offset` in a docx block; undefined when the block has no run map.
 * Convention: src/readers/docx-walker.ts.
 */
export function runAt(block: TextBlock, offset: number): { index: number; offset: number } | undefined {
  for (const s of block.segments ?? []) {
    if (offset >= s.start && offset < s.end && s.run) return { index: s.run.index, offset: s.run.offset + (offset - s.start) };
  }
  return undefined;
}
