/**
 * Builds real Word documents from a short description, with the `docx`
 * package: headings, paragraphs whose runs carry different formatting, tables,
 * bullets, headers and footers, footnotes and endnotes, comments, tracked
 * insertions and deletions, text boxes (VML, or Word-2010 style
 * `mc:AlternateContent` with a DrawingML choice and a VML fallback) and raw
 * WordprocessingML for anything else.
 *
 * Output is deterministic: package dates, zip entry dates and shape ids are
 * fixed, so the same description always gives the same bytes. Used by the
 * reader tests, the benchmark and the examples.
 */
import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  EndnoteReferenceRun,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  InsertedTextRun,
  Packer,
  PageBreak,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  Textbox,
  type ICommentOptions,
  type ParagraphChild,
} from 'docx';
import JSZip from 'jszip';

/** One run: plain text, formatted text, a revision, a note reference, a tab or a line break. */
export type DocxRunSpec =
  | string
  | { text: string; bold?: boolean; italics?: boolean; underline?: boolean; size?: number; font?: string; color?: string }
  | { inserted: string; author?: string }
  | { deleted: string; author?: string }
  | { footnote: number }
  | { endnote: number }
  | { tab: true }
  | { break: true };

/** A paragraph: runs (or one string), with optional heading level, bullet or comment. */
export interface DocxParagraphSpec {
  runs: DocxRunSpec[] | string;
  /** Heading 1–6. */
  heading?: 1 | 2 | 3 | 4 | 5 | 6;
  /** The "Title" style. */
  title?: boolean;
  /** Bulleted list item at this level (true = level 0). */
  bullet?: boolean | number;
  /** A comment anchored on the whole paragraph. */
  comment?: { text: string; author?: string };
  /** A paragraph style id, built in or from `DocxSpec.styles`. */
  style?: string;
}

type Para = string | DocxParagraphSpec;

/** A body element. */
export type DocxBlockSpec =
  | Para
  | { table: (Para | Para[])[][] }
  | { textBox: string[]; alternateContent?: boolean }
  | { pageBreak: true }
  /** WordprocessingML for one or more body elements (`<w:p>`, `<w:tbl>`), inserted as is. */
  | { rawXml: string };

/** A whole document. */
export interface DocxSpec {
  body: DocxBlockSpec[];
  title?: string;
  header?: Para[];
  footer?: Para[];
  /** Footnote text by id (ids from 1), referenced by `{ footnote: id }` runs. */
  footnotes?: Record<number, string>;
  endnotes?: Record<number, string>;
  /** Custom paragraph styles, e.g. a company heading based on "Heading2". */
  styles?: { id: string; name: string; basedOn?: string }[];
  /** Turn on Word's "Track Changes" setting. */
  trackRevisions?: boolean;
  /** Author and date for comments and revisions. Default "QA Reviewer", 2025-01-01. */
  author?: string;
  date?: string;
}

const DEFAULT_DATE = '2025-01-01T00:00:00Z';
const RAW = (n: number): string => `@@RAW${n}@@`;

/** Builds a .docx file from the description. Same description, same bytes. */
export async function buildDocx(spec: DocxSpec): Promise<Buffer> {
  const ctx = new BuildContext(spec);
  const doc = new Document({
    creator: 'qmsr test builder',
    lastModifiedBy: 'qmsr test builder',
    ...(spec.title ? { title: spec.title } : {}),
    ...(spec.trackRevisions ? { features: { trackRevisions: true } } : {}),
    ...(spec.styles ? { styles: { paragraphStyles: spec.styles.map((st) => ({ id: st.id, name: st.name, ...(st.basedOn ? { basedOn: st.basedOn } : {}) })) } } : {}),
    comments: { children: ctx.comments },
    footnotes: notes(spec.footnotes),
    endnotes: notes(spec.endnotes),
    sections: [
      {
        ...(spec.header ? { headers: { default: new Header({ children: spec.header.map((p) => ctx.paragraph(p)) }) } } : {}),
        ...(spec.footer ? { footers: { default: new Footer({ children: spec.footer.map((p) => ctx.paragraph(p)) }) } } : {}),
        children: spec.body.flatMap((b) => ctx.block(b)),
      },
    ],
  });
  return normalise(await Packer.toBuffer(doc), ctx.raw, spec.date ?? DEFAULT_DATE);
}

function notes(record: Record<number, string> | undefined): Record<string, { children: Paragraph[] }> {
  const out: Record<string, { children: Paragraph[] }> = {};
  for (const [id, text] of Object.entries(record ?? {})) out[id] = { children: [new Paragraph(text)] };
  return out;
}

class BuildContext {
  readonly comments: ICommentOptions[] = [];
  readonly raw: string[] = [];
  private revision = 100;

  constructor(private readonly spec: DocxSpec) {}

  block(b: DocxBlockSpec): (Paragraph | Table | Textbox)[] {
    if (typeof b === 'string' || 'runs' in b) return [this.paragraph(b)];
    if ('table' in b) {
      return [
        new Table({
          rows: b.table.map(
            (row) => new TableRow({ children: row.map((cell) => new TableCell({ children: (Array.isArray(cell) ? cell : [cell]).map((p) => this.paragraph(p)) })) }),
          ),
        }),
      ];
    }
    if ('textBox' in b) {
      if (b.alternateContent) return [this.rawPlaceholder(alternateContentTextBox(b.textBox))];
      return [new Textbox({ style: { width: '3in', height: '1in' }, children: b.textBox.map((t) => new Paragraph(t)) })];
    }
    if ('pageBreak' in b) return [new Paragraph({ children: [new PageBreak()] })];
    return [this.rawPlaceholder(b.rawXml)];
  }

  paragraph(p: Para): Paragraph {
    const spec: DocxParagraphSpec = typeof p === 'string' ? { runs: p } : p;
    let children: ParagraphChild[] = (typeof spec.runs === 'string' ? [spec.runs] : spec.runs).map((r) => this.run(r));
    if (spec.comment) {
      const id = this.comments.length;
      this.comments.push({
        id,
        author: spec.comment.author ?? this.author,
        initials: 'QA',
        date: new Date(this.date),
        children: [new Paragraph(spec.comment.text)],
      });
      children = [new CommentRangeStart(id), ...children, new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })];
    }
    return new Paragraph({
      children,
      ...(spec.heading ? { heading: HeadingLevel[`HEADING_${spec.heading}`] } : {}),
      ...(spec.title ? { heading: HeadingLevel.TITLE } : {}),
      ...(spec.style ? { style: spec.style } : {}),
      ...(spec.bullet !== undefined && spec.bullet !== false ? { bullet: { level: spec.bullet === true ? 0 : spec.bullet } } : {}),
    });
  }

  private run(r: DocxRunSpec): ParagraphChild {
    if (typeof r === 'string') return new TextRun(r);
    if ('inserted' in r) return new InsertedTextRun({ text: r.inserted, id: this.revision++, author: r.author ?? this.author, date: this.date });
    if ('deleted' in r) return new DeletedTextRun({ text: r.deleted, id: this.revision++, author: r.author ?? this.author, date: this.date });
    if ('footnote' in r) return new FootnoteReferenceRun(r.footnote);
    if ('endnote' in r) return new EndnoteReferenceRun(r.endnote);
    if ('tab' in r) return new TextRun({ children: [new Tab()] });
    if ('break' in r) return new TextRun({ text: '', break: 1 });
    return new TextRun({
      text: r.text,
      ...(r.bold ? { bold: true } : {}),
      ...(r.italics ? { italics: true } : {}),
      ...(r.underline ? { underline: {} } : {}),
      ...(r.size ? { size: r.size } : {}),
      ...(r.font ? { font: r.font } : {}),
      ...(r.color ? { color: r.color } : {}),
    });
  }

  private rawPlaceholder(xml: string): Paragraph {
    this.raw.push(xml);
    return new Paragraph(RAW(this.raw.length - 1));
  }

  private get author(): string {
    return this.spec.author ?? 'QA Reviewer';
  }

  private get date(): string {
    return this.spec.date ?? DEFAULT_DATE;
  }
}

/** XML-escapes text for element content. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A paragraph holding a text box the way Word 2010+ saves it: an
 * `mc:AlternateContent` whose `mc:Choice` is a DrawingML shape (`wps:txbx`)
 * and whose `mc:Fallback` is the same text box in VML, so the text is in the
 * file twice.
 */
export function alternateContentTextBox(paragraphs: string[]): string {
  const content = `<w:txbxContent>${paragraphs.map((t) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(t)}</w:t></w:r></w:p>`).join('')}</w:txbxContent>`;
  const a = 'http://schemas.openxmlformats.org/drawingml/2006/main';
  return (
    '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>' +
    '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">' +
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>' +
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="2743200" cy="914400"/>' +
    '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/>' +
    `<a:graphic xmlns:a="${a}"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">` +
    '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2743200" cy="914400"/></a:xfrm>' +
    `<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx>${content}</wps:txbx><wps:bodyPr/></wps:wsp>` +
    '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>' +
    `<v:shape id="Text Box 1" o:spid="_x0000_s1026" type="#_x0000_t202" style="width:3in;height:1in"><v:textbox>${content}</v:textbox></v:shape>` +
    '</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>'
  );
}

/** Fixed dates and ids, raw XML in place of its placeholders, and fixed zip entry dates. */
async function normalise(buffer: Buffer, raw: readonly string[], date: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buffer);
  const fixed = new Date(date);
  const out = new JSZip();
  for (const name of Object.keys(zip.files)) {
    const file = zip.files[name]!;
    if (file.dir) continue;
    let content: string | Uint8Array;
    if (/\.(xml|rels)$/.test(name)) {
      let text = await file.async('string');
      if (name === 'docProps/core.xml') text = text.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${date.replace(/\.\d+Z$/, 'Z')}`);
      let shape = 1025;
      text = text.replace(/(<v:shape id=")(?!Text Box)[^"]*"/g, () => `<v:shape id="_x0000_s${shape++}"`);
      text = text.replace(/<w:p\b[^>]*>(?:(?!<w:p\b).)*?@@RAW(\d+)@@.*?<\/w:p>/gs, (_m, n: string) => raw[Number(n)] ?? '');
      content = text;
    } else content = await file.async('uint8array');
    out.file(name, content, { date: fixed, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
