/**
 * Builds real PDFs from a short description, with pdfkit: flowing paragraphs,
 * lines placed exactly as given (to break a citation or a hyphenated word at a
 * line end on purpose), multi-column text, running headers and footers,
 * several pages, password protection, and image-only pages with no text layer.
 *
 * Output is deterministic: fixed creation date, producer and file id, and the
 * standard Helvetica font (not embedded), so the same description always
 * gives the same bytes. Encryption uses PDF 1.4 (RC4-128), whose key derives
 * from the passwords and the file id, so encrypted output is stable too.
 */
import PDFDocument from 'pdfkit';

/** One element on a page, top to bottom. */
export type PdfBlockSpec =
  /** A paragraph wrapped to the text width (or `width`). */
  | { text: string; size?: number; width?: number; bold?: boolean }
  /** Lines placed one under the other exactly as given: no wrapping. */
  | { lines: string[]; size?: number }
  /** Paragraphs flowed into side-by-side columns, each column its own list. */
  | { columns: string[][]; size?: number; gap?: number }
  /** A filled rectangle: graphics without text. */
  | { rect: { width: number; height: number } }
  /** Vertical space in points. */
  | { space: number };

/** One page. */
export interface PdfPageSpec {
  blocks: PdfBlockSpec[];
  /** Text at the top and bottom margin; `{page}` becomes the page number. */
  header?: string;
  footer?: string;
}

/** A whole PDF. */
export interface PdfSpec {
  pages: PdfPageSpec[];
  title?: string;
  /** Password needed to open the file. */
  userPassword?: string;
  ownerPassword?: string;
  /** Page size in points; default US Letter. */
  size?: [number, number];
  margin?: number;
  /** Default font size 11. */
  fontSize?: number;
}

const FIXED_DATE = new Date('2025-01-01T00:00:00Z');

/** Builds a PDF from the description. Same description, same bytes. */
export function buildPdf(spec: PdfSpec): Promise<Buffer> {
  const margin = spec.margin ?? 72;
  const encrypted = spec.userPassword !== undefined || spec.ownerPassword !== undefined;
  const doc = new PDFDocument({
    size: spec.size ?? [612, 792],
    margin,
    autoFirstPage: false,
    compress: true,
    ...(encrypted ? { pdfVersion: '1.4' as const, userPassword: spec.userPassword, ownerPassword: spec.ownerPassword ?? spec.userPassword } : {}),
    info: { CreationDate: FIXED_DATE, ModDate: FIXED_DATE, Producer: 'qmsr test builder', Creator: 'qmsr test builder', ...(spec.title ? { Title: spec.title } : {}) },
  });
  const done = collect(doc);
  const base = spec.fontSize ?? 11;
  spec.pages.forEach((page, i) => {
    doc.addPage();
    const width = doc.page.width - 2 * margin;
    // Running heads sit in the margins: lift the bottom margin so pdfkit does not start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (page.header) doc.font('Helvetica').fontSize(9).text(page.header.replace('{page}', String(i + 1)), margin, margin / 2, { lineBreak: false });
    if (page.footer) doc.font('Helvetica').fontSize(9).text(page.footer.replace('{page}', String(i + 1)), margin, doc.page.height - margin / 2, { lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.x = margin;
    doc.y = margin;
    for (const block of page.blocks) drawBlock(doc, block, { margin, width, base });
  });
  doc.end();
  return done;
}

function drawBlock(doc: PDFKit.PDFDocument, block: PdfBlockSpec, o: { margin: number; width: number; base: number }): void {
  if ('space' in block) {
    doc.y += block.space;
    return;
  }
  if ('rect' in block) {
    doc.rect(o.margin, doc.y, block.rect.width, block.rect.height).fill('#888888');
    doc.fillColor('black');
    doc.y += block.rect.height + 12;
    return;
  }
  const size = block.size ?? o.base;
  if ('lines' in block) {
    doc.font('Helvetica').fontSize(size);
    let y = doc.y;
    for (const line of block.lines) {
      doc.text(line, o.margin, y, { lineBreak: false });
      y += doc.currentLineHeight(true);
    }
    doc.x = o.margin;
    doc.y = y;
    doc.moveDown(0.8);
    return;
  }
  if ('columns' in block) {
    const gap = block.gap ?? 24;
    const n = block.columns.length;
    const colWidth = (o.width - gap * (n - 1)) / n;
    const top = doc.y;
    let bottom = top;
    block.columns.forEach((paragraphs, c) => {
      doc.font('Helvetica').fontSize(size);
      doc.y = top;
      for (const p of paragraphs) {
        doc.text(p, o.margin + c * (colWidth + gap), doc.y, { width: colWidth });
        doc.moveDown(0.8);
      }
      bottom = Math.max(bottom, doc.y);
    });
    doc.x = o.margin;
    doc.y = bottom;
    return;
  }
  doc.font(block.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
  doc.text(block.text, o.margin, doc.y, { width: block.width ?? o.width });
  doc.moveDown(0.8);
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
