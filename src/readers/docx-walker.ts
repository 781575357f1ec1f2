/**
 * Walks one WordprocessingML part (document, header, footer, footnotes,
 * endnotes, comments) as a SAX stream and turns every paragraph with text into
 * a block.
 *
 * Current text only: `w:del`/`w:moveFrom` content and `w:delText` are skipped,
 * `w:ins`/`w:moveTo` content is read. Text Word splits across runs (also inside
 * `w:hyperlink`, `w:smartTag`, `w:sdt`, `w:fldSimple`, `w:customXml`) is joined.
 * Field instructions (`w:instrText`) are not text; field results are.
 * Of an `mc:AlternateContent`, the first branch is read and a later one
 * (`mc:Fallback`) only when the earlier produced no text, so a text box is
 * never read twice.
 *
 * Numbering, which a fixer relies on to find the XML again:
 * - `location.paragraph`: one-based position of the `w:p` element among ALL
 *   `w:p` elements of the part in document order (start tags), including
 *   paragraphs in tables, text boxes and skipped branches (`mc:Fallback`).
 *   That is `part.getElementsByTagNameNS(W, 'p')[paragraph - 1]`.
 * - `segments[].run.index`: zero-based position of the run among the
 *   paragraph's OWN `w:r` elements in document order, that is every `w:r`
 *   whose nearest `w:p` ancestor is this paragraph, wherever it is nested
 *   (`w:hyperlink`, `w:ins`, `w:sdt`, ...), INCLUDING runs inside `w:del` and
 *   `w:moveFrom` and runs in skipped branches. Runs of a text box's own
 *   paragraphs belong to those paragraphs. So the index never depends on
 *   whether tracked changes are shown, and a fixer counts the XML as it is.
 * - `run.offset`: offset into the run's current text, which is its `w:t`
 *   text with `w:tab`/`w:ptab` as `\t`, `w:br`/`w:cr` as `\n` and
 *   `w:noBreakHyphen` as `-`, in element order (`w:sym`, `w:softHyphen`,
 *   `w:instrText` and `w:delText` add nothing). A segment never spans two
 *   runs, so the character at block offset `o` is at
 *   `run.offset + (o - segment.start)` of run `run.index`.
 */
import type { BlockKind, SourceLocation, SourceSegment, TextBlock } from '../doc-model/types.js';
import type { DocxStyles } from './docx-styles.js';
import { attr, type XmlHandler, type XmlTag } from './xml.js';

/** Which kind of part is walked; decides the block kinds. */
export type DocxPartKind = 'body' | 'header' | 'footer' | 'footnote' | 'endnote' | 'comment';

const W_NS = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);
const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

type Table = { index: number; row: number; column: number };

interface Para {
  index: number;
  text: string;
  segments: SourceSegment[];
  location: SourceLocation;
  /** Own `w:r` elements seen so far. */
  runs: number;
  /** Index of the open own run, -1 outside a run. */
  run: number;
  /** Characters the open run has contributed. */
  runOffset: number;
  hidden: boolean;
  inTextBox: boolean;
  inTable: boolean;
  style?: string;
  numbered?: boolean;
  outline?: number;
}

/** SAX handler producing the blocks of one part. */
export class DocxPartWalker implements XmlHandler {
  readonly blocks: TextBlock[] = [];
  /** Whether the part contains tracked changes. */
  trackedChanges = false;
  private readonly paras: Para[] = [];
  /** Element path: W elements by local name, mc elements as `mc:x`, others as `#x`. */
  private readonly path: string[] = [];
  private readonly tables: (Table | null)[] = [];
  private readonly alternates: { start: number; taken: boolean }[] = [];
  private readonly branchSkips: boolean[] = [];
  private paragraphCount = 0;
  private tableCount = 0;
  /** Depth of content that is not current text (deleted, moved away, unchosen branch). */
  private skip = 0;
  private textBoxes = 0;
  private inText = false;
  /** Characters added so far; tells whether an AlternateContent branch produced text. */
  private produced = 0;
  /** The comment, footnote or endnote being read, in those parts. */
  private note: { id: string; author?: string } | undefined;

  constructor(
    private readonly part: string,
    private readonly kind: DocxPartKind,
    private readonly styles: DocxStyles,
  ) {}

  open = (tag: XmlTag): void => {
    const key = W_NS.has(tag.uri) ? tag.local : tag.uri === MC_NS ? `mc:${tag.local}` : `#${tag.local}`;
    const parent = this.path[this.path.length - 1];
    this.path.push(key);
    switch (key) {
      case 'p':
        return this.openParagraph();
      case 'comment':
      case 'footnote':
      case 'endnote': {
        const id = attr(tag, 'id');
        const author = attr(tag, 'author');
        if (id !== undefined) this.note = { id, ...(author ? { author } : {}) };
        return;
      }
      case 'r': {
        const p = this.top();
        if (p) {
          p.run = p.runs++;
          p.runOffset = 0;
        }
        return;
      }
      case 't':
        this.inText = parent === 'r';
        return;
      case 'tab':
      case 'ptab':
        if (parent === 'r') this.add('\t');
        return;
      case 'br':
      case 'cr':
        if (parent === 'r') this.add('\n');
        return;
      case 'noBreakHyphen':
        if (parent === 'r') this.add('-');
        return;
      case 'del':
      case 'moveFrom':
        this.trackedChanges = true;
        this.skip++;
        return;
      case 'ins':
      case 'moveTo':
        this.trackedChanges = true;
        return;
      case 'txbxContent':
        this.textBoxes++;
        this.tables.push(null);
        return;
      case 'tbl':
        this.tables.push({ index: ++this.tableCount, row: 0, column: 0 });
        return;
      case 'tr': {
        const t = this.tables[this.tables.length - 1];
        if (t) {
          t.row++;
          t.column = 0;
        }
        return;
      }
      case 'tc': {
        const t = this.tables[this.tables.length - 1];
        if (t) t.column++;
        return;
      }
      case 'pStyle':
      case 'outlineLvl':
      case 'numId':
        return this.paragraphProperty(key, attr(tag, 'val'));
      case 'mc:AlternateContent':
        this.alternates.push({ start: this.produced, taken: false });
        return;
      case 'mc:Choice':
      case 'mc:Fallback': {
        const a = this.alternates[this.alternates.length - 1];
        const read = !a || !a.taken || a.start === this.produced;
        if (a) a.taken = true;
        this.branchSkips.push(!read);
        if (!read) this.skip++;
        return;
      }
    }
  };

  close = (): void => {
    const key = this.path.pop();
    switch (key) {
      case 'p':
        return this.closeParagraph();
      case 'comment':
      case 'footnote':
      case 'endnote':
        this.note = undefined;
        return;
      case 'r': {
        const p = this.top();
        if (p) p.run = -1;
        return;
      }
      case 't':
        this.inText = false;
        return;
      case 'del':
      case 'moveFrom':
        this.skip--;
        return;
      case 'txbxContent':
        this.textBoxes--;
        this.tables.pop();
        return;
      case 'tbl':
        this.tables.pop();
        return;
      case 'mc:AlternateContent':
        this.alternates.pop();
        return;
      case 'mc:Choice':
      case 'mc:Fallback':
        if (this.branchSkips.pop()) this.skip--;
        return;
    }
  };

  text = (text: string): void => {
    if (this.inText) this.add(text);
  };

  private top(): Para | undefined {
    return this.paras[this.paras.length - 1];
  }

  private openParagraph(): void {
    const index = ++this.paragraphCount;
    const t = this.tables[this.tables.length - 1];
    const location: SourceLocation = { part: this.part, paragraph: index };
    if (t) location.table = { index: t.index, row: t.row, column: t.column };
    this.paras.push({
      index,
      text: '',
      segments: [],
      location,
      runs: 0,
      run: -1,
      runOffset: 0,
      hidden: this.skip > 0,
      inTextBox: this.textBoxes > 0,
      inTable: t !== undefined && t !== null,
    });
  }

  private paragraphProperty(key: string, val: string | undefined): void {
    const n = this.path.length;
    const p = this.top();
    if (!p || val === undefined) return;
    if (key === 'numId') {
      if (this.path[n - 2] === 'numPr' && this.path[n - 3] === 'pPr' && this.path[n - 4] === 'p') p.numbered = val !== '0';
    } else if (this.path[n - 2] === 'pPr' && this.path[n - 3] === 'p') {
      if (key === 'pStyle') p.style = val;
      else p.outline = Number(val);
    }
  }

  private add(s: string): void {
    const p = this.top();
    if (!p || this.skip > 0 || p.run < 0 || !s) return;
    const last = p.segments[p.segments.length - 1];
    if (last && last.run?.index === p.run && last.end === p.text.length) last.end += s.length;
    else p.segments.push({ start: p.text.length, end: p.text.length + s.length, location: p.location, run: { index: p.run, offset: p.runOffset } });
    p.text += s;
    p.runOffset += s.length;
    this.produced += s.length;
  }

  private closeParagraph(): void {
    const p = this.paras.pop();
    if (!p || p.hidden || !/\S/.test(p.text)) return;
    const block: TextBlock = { kind: this.blockKind(p), text: p.text, location: p.location, segments: p.segments };
    if (block.kind === 'heading') block.level = this.headingLevel(p);
    if (this.note) block.note = this.note;
    this.blocks.push(block);
  }

  private headingLevel(p: Para): number | undefined {
    if (p.outline !== undefined) return p.outline >= 0 && p.outline <= 8 ? p.outline + 1 : undefined;
    return this.styles.headingLevel(p.style);
  }

  private blockKind(p: Para): BlockKind {
    if (this.kind !== 'body') return this.kind;
    if (p.inTextBox) return 'text-box';
    if (p.inTable) return 'table-cell';
    if (this.headingLevel(p) !== undefined) return 'heading';
    if (p.numbered ?? this.styles.isList(p.style)) return 'list-item';
    return 'paragraph';
  }
}
