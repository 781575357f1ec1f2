/**
 * Real documents for the scan tests: a folder of SOPs in four formats with
 * known citations, files that no reader can open, and a hash of a folder to
 * prove a scan changed nothing in it.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { buildDocx } from '../support/builders/docx-builder.js';
import { buildPdf } from '../support/builders/pdf-builder.js';

/** A fresh temporary folder. */
export function tempDir(prefix = 'qmsr-scan-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function write(path: string, data: string | Buffer): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
}

/**
 * `<root>/SOPs/` with one SOP per format, each with known old citations:
 *
 * - SOP-001 Design.docx: paragraph 2 cites 21 CFR 820.30(g)
 * - SOP-014 CAPA.pdf: page 2 cites 21 CFR 820.100
 * - WI-07 Receiving.md: line 5 cites § 820.80(b)
 * - SOP-030 Complaints.txt: line 2 cites 21 CFR 820.198(a); line 3 uses the old term Device History Record
 * - clean.md: only references that are still correct
 */
export async function writeSops(root: string): Promise<void> {
  const sops = join(root, 'SOPs');
  write(
    join(sops, 'SOP-001 Design.docx'),
    await buildDocx({
      body: [
        { runs: 'Product Development Procedure', heading: 1 },
        'Design validation shall be performed as required by 21 CFR 820.30(g) before release.',
        'Verification results are reviewed by the project team.',
      ],
    }),
  );
  write(
    join(sops, 'SOP-014 CAPA.pdf'),
    await buildPdf({
      pages: [
        { blocks: [{ text: 'Improvement Actions' }, { text: 'This procedure applies to every site.' }] },
        { blocks: [{ text: 'Actions are documented as required by 21 CFR 820.100 and reviewed monthly.' }] },
      ],
    }),
  );
  write(
    join(sops, 'WI-07 Receiving.md'),
    ['# WI-07 Receiving inspection', '', 'Incoming product is inspected on arrival.', '', 'Incoming checks follow § 820.80(b) of the FDA regulation.', ''].join('\n'),
  );
  write(
    join(sops, 'SOP-030 Complaints.txt'),
    ['Complaint handling', 'Complaints are evaluated under 21 CFR 820.198(a) by QA.', 'The Device History Record is checked for each complaint.', ''].join('\n'),
  );
  write(join(sops, 'clean.md'), ['# Records', '', 'Complaint records are kept per 21 CFR 820.35(a); MDRs per 21 CFR 803.50.', ''].join('\n'));
}

/** A zip package that claims a .docx name, with `document` as word/document.xml. */
async function docxWith(document: string | Buffer, compression: 'DEFLATE' | 'STORE' = 'DEFLATE'): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await buildDocx({ body: ['Placeholder'] }));
  zip.file('word/document.xml', document);
  return zip.generateAsync({ type: 'nodebuffer', compression, compressionOptions: { level: 9 } });
}

/** Word XML for a body with one paragraph per string. */
export function documentXml(paragraphs: string[], doctype = ''): string {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${doctype}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

/** The bad files of the batch test, by name, and what kind of problem each is. */
export const BAD_FILES = {
  'damaged.docx': 'random bytes',
  'bomb.docx': 'zip bomb',
  'entities.docx': 'XML entity expansion',
  'locked.pdf': 'encrypted PDF',
  'empty.txt': '0 bytes',
  'pipe.md': 'a named pipe, not a file',
  loop: 'symbolic link loop',
} as const;

/**
 * `<root>/batch/`: two good documents among files no reader can open (see
 * BAD_FILES), plus `notes.pages` (skipped inside a folder, an error when named).
 */
export async function writeBatch(root: string): Promise<string> {
  const dir = join(root, 'batch');
  write(join(dir, 'good.md'), 'Purchasing controls follow 21 CFR 820.50.\n');
  write(join(dir, 'good.docx'), await buildDocx({ body: ['Labeling is controlled under 21 CFR 820.120.'] }));
  let seed = 42;
  const random = Buffer.alloc(4096, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
  write(join(dir, 'damaged.docx'), Buffer.from(random));
  const huge = documentXml([`Filler ${' '.repeat(20 * 1024 * 1024)}`]);
  write(join(dir, 'bomb.docx'), await docxWith(huge));
  const laughs = [
    '<!DOCTYPE w:document [',
    '<!ENTITY a "lol lol lol lol lol lol lol lol lol lol">',
    ...Array.from({ length: 8 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`),
    ']>',
  ].join('');
  write(join(dir, 'entities.docx'), await docxWith(documentXml(['&i; 21 CFR 820.30'], laughs)));
  write(join(dir, 'locked.pdf'), await buildPdf({ userPassword: 'secret', pages: [{ blocks: [{ text: 'Design per 21 CFR 820.30.' }] }] }));
  write(join(dir, 'empty.txt'), '');
  execFileSync('mkfifo', [join(dir, 'pipe.md')]);
  symlinkSync('..', join(dir, 'loop'));
  write(join(dir, 'notes.pages'), 'not a document qmsr reads');
  return dir;
}

/** A hash of everything under `dir`: names, types, sizes, contents and link targets (links are not followed). */
export function folderHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (path: string, rel: string): void => {
    const info = lstatSync(path);
    hash.update(`${rel}\0${info.mode}\0${info.mtimeMs}\0`);
    if (info.isSymbolicLink()) hash.update(readlinkSync(path));
    else if (info.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name), `${rel}/${name}`);
    else if (info.isFile()) hash.update(readFileSync(path));
  };
  walk(dir, '.');
  return hash.digest('hex');
}
