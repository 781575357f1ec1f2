/**
 * Walks an OpenDocument text part (content.xml, or the headers and footers in
 * styles.xml) and makes a block of every `text:p`/`text:h` with text.
 * Current text only: the `text:tracked-changes` region, where deleted text is
 * kept, is skipped; inserted text sits in the body and is read. Footnote and
 * endnote bodies, comments (`office:annotation`) and text boxes become their
 * own blocks; their markers (`text:note-citation`) are not text.
 * `location.paragraph` counts every `text:p`/`text:h` of the part in
 * document order, one-based.
 */
import type { BlockKind, SourceLocation, TextBlock } from '../doc-model/types.js';
import { attr, type XmlHandler, type XmlTag } from './xml.js';

const TEXT = 'urn:oasis:names:tc:opendocument:xmlns:text:1.0';
const TABLE = 'urn:oasis:names:tc:opendocument:xmlns:table:1.0';
const OFFICE = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0';
const DRAW = 'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0';
const STYLE = 'urn:oasis:names:tc:opendocument:xmlns:style:1.0';
const DC = 'http://purl.org/dc/elements/1.1/';

interface Para {
  text: string;
  location: SourceLocation;
  kind: BlockKind;
  level?: number;
}

/** SAX handler producing the blocks of one OpenDocument part. */
export class OdtPartWalker implements XmlHandler {
  readonly blocks: TextBlock[] = [];
  private readonly paras: Para[] = [];
  /** Why text is being ignored: nesting depth of skipped elements. */
  private skip = 0;
  private count = 0;
  private tableCount = 0;
  private readonly tables: { index: number; row: number; column: number }[] = [];
  /** Enclosing containers that decide the kind: 'footnote', 'endnote', 'comment', 'text-box', 'list-item', 'header', 'footer'. */
  private readonly containers: BlockKind[] = [];

  constructor(
    private readonly part: string,
    /** In styles.xml only headers and footers are read. */
    private readonly onlyPageStyles = false,
  ) {}

  open = (tag: XmlTag): void => {
    const { uri, local } = tag;
    const paragraph = uri === TEXT && (local === 'p' || local === 'h');
    if (paragraph && this.skip > 0) this.count++;
    if (this.skip > 0 || (uri === TEXT && (local === 'tracked-changes' || local === 'note-citation')) || (uri === DC && this.containers.includes('comment'))) {
      this.skip++;
      return;
    }
    if (paragraph) return this.openParagraph(local === 'h' ? Number(attr(tag, 'outline-level') ?? 1) : undefined);
    if (uri === TEXT && local === 's') return this.add(' '.repeat(Math.min(1000, Number(attr(tag, 'c') ?? 1))));
    if (uri === TEXT && local === 'tab') return this.add('\t');
    if (uri === TEXT && local === 'line-break') return this.add('\n');
    if (uri === TEXT && local === 'note') this.containers.push(attr(tag, 'note-class') === 'endnote' ? 'endnote' : 'footnote');
    else if (uri === OFFICE && local === 'annotation') this.containers.push('comment');
    else if (uri === DRAW && local === 'text-box') this.containers.push('text-box');
    else if (uri === TEXT && local === 'list-item') this.containers.push('list-item');
    else if (uri === STYLE && /^(header|footer)(-left|-first)?$/.test(local)) this.containers.push(local.startsWith('header') ? 'header' : 'footer');
    else if (uri === TABLE && local === 'table') this.tables.push({ index: ++this.tableCount, row: 0, column: 0 });
    else if (uri === TABLE && local === 'table-row') this.row();
    else if (uri === TABLE && (local === 'table-cell' || local === 'covered-table-cell')) this.cell();
  };

  close = (tag: XmlTag): void => {
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    const { uri, local } = tag;
    if (uri === TEXT && (local === 'p' || local === 'h')) return this.closeParagraph();
    if (
      (uri === TEXT && (local === 'note' || local === 'list-item')) ||
      (uri === OFFICE && local === 'annotation') ||
      (uri === DRAW && local === 'text-box') ||
      (uri === STYLE && /^(header|footer)(-left|-first)?$/.test(local))
    ) {
      this.containers.pop();
    } else if (uri === TABLE && local === 'table') this.tables.pop();
  };

  /** ODF collapses runs of spaces, tabs and line breaks in text to one space (`text:s` writes real spaces). */
  text = (text: string): void => {
    const p = this.paras[this.paras.length - 1];
    if (this.skip > 0 || !p) return;
    let t = text.replace(/[ \t\r\n]+/g, ' ');
    if (t.startsWith(' ') && (p.text === '' || p.text.endsWith(' '))) t = t.slice(1);
    this.add(t);
  };

  private row(): void {
    const t = this.tables[this.tables.length - 1];
    if (t) {
      t.row++;
      t.column = 0;
    }
  }

  private cell(): void {
    const t = this.tables[this.tables.length - 1];
    if (t) t.column++;
  }

  private openParagraph(level: number | undefined): void {
    const location: SourceLocation = { part: this.part, paragraph: ++this.count };
    const t = this.tables[this.tables.length - 1];
    if (t) location.table = { ...t };
    const container = this.containers[this.containers.length - 1];
    let kind: BlockKind = level !== undefined ? 'heading' : 'paragraph';
    if (container && container !== 'list-item') kind = container;
    else if (t) kind = 'table-cell';
    else if (container === 'list-item' && level === undefined) kind = 'list-item';
    const para: Para = { text: '', location, kind };
    if (kind === 'heading') para.level = level;
    this.paras.push(para);
  }

  private closeParagraph(): void {
    const p = this.paras.pop();
    if (!p || !/\S/.test(p.text)) return;
    if (this.onlyPageStyles && p.kind !== 'header' && p.kind !== 'footer') return;
    const block: TextBlock = { kind: p.kind, text: p.text, location: p.location };
    if (p.level !== undefined) block.level = p.level;
    this.blocks.push(block);
  }

  private add(s: string): void {
    const p = this.paras[this.paras.length - 1];
    if (p) p.text += s;
  }
}
