/**
 * PDF reader (pdfjs-dist 5, legacy build for Node): page by page, text items
 * are put in reading order (pdf-layout.ts) and joined into paragraphs
 * (pdf-paragraphs.ts); segments give page and line. Fonts are never rendered
 * (no font faces, no system fonts, no eval). Each page's resources are
 * released once its text is taken, and the document is always destroyed.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, Util, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextBlock, TextDocument } from '../doc-model/types.js';
import { ReadError } from './errors.js';
import { checkAborted, type ReadContext } from './options.js';
import { pageLines, type PdfItem } from './pdf-layout.js';
import { pageParagraphs } from './pdf-paragraphs.js';
import { findPdfHeader, sniff } from './sniff.js';

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
  const cMapDir = cMaps();
  const task = getDocument({
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
    return await readPages(doc, ctx);
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
    await doc.destroy();
  }
}

async function readPages(doc: PDFDocumentProxy, ctx: ReadContext): Promise<TextDocument> {
  const pages = doc.numPages;
  if (pages > ctx.limits.maxPdfPages) {
    throw new ReadError('too-large', `The PDF has ${pages} pages, above the ${ctx.limits.maxPdfPages}-page limit for one document.`);
  }
  const blocks: TextBlock[] = [];
  const empty: number[] = [];
  const failed: number[] = [];
  for (let n = 1; n <= pages; n++) {
    checkAborted(ctx);
    let items: PdfItem[];
    try {
      items = await pageItems(doc, n);
    } catch {
      checkAborted(ctx);
      failed.push(n);
      continue;
    }
    const pageBlocks = pageParagraphs(pageLines(items), n);
    if (pageBlocks.length === 0) empty.push(n);
    blocks.push(...pageBlocks);
  }
  if (failed.length === pages) throw new ReadError('damaged-file', 'The PDF is damaged: none of its pages can be read.');
  if (blocks.length === 0) {
    throw new ReadError('no-text-layer', 'The PDF has no text layer (scanned image?). Run it through OCR, or scan the original Word file instead.');
  }
  const warnings: string[] = [];
  if (empty.length > 0) warnings.push(`${plural(empty.length, 'page')} without a text layer (scanned images?) not read: ${list(empty)}.`);
  if (failed.length > 0) warnings.push(`${plural(failed.length, 'damaged page')} not read: ${list(failed)}.`);
  markRunningHeads(blocks, pages);
  const result: TextDocument = { path: ctx.path, format: 'pdf', blocks, pageCount: pages, warnings };
  const title = await documentTitle(doc);
  if (title) result.title = title;
  return result;
}

/** Text items of one page in display coordinates (rotation applied), y growing upwards. */
async function pageItems(doc: PDFDocumentProxy, n: number): Promise<PdfItem[]> {
  const page = await doc.getPage(n);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: PdfItem[] = [];
    for (const it of content.items) {
      if (!('str' in it) || it.str === '') continue;
      const m = Util.transform(viewport.transform, it.transform) as number[];
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
