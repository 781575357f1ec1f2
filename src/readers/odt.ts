/**
 * OpenDocument text reader (.odt): content.xml for the body, footnotes,
 * comments and text boxes, styles.xml for page headers and footers. Blocks are
 * located by part and paragraph number; there is no run map (no ODT fixer).
 */
import type { TextDocument } from '../doc-model/types.js';
import { ReadError } from './errors.js';
import { OdtPartWalker } from './odt-walker.js';
import type { ReadContext } from './options.js';
import { assignSections } from './sections.js';
import { XmlStream } from './xml.js';
import { openZip, type SafeZip } from './zip.js';

/** Reads an OpenDocument text file. */
export async function readOdt(data: Buffer, ctx: ReadContext): Promise<TextDocument> {
  const zip = await openZip(data, ctx, { app: 'LibreOffice Writer', extension: '.odt' });
  if (zip.has('META-INF/manifest.xml') && /encryption-data/.test(await zip.text('META-INF/manifest.xml'))) {
    throw new ReadError('encrypted', 'The document is password-protected, so its text cannot be read. Save a copy without the password and scan that.');
  }
  if (!zip.has('content.xml')) throw new ReadError('damaged-file', 'This zip package is not an OpenDocument text file (content.xml is missing).');
  const body = await walk(zip, 'content.xml', false);
  const main = body.filter((b) => b.location.part === 'content.xml');
  assignSections(main.filter((b) => b.kind === 'heading' || b.kind === 'paragraph' || b.kind === 'list-item' || b.kind === 'table-cell'));
  const pages = zip.has('styles.xml') ? await walk(zip, 'styles.xml', true) : [];
  return { path: ctx.path, format: 'odt', blocks: [...body, ...pages], warnings: [] };
}

async function walk(zip: SafeZip, part: string, onlyPageStyles: boolean): Promise<OdtPartWalker['blocks']> {
  const walker = new OdtPartWalker(part, onlyPageStyles);
  const xml = new XmlStream(part, walker);
  await zip.stream(part, (chunk) => xml.write(chunk));
  xml.close();
  return walker.blocks;
}
