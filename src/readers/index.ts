/**
 * Reading any supported document into the neutral document model. The reader
 * is chosen by extension; the bytes are then checked against what the
 * extension promises (a .docx must be a zip, a .pdf must start with %PDF), so
 * a renamed or damaged file gets a clear ReadError, never a parser's stack
 * trace.
 */
import { extname } from 'node:path';
import type { DocumentFormat, TextDocument } from '../doc-model/types.js';
import { ReadError, isReadError } from './errors.js';
import { checkBytes, fileSize, loadFile } from './load.js';
import { checkAborted, resolveContext, type ReadContext, type ReadOptions } from './options.js';
import { sniff } from './sniff.js';

export { ReadError, isReadError, type ReadErrorCode } from './errors.js';
export { DEFAULT_LIMITS, type ReadLimits, type ReadOptions } from './options.js';
export { runAt } from './docx-runs.js';

type Reader = (data: Buffer, ctx: ReadContext) => Promise<TextDocument>;

/**
 * Readers are loaded on first use: a scan of Markdown files never pays for
 * parse5 or the PDF reader, and each worker thread starts faster and smaller.
 */
const lazy =
  (load: () => Promise<Reader>): Reader =>
  async (data, ctx) =>
    (await load())(data, ctx);
const readDocx = lazy(async () => (await import('./docx.js')).readDocx);
const readPdf = lazy(async () => (await import('./pdf.js')).readPdf);
const readMarkdown = lazy(async () => (await import('./markdown.js')).readMarkdown);
const readText = lazy(async () => (await import('./text.js')).readText);
const readHtml = lazy(async () => (await import('./html.js')).readHtml);
const readXlsx = lazy(async () => (await import('./xlsx.js')).readXlsx);
const readOdt = lazy(async () => (await import('./odt.js')).readOdt);
const readPptx = lazy(async () => (await import('./pptx.js')).readPptx);

const READERS: Readonly<Record<string, { format: DocumentFormat; read: Reader; text?: boolean }>> = {
  '.docx': { format: 'docx', read: readDocx },
  '.docm': { format: 'docx', read: readDocx },
  '.dotx': { format: 'docx', read: readDocx },
  '.dotm': { format: 'docx', read: readDocx },
  '.pdf': { format: 'pdf', read: readPdf },
  '.md': { format: 'md', read: readMarkdown, text: true },
  '.markdown': { format: 'md', read: readMarkdown, text: true },
  '.txt': { format: 'txt', read: readText, text: true },
  '.html': { format: 'html', read: readHtml, text: true },
  '.htm': { format: 'html', read: readHtml, text: true },
  '.xlsx': { format: 'xlsx', read: readXlsx },
  '.xlsm': { format: 'xlsx', read: readXlsx },
  '.odt': { format: 'odt', read: readOdt },
  '.pptx': { format: 'pptx', read: readPptx },
};

/** File extensions `readDocument` reads (lower case, with the dot). */
export const supportedExtensions: readonly string[] = Object.freeze(Object.keys(READERS));

/** The document format for a path, by extension, or undefined when unsupported. */
export function formatOf(path: string): DocumentFormat | undefined {
  return READERS[extname(path).toLowerCase()]?.format;
}

/**
 * Reads a document into blocks of text with their source locations. Rejects
 * with a ReadError (stable `code`, message for a person, without the file
 * name) when the file cannot be read, or with the signal's reason when aborted.
 */
export async function readDocument(path: string, options?: ReadOptions): Promise<TextDocument> {
  const ctx = resolveContext(path, options);
  checkAborted(ctx);
  const given = options?.data;
  const size = given ? given.length : await fileSize(ctx);
  const ext = extname(path).toLowerCase();
  const entry = READERS[ext];
  if (!entry) {
    throw new ReadError(
      'unsupported-type',
      `${ext ? `Files of type ${ext}` : 'Files without an extension'} are not supported. Supported types: ${supportedExtensions.join(', ')}.`,
    );
  }
  const data = given ? checkBytes(ctx, Buffer.from(given.buffer, given.byteOffset, given.byteLength)) : await loadFile(ctx, size);
  if (entry.text) {
    const actual = sniff(data);
    if (actual !== 'unknown') {
      const what = actual === 'pdf' ? 'a PDF' : actual === 'zip' ? 'an Office document or zip archive' : 'an old binary Office file';
      throw new ReadError('unsupported-type', `The file has a ${ext} name but is ${what}; give it its real extension.`);
    }
  }
  try {
    return await entry.read(data, ctx);
  } catch (err) {
    if (isReadError(err) || (err instanceof Error && err.name === 'AbortError') || ctx.signal?.aborted) throw err;
    throw new ReadError('damaged-file', 'The file could not be read: it may be damaged or use a feature the reader does not understand.', { cause: err });
  }
}
