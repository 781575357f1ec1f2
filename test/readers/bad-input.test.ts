import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { formatOf, readDocument, supportedExtensions } from '../../src/readers/index.js';
import { buildDocx } from '../support/builders/docx-builder.js';
import { buildPdf } from '../support/builders/pdf-builder.js';
import { buildZip, buildZipBomb } from '../support/builders/zip-builder.js';
import { expectReadError, tempFolder } from './support.js';

const tmp = tempFolder('bad');
const MB = 1024 * 1024;
const isRoot = process.getuid?.() === 0;

/** A real docx with one part replaced. */
async function docxWithPart(part: string, content: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await buildDocx({ body: ['Design controls per 21 CFR 820.30.'] }));
  zip.file(part, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('bytes the caller has already read', () => {
  it('are read instead of the file, with the same checks', async () => {
    const docx = await buildDocx({ body: ['Design controls per 21 CFR 820.30.'] });
    // The path names the format; the file itself is not opened (here it does not exist).
    const doc = await readDocument(tmp.path('not-there.docx'), { data: new Uint8Array(docx) });
    expect(doc.blocks.map((b) => b.text)).toContain('Design controls per 21 CFR 820.30.');
    await expectReadError(readDocument(tmp.path('not-there.docx')), 'unreadable');
    await expectReadError(readDocument(tmp.path('given.pdf'), { data: new Uint8Array(0) }), 'empty-file');
    await expectReadError(readDocument(tmp.path('given.txt'), { data: Buffer.from('x'.repeat(100)), limits: { maxFileBytes: 50 } }), 'too-large');
    await expectReadError(readDocument(tmp.path('given.md'), { data: docx }), 'unsupported-type');
  });
});

describe('files that cannot be read', () => {
  it('a 0-byte file is empty-file, whatever its type', async () => {
    for (const ext of ['.docx', '.pdf', '.txt', '.md', '.xlsx']) await expectReadError(readDocument(tmp.write(`empty${ext}`, '')), 'empty-file');
  });

  it('random bytes with a .docx or .xlsx name are damaged-file', async () => {
    const noise = randomBytes(4096);
    noise[0] = 0x00; // never a zip, PDF or OLE signature
    await expectReadError(readDocument(tmp.write('noise.docx', noise)), 'damaged-file');
    await expectReadError(readDocument(tmp.write('noise.xlsx', noise)), 'damaged-file');
    await expectReadError(readDocument(tmp.write('noise.pptx', noise)), 'damaged-file');
  });

  it('a truncated zip is damaged-file', async () => {
    const docx = await buildDocx({ body: ['Design controls per 21 CFR 820.30.'.repeat(50)] });
    for (const keep of [0.3, 0.6, 0.95]) {
      await expectReadError(readDocument(tmp.write(`cut-${keep}.docx`, docx.subarray(0, Math.floor(docx.length * keep)))), 'damaged-file');
    }
  });

  it('a zip whose directory declares 250 MB is refused before anything is inflated', async () => {
    const bomb = await buildZipBomb([{ name: 'word/document.xml', zeros: 250 * MB }]);
    expect(bomb.length).toBeLessThan(MB);
    const before = process.memoryUsage().rss;
    const err = await expectReadError(readDocument(tmp.write('bomb.docx', bomb)), 'zip-bomb');
    expect(err.message).toMatch(/zip bomb/);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MB);
    await expectReadError(readDocument(tmp.write('bomb.xlsx', bomb)), 'zip-bomb');
  });

  it('a zip that lies about its sizes is stopped while inflating', async () => {
    const liar = await buildZipBomb([
      { name: '[Content_Types].xml', content: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
      { name: 'word/document.xml', zeros: 20 * MB, declaredSize: 4096 },
    ]);
    await expectReadError(readDocument(tmp.write('liar.docx', liar)), 'zip-bomb');
    const book = await buildZipBomb([
      { name: 'xl/workbook.xml', content: '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>' },
      { name: 'xl/worksheets/sheet1.xml', zeros: 20 * MB, declaredSize: 4096 },
    ]);
    await expectReadError(readDocument(tmp.write('liar.xlsx', book)), 'zip-bomb');
  });

  it('one entry compressed far beyond 100:1 is a zip bomb even under the total limit', async () => {
    const dense = await buildZipBomb([{ name: 'word/document.xml', zeros: 20 * MB }]);
    await expectReadError(readDocument(tmp.write('dense.docx', dense)), 'zip-bomb');
    // The limits are options.
    await expectReadError(readDocument(tmp.write('dense2.docx', dense), { limits: { maxZipRatio: 5000, maxUnzippedBytes: 10 * MB } }), 'zip-bomb');
  });

  it('an XML part with a DOCTYPE (billion laughs) is unsafe-xml', async () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>';
    await expectReadError(readDocument(tmp.write('laughs.docx', await docxWithPart('word/document.xml', laughs))), 'unsafe-xml');
    const external = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&x;</w:hdr>';
    await expectReadError(readDocument(tmp.write('xxe.docx', await docxWithPart('word/header9.xml', external))), 'unsafe-xml');
  });

  it('a part that is not well-formed XML is damaged-file', async () => {
    await expectReadError(readDocument(tmp.write('broken.docx', await docxWithPart('word/document.xml', '<w:document><w:body><w:p>'))), 'damaged-file');
  });

  it('an encrypted Office file (OLE container) is encrypted; an old .doc renamed .docx is unsupported-type', async () => {
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    const encrypted = Buffer.from(ole);
    Buffer.from('EncryptedPackage', 'utf16le').copy(encrypted, 1024);
    Buffer.from('EncryptionInfo', 'utf16le').copy(encrypted, 1152);
    const err = await expectReadError(readDocument(tmp.write('locked.docx', encrypted)), 'encrypted');
    expect(err.message).toMatch(/password-protected/);
    await expectReadError(readDocument(tmp.write('locked.xlsx', encrypted)), 'encrypted');
    const oldDoc = Buffer.from(ole);
    Buffer.from('WordDocument', 'utf16le').copy(oldDoc, 1024);
    await expectReadError(readDocument(tmp.write('old.docx', oldDoc)), 'unsupported-type');
  });

  it('a file whose content does not match its extension gets a clear error', async () => {
    const pdf = await buildPdf({ pages: [{ blocks: [{ text: '21 CFR 820.30' }] }] });
    const docx = await buildDocx({ body: ['21 CFR 820.30'] });
    expect((await expectReadError(readDocument(tmp.write('pdf.docx', pdf)), 'damaged-file')).message).toMatch(/PDF/);
    expect((await expectReadError(readDocument(tmp.write('docx.pdf', docx)), 'damaged-file')).message).toMatch(/not a PDF/);
    await expectReadError(readDocument(tmp.write('pdf.txt', pdf)), 'unsupported-type');
    await expectReadError(readDocument(tmp.write('docx.md', docx)), 'unsupported-type');
    const workbook = await buildZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' });
    expect((await expectReadError(readDocument(tmp.write('book.docx', workbook)), 'damaged-file')).message).toMatch(/not a Word document/);
  });

  it('an unknown extension is unsupported-type and names the supported ones', async () => {
    const err = await expectReadError(readDocument(tmp.write('notes.rtf', '{\\rtf1 21 CFR 820.30}')), 'unsupported-type');
    expect(err.message).toContain('.docx');
    await expectReadError(readDocument(tmp.write('README', 'text')), 'unsupported-type');
  });

  it('a missing path, a folder and a file too large are unreadable or too-large', async () => {
    await expectReadError(readDocument(tmp.path('does-not-exist.docx')), 'unreadable');
    mkdirSync(tmp.path('folder.docx'));
    expect((await expectReadError(readDocument(tmp.path('folder.docx')), 'unreadable')).message).toMatch(/folder/);
    await expectReadError(readDocument(tmp.write('big.txt', 'x'.repeat(2048)), { limits: { maxFileBytes: 1024 } }), 'too-large');
  });

  it.skipIf(isRoot)('a file without read permission is unreadable', async () => {
    const path = tmp.write('locked.txt', '21 CFR 820.30');
    chmodSync(path, 0o000);
    await expectReadError(readDocument(path), 'unreadable');
  });

  it('stops with the abort reason when the signal is aborted', async () => {
    const path = tmp.write('abort.docx', await buildDocx({ body: ['21 CFR 820.30'] }));
    const controller = new AbortController();
    controller.abort();
    await expect(readDocument(path, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('lists its extensions and maps them to formats', () => {
    expect(supportedExtensions).toEqual(expect.arrayContaining(['.docx', '.pdf', '.md', '.txt', '.html', '.xlsx', '.odt', '.pptx']));
    expect(formatOf('A/B/SOP-001.DOCX')).toBe('docx');
    expect(formatOf('x.htm')).toBe('html');
    expect(formatOf('x.rtf')).toBeUndefined();
  });
});
