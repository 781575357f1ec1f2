/**
 * PowerPoint reader (.pptx): slides in presentation order, then each slide's
 * speaker notes. A block of kind 'slide' per DrawingML paragraph (`a:p`) with
 * text, located by slide number (`page`), part, paragraph number within the
 * part (one-based, every `a:p` counted) and table cell where there is one.
 */
import type { SourceLocation, TextBlock, TextDocument } from '../doc-model/types.js';
import { ReadError } from './errors.js';
import { readMainPart, readRelationships } from './opc.js';
import { checkAborted, type ReadContext } from './options.js';
import { parseXml, XmlStream, type XmlHandler, type XmlTag } from './xml.js';
import { openZip, type SafeZip } from './zip.js';

const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Reads a PowerPoint presentation. */
export async function readPptx(data: Buffer, ctx: ReadContext): Promise<TextDocument> {
  const zip = await openZip(data, ctx, { app: 'PowerPoint', extension: '.pptx' });
  const main = (await readMainPart(zip)) ?? 'ppt/presentation.xml';
  if (!main.startsWith('ppt/') || !zip.has(main)) {
    throw new ReadError('damaged-file', 'This zip package is not a PowerPoint presentation (it may be a Word or Excel file with the wrong extension, or a damaged .pptx).');
  }
  const blocks: TextBlock[] = [];
  const slides = await slideParts(zip, main);
  for (const [i, slide] of slides.entries()) {
    checkAborted(ctx);
    blocks.push(...(await walk(zip, slide, i + 1)));
    const rels = await readRelationships(zip, relsOf(slide), dirOf(slide));
    for (const r of rels.values()) {
      if (r.type.endsWith('/notesSlide') && zip.has(r.target)) blocks.push(...(await walk(zip, r.target, i + 1)));
    }
  }
  return { path: ctx.path, format: 'pptx', blocks, pageCount: slides.length, warnings: [] };
}

/** Slide part names in the order of the presentation's slide list. */
async function slideParts(zip: SafeZip, main: string): Promise<string[]> {
  const rels = await readRelationships(zip, relsOf(main), dirOf(main));
  const ids: string[] = [];
  parseXml(main, await zip.text(main), {
    open(tag) {
      if (tag.local !== 'sldId') return;
      const id = Object.values(tag.attributes).find((a) => a.local === 'id' && a.uri === REL)?.value;
      if (id) ids.push(id);
    },
  });
  return ids.map((id) => rels.get(id)?.target).filter((t): t is string => t !== undefined && zip.has(t));
}

async function walk(zip: SafeZip, part: string, slide: number): Promise<TextBlock[]> {
  const walker = new SlideWalker(part, slide);
  const xml = new XmlStream(part, walker);
  await zip.stream(part, (chunk) => xml.write(chunk));
  xml.close();
  return walker.blocks;
}

class SlideWalker implements XmlHandler {
  readonly blocks: TextBlock[] = [];
  private count = 0;
  private para?: { text: string; location: SourceLocation };
  private inText = false;
  private tableCount = 0;
  private readonly tables: { index: number; row: number; column: number }[] = [];

  constructor(
    private readonly part: string,
    private readonly slide: number,
  ) {}

  open = (tag: XmlTag): void => {
    if (tag.uri !== A) return;
    const t = this.tables[this.tables.length - 1];
    switch (tag.local) {
      case 'p': {
        const location: SourceLocation = { page: this.slide, part: this.part, paragraph: ++this.count };
        if (t) location.table = { ...t };
        this.para = { text: '', location };
        return;
      }
      case 't':
        this.inText = true;
        return;
      case 'br':
        if (this.para) this.para.text += '\n';
        return;
      case 'tbl':
        this.tables.push({ index: ++this.tableCount, row: 0, column: 0 });
        return;
      case 'tr':
        if (t) {
          t.row++;
          t.column = 0;
        }
        return;
      case 'tc':
        if (t) t.column++;
        return;
    }
  };

  close = (tag: XmlTag): void => {
    if (tag.uri !== A) return;
    if (tag.local === 't') this.inText = false;
    else if (tag.local === 'tbl') this.tables.pop();
    else if (tag.local === 'p' && this.para) {
      if (/\S/.test(this.para.text)) this.blocks.push({ kind: 'slide', text: this.para.text, location: this.para.location });
      this.para = undefined;
    }
  };

  text = (text: string): void => {
    if (this.inText && this.para) this.para.text += text;
  };
}

function dirOf(part: string): string {
  return part.slice(0, part.lastIndexOf('/') + 1);
}

function relsOf(part: string): string {
  return `${dirOf(part)}_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`;
}
