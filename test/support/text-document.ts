import type { TextDocument } from '../../src/doc-model/types.js';

/** A document of one paragraph block per line, as the plain-text reader would give for simple text. */
export function linesDocument(text: string, path = 'inline.txt'): TextDocument {
  return {
    path,
    format: 'txt',
    warnings: [],
    blocks: text.split('\n').map((line, i) => ({ kind: 'paragraph', text: line, location: { line: i + 1, column: 1 } })),
  };
}
