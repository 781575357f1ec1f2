/**
 * The neutral document model every reader produces and every rule reads.
 * A reader turns a file into blocks of plain text; each block knows where it
 * sits in the source, and a source map takes an offset inside the block back
 * to a page, line and column (or a Word run, or a spreadsheet cell).
 */

export type DocumentFormat = 'docx' | 'pdf' | 'md' | 'txt' | 'html' | 'xlsx' | 'odt' | 'pptx';

/** What part of the document a block comes from. */
export type BlockKind =
  | 'paragraph'
  | 'heading'
  | 'list-item'
  | 'table-cell'
  | 'header'
  | 'footer'
  | 'footnote'
  | 'endnote'
  | 'comment'
  | 'text-box'
  | 'code'
  | 'cell'
  | 'slide'
  | 'page'
  /** Markdown YAML front matter. */
  | 'front-matter'
  /** A link target (URL) whose visible text differs from it; located at the URL in the source. */
  | 'link';

/** Where a block, or a point inside it, is in the source file. One-based numbers. */
export interface SourceLocation {
  page?: number;
  line?: number;
  column?: number;
  /** Paragraph number in document order (docx: body paragraphs, tables included). */
  paragraph?: number;
  /** Spreadsheet: sheet name and A1 cell address. */
  sheet?: string;
  cell?: string;
  /** Word package part, e.g. `word/document.xml`, `word/header1.xml`, `word/footnotes.xml`. */
  part?: string;
  /** Table position where the block sits in a table (one-based). */
  table?: { index: number; row: number; column: number };
}

/**
 * One segment of a block's text and where it came from. Segments are ordered
 * and cover the block text without overlap; `start`/`end` are offsets in the
 * block text (end exclusive). Readers fill in what they know.
 */
export interface SourceSegment {
  start: number;
  end: number;
  /** Location of the first character of this segment. */
  location: SourceLocation;
  /**
   * Word: zero-based index of the `w:r` run among the paragraph's own runs in
   * document order (runs inside `w:del`/`w:moveFrom` counted too, so the index
   * matches the XML whatever the revision view) and offset into the run's
   * current text. Full convention in src/readers/docx-walker.ts.
   */
  run?: { index: number; offset: number };
}

export interface TextBlock {
  kind: BlockKind;
  /** Current text of the block. Tracked deletions are not current text; tracked insertions are. */
  text: string;
  /** Location of the block's first character. */
  location: SourceLocation;
  /** Offset map back to the source; absent when `location` plus line arithmetic suffices. */
  segments?: SourceSegment[];
  /** Heading level (1 = top) for headings. */
  level?: number;
  /** Heading text this block sits under, for context in reports and evidence. */
  section?: string;
  /** For comments, footnotes and endnotes: which one the block belongs to (and a comment's author). */
  note?: { id: string; author?: string };
}

export interface TextDocument {
  /** Path as given to the reader. */
  path: string;
  format: DocumentFormat;
  blocks: TextBlock[];
  /** Document title if the file states one. */
  title?: string;
  pageCount?: number;
  /** Things the reader noticed that the user should know, e.g. "3 images skipped". */
  warnings: string[];
}
