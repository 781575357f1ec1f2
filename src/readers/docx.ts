/**
 * Word (.docx, .docm, .dotx, .dotm) reader: our zip reader (zip.ts) and XML
 * parser (xml.ts) over the package parts, in this block order: body
 * (document order, tables and text boxes included), headers, footers,
 * footnotes, endnotes, comments. See docx-walker.ts for what counts as text
 * and how paragraphs and runs are numbered.
 */
import type { TextBlock, TextDocument } from '../doc-model/types.js';
import { ReadError } from './errors.js';
import { checkAborted, type ReadContext } from './options.js';
import { DocxPartWalker, type DocxPartKind } from './docx-walker.js';
import { readStyles, type DocxStyles } from './docx-styles.js';
import { readCoreTitle, readMainPart } from './opc.js';
import { assignSections } from './sections.js';
import { XmlStream } from './xml.js';
import { openZip, type SafeZip } from './zip.js';

/** Reads a Word document. */
export async function readDocx(data: Buffer, ctx: ReadContext): Promise<TextDocument> {
  const zip = await openZip(data, ctx, { app: 'Word', extension: '.docx' });
  const main = (await readMainPart(zip)) ?? 'word/document.xml';
  if (/^(xl|ppt)\//i.test(main) || !zip.has(main)) {
    throw new ReadError('damaged-file', 'This zip package is not a Word document (it may be an Excel or PowerPoint file with the wrong extension, or a damaged .docx).');
  }
  const dir = main.slice(0, main.lastIndexOf('/') + 1);
  const styles = await readStyles(zip, `${dir}styles.xml`);
  const warnings: string[] = [];
  let tracked = false;

  const body = await walkPart(zip, main, 'body', styles, ctx);
  assignSections(body.blocks);
  const blocks: TextBlock[] = [...body.blocks];
  tracked ||= body.trackedChanges;

  const partsOf = (prefix: string): string[] =>
    zip
      .names()
      .filter((n) => n.toLowerCase().startsWith(`${dir}${prefix}`.toLowerCase()) && /^\d*\.xml$/i.test(n.slice(dir.length + prefix.length)))
      .sort((a, b) => partNumber(a) - partNumber(b));
  const others: [string, DocxPartKind][] = [
    ...partsOf('header').map((p): [string, DocxPartKind] => [p, 'header']),
    ...partsOf('footer').map((p): [string, DocxPartKind] => [p, 'footer']),
    [`${dir}footnotes.xml`, 'footnote'],
    [`${dir}endnotes.xml`, 'endnote'],
    [`${dir}comments.xml`, 'comment'],
  ];
  for (const [part, kind] of others) {
    if (!zip.has(part)) continue;
    const walked = await walkPart(zip, part, kind, styles, ctx);
    blocks.push(...walked.blocks);
    tracked ||= walked.trackedChanges;
  }

  if (tracked) warnings.push('The document has tracked changes; it was read as if all of them were accepted (deleted text ignored, inserted text read).');
  const unread = zip.names().filter((n) => /\/(diagrams|charts)\/[^/]+\.xml$/i.test(n)).length;
  if (unread > 0) warnings.push(`Text inside ${unread} SmartArt diagram or chart part(s) was not read.`);
  if (zip.names().some((n) => /\/embeddings\//i.test(n))) warnings.push('Embedded files (for example spreadsheets or other documents inside the document) were not read.');

  const title = await readCoreTitle(zip);
  const doc: TextDocument = { path: ctx.path, format: 'docx', blocks, warnings };
  if (title) doc.title = title;
  return doc;
}

async function walkPart(zip: SafeZip, part: string, kind: DocxPartKind, styles: DocxStyles, ctx: ReadContext): Promise<DocxPartWalker> {
  checkAborted(ctx);
  const walker = new DocxPartWalker(part, kind, styles);
  const xml = new XmlStream(part, walker);
  await zip.stream(part, (chunk) => xml.write(chunk));
  xml.close();
  return walker;
}

function partNumber(name: string): number {
  const m = /(\d+)\.xml$/i.exec(name);
  return m ? Number(m[1]) : 0;
}
