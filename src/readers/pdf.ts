/**
 * PDF reader: page by page, positioned text items are put in reading order
 * (pdf-layout.ts) and joined into paragraphs (pdf-paragraphs.ts); segments
 * give page and line. The items come from poppler's pdftotext when it is
 * installed (pdf-poppler.ts, fast) and otherwise, or when pdftotext cannot
 * read the file, from pdfjs-dist 5 (legacy build for Node), which also gives
 * every error message. With pdf.js, fonts are never rendered (no font faces,
 * no system fonts, no eval), each page's resources are released once its text
 * is taken, and the document is always destroyed.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextBlock, TextDocument } from '../doc-model/types.js';
import { ReadError } from './errors.js';
import { checkAborted, type ReadContext } from './options.js';
import { pageLines, type PdfItem } from './pdf-layout.js';
import { pageParagraphs } from './pdf-paragraphs.js';
import { popplerText } from './pdf-poppler.js';
import { findPdfHeader, sniff } from './sniff.js';

type Pdfjs = typeof PdfjsModule;

/** pdf.js, loaded the first time a PDF needs it (with pdftotext installed, rarely). */
function loadPdfjs(): Promise<Pdfjs> {
  return import('pdfjs-dist/legacy/build/pdf.mjs');
}

let cMapUrl: string | undefined;

/** pdfjs's character maps, needed to read text in some CJK fonts. */
function cMaps(): string | undefined {
  if (cMapUrl === undefined) {
    try {
      cMapUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'cmaps') + '/';
    } catch {
      cMapUrl = '';
    }
  }
  return cMapUrl || undefined;
}

/** Reads a PDF. */
export async function readPdf(data: Buffer, ctx: ReadContext): Promise<TextDocument> {
  if (findPdfHeader(data) < 0) {
    const actual = sniff(data);
    const what = actual === 'zip' ? ' (it looks like a Word or Excel file with the wrong extension)' : actual === 'ole' ? ' (it looks like an old Office file with the wrong extension)' : '';
    throw new ReadError('damaged-file', `The file is not a PDF: it does not start with "%PDF"${what}.`);
  }
  if (ctx.pdfText !== 'pdfjs') {
    const poppler = await popplerText(data, { maxPages: ctx.limits.maxPdfPages, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    checkAborted(ctx);
    if (poppler) return assemble(ctx, poppler.pages, poppler.title);
  }
  const cMapDir = cMaps();
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(data),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    verbosity: 0,
    ...(cMapDir ? { cMapUrl: cMapDir, cMapPacked: true } : {}),
  });
  const onAbort = (): void => void task.destroy();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (err) {
    ctx.signal?.removeEventListener('abort', onAbort);
    await task.destroy();
    checkAborted(ctx);
    throw openError(err);
  }
  try {
    return await readPages(doc, ctx, pdfjs.Util);
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    await doc.destroy();
  }
}

async function readPages(doc: PDFDocumentProxy, ctx: ReadContext, util: Pdfjs['Util']): Promise<TextDocument> {
  const pages = doc.numPages;
  if (pages > ctx.limits.maxPdfPages) {
    throw new ReadError('too-large', `The PDF has ${pages} pages, above the ${ctx.limits.maxPdfPages}-page limit for one document.`);
  }
  const items: (PdfItem[] | undefined)[] = [];
  for (let n = 1; n <= pages; n++) {
    checkAborted(ctx);
    try {
      items.push(await pageItems(doc, n, util));
    } catch {
      checkAborted(ctx);
      items.push(undefined);
    }
  }
  return assemble(ctx, items, await documentTitle(doc));
}

/** The document from each page's items (undefined: the page could not be read). */
function assemble(ctx: ReadContext, pageItems: readonly (PdfItem[] | undefined)[], title: string | undefined): TextDocument {
  const pages = pageItems.length;
  const blocks: TextBlock[] = [];
  const empty: number[] = [];
  const failed: number[] = [];
  pageItems.forEach((items, i) => {
    if (!items) {
      failed.push(i + 1);
      return;
    }
    const pageBlocks = pageParagraphs(pageLines(items), i + 1);
    if (pageBlocks.length === 0) empty.push(i + 1);
    blocks.push(...pageBlocks);
  });
  if (failed.length === pages) throw new ReadError('damaged-file', 'The PDF is damaged: none of its pages can be read.');
  if (blocks.length === 0) {
    throw new ReadError('no-text-layer', 'The PDF has no text layer (scanned image?). Run it through OCR, or scan the original Word file instead.');
  }
  const warnings: string[] = [];
  if (empty.length > 0) warnings.push(`${plural(empty.length, 'page')} without a text layer (scanned images?) not read: ${list(empty)}.`);
  if (failed.length > 0) warnings.push(`${plural(failed.length, 'damaged page')} not read: ${list(failed)}.`);
  markRunningHeads(blocks, pages);
  const result: TextDocument = { path: ctx.path, format: 'pdf', blocks, pageCount: pages, warnings };
  if (title) result.title = title;
  return result;
}

/** Text items of one page in display coordinates (rotation applied), y growing upwards. */
async function pageItems(doc: PDFDocumentProxy, n: number, util: Pdfjs['Util']): Promise<PdfItem[]> {
  const page = await doc.getPage(n);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: PdfItem[] = [];
    for (const it of content.items) {
      if (!('str' in it) || it.str === '') continue;
      const m = util.transform(viewport.transform, it.transform) as number[];
      const size = Math.hypot(m[2]!, m[3]!) || Math.hypot(m[0]!, m[1]!) || it.height;
      items.push({ str: it.str, x: m[4]!, y: viewport.height - m[5]!, width: it.width, size });
    }
    return items;
  } finally {
    page.cleanup();
  }
}

/**
 * A block repeated at the top (or bottom) of most pages, digits aside
 * ("Page 3 of 12"), is a running head (or foot): kind 'header' ('footer').
 */
function markRunningHeads(blocks: TextBlock[], pages: number): void {
  if (pages < 3) return;
  const first = new Map<number, TextBlock>();
  const last = new Map<number, TextBlock>();
  for (const b of blocks) {
    const p = b.location.page!;
    if (!first.has(p)) first.set(p, b);
    last.set(p, b);
  }
  const key = (b: TextBlock): string => b.text.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
  for (const [ends, kind] of [[first, 'header'], [last, 'footer']] as const) {
    const counts = new Map<string, number>();
    for (const b of ends.values()) counts.set(key(b), (counts.get(key(b)) ?? 0) + 1);
    for (const b of ends.values()) if ((counts.get(key(b)) ?? 0) >= Math.max(3, pages / 2) && b.text.length < 200) b.kind = kind;
  }
}

async function documentTitle(doc: PDFDocumentProxy): Promise<string | undefined> {
  try {
    const meta = await doc.getMetadata();
    const title = (meta.info as { Title?: unknown } | undefined)?.Title;
    return typeof title === 'string' && title.trim() ? title.trim() : undefined;
  } catch {
    return undefined;
  }
}

function openError(err: unknown): unknown {
  const name = err instanceof Error ? err.name : '';
  if (name === 'PasswordException') {
    return new ReadError('encrypted', 'The PDF is password-protected, so its text cannot be read. Save a copy without the password and scan that.', { cause: err });
  }
  if (err instanceof Error && err.name === 'AbortError') return err;
  return new ReadError('damaged-file', 'The PDF is damaged and cannot be opened.', { cause: err });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function list(pages: number[]): string {
  return pages.length > 10 ? `${pages.slice(0, 10).join(', ')}, ...` : pages.join(', ');
}
