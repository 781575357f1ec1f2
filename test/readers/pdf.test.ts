import { describe, expect, it } from 'vitest';
import { locate } from '../../src/doc-model/locate.js';
import { readDocument } from '../../src/readers/index.js';
import { buildPdf, type PdfSpec } from '../support/builders/pdf-builder.js';
import { blockWith, expectReadError, tempFolder } from './support.js';

const tmp = tempFolder('pdf');
const CORPUS = '/work/shared/corpus/innolitics+rdm@13485_checklist/examples';
const FILLER = 'Quality records are kept for every production batch and reviewed by the quality unit before release.';

async function write(name: string, spec: PdfSpec): Promise<string> {
  return tmp.write(name, await buildPdf(spec));
}

describe('pdf reader', () => {
  it('gives every block its page number', async () => {
    const doc = await readDocument(
      await write('pages.pdf', { pages: [1, 2, 3].map((n) => ({ blocks: [{ text: `Page ${n} cites 21 CFR 820.${n}0.` }] })) }),
    );
    expect(doc.format).toBe('pdf');
    expect(doc.pageCount).toBe(3);
    for (const n of [1, 2, 3]) expect(blockWith(doc, `Page ${n} cites`).location).toMatchObject({ page: n, line: 1 });
  });

  it('joins a citation broken across a line end, and a word hyphenated at a line end', async () => {
    const doc = await readDocument(
      await write('broken.pdf', {
        pages: [{ blocks: [{ lines: ['Design changes shall be documented per 21 CFR', '820.30(i) and all manufac-', 'turing records are retained.'] }] }],
      }),
    );
    const block = blockWith(doc, '21 CFR 820.30(i)');
    expect(block.text).toBe('Design changes shall be documented per 21 CFR 820.30(i) and all manufacturing records are retained.');
    expect(locate(block, block.text.indexOf('21 CFR'))).toMatchObject({ page: 1, line: 1 });
    expect(locate(block, block.text.indexOf('820.30'))).toEqual({ page: 1, line: 2, column: 1 });
    expect(locate(block, block.text.indexOf('turing'))).toEqual({ page: 1, line: 3, column: 1 });
  });

  it('reads a two-column page column by column, with the title and running heads in place', async () => {
    const doc = await readDocument(
      await write('columns.pdf', {
        pages: [
          {
            header: 'SOP-002 Records',
            footer: 'Page {page}',
            blocks: [
              { text: 'Record Control Procedure', size: 16, bold: true },
              {
                columns: [
                  [`LEFT-A ${FILLER} The left column cites 21 CFR 820.180(b) in a sentence that wraps.`, `LEFT-B ${FILLER}`],
                  [`RIGHT-A ${FILLER} The right column cites 21 CFR 820.198 in a sentence that wraps.`, `RIGHT-B ${FILLER}`],
                ],
              },
              { text: 'Closing note across the full width of the page.' },
            ],
          },
        ],
      }),
    );
    const texts = doc.blocks.map((b) => b.text);
    const order = ['SOP-002 Records', 'Record Control Procedure', 'LEFT-A', 'LEFT-B', 'RIGHT-A', 'RIGHT-B', 'Closing note', 'Page 1'].map((m) =>
      texts.findIndex((t) => t.includes(m)),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const t of texts) expect(t.includes('LEFT') && t.includes('RIGHT'), t).toBe(false);
    expect(blockWith(doc, 'LEFT-A').text).toContain('cites 21 CFR 820.180(b) in a sentence');
    expect(blockWith(doc, 'RIGHT-A').text).toContain('cites 21 CFR 820.198 in a sentence');
  });

  it('marks a head and foot repeated on every page as header and footer', async () => {
    const pages = [1, 2, 3].map((n) => ({ header: 'SOP-003 Complaint Handling', footer: 'Page {page} of 3', blocks: [{ text: `Body ${n}. ${FILLER}` }] }));
    const doc = await readDocument(await write('heads.pdf', { pages }));
    expect(doc.blocks.filter((b) => b.kind === 'header').map((b) => b.location.page)).toEqual([1, 2, 3]);
    expect(doc.blocks.filter((b) => b.kind === 'footer').map((b) => b.text)).toEqual(['Page 1 of 3', 'Page 2 of 3', 'Page 3 of 3']);
    expect(doc.blocks.filter((b) => b.kind === 'paragraph')).toHaveLength(3);
  });

  it('refuses a password-protected PDF with code encrypted', async () => {
    const path = await write('locked.pdf', { userPassword: 'secret', pages: [{ blocks: [{ text: '21 CFR 820.30' }] }] });
    const err = await expectReadError(readDocument(path), 'encrypted');
    expect(err.message).toMatch(/password/);
  });

  it('opens a PDF that only has an owner password (no password needed to read)', async () => {
    const doc = await readDocument(await write('owner.pdf', { ownerPassword: 'owner', pages: [{ blocks: [{ text: 'Open 21 CFR 820.20' }] }] }));
    expect(blockWith(doc, '820.20').location.page).toBe(1);
  });

  it('refuses an image-only PDF with code no-text-layer', async () => {
    const path = await write('scan.pdf', { pages: [{ blocks: [{ rect: { width: 400, height: 500 } }] }] });
    const err = await expectReadError(readDocument(path), 'no-text-layer');
    expect(err.message).toContain('no text layer (scanned image?)');
  });

  it('reads the text pages of a mixed PDF and warns about the scanned one', async () => {
    const doc = await readDocument(
      await write('mixed.pdf', { pages: [{ blocks: [{ text: 'Typed page 21 CFR 820.100' }] }, { blocks: [{ rect: { width: 300, height: 300 } }] }] }),
    );
    expect(doc.blocks).toHaveLength(1);
    expect(doc.warnings.join(' ')).toMatch(/1 page without a text layer.*: 2\./);
  });

  it('refuses a PDF over the page limit, and a damaged one', async () => {
    const path = await write('long.pdf', { pages: [1, 2, 3].map((n) => ({ blocks: [{ text: `p${n}` }] })) });
    await expectReadError(readDocument(path, { limits: { maxPdfPages: 2 } }), 'too-large');
    const good = await buildPdf({ pages: [{ blocks: [{ text: FILLER.repeat(20) }] }] });
    await expectReadError(readDocument(tmp.write('cut.pdf', good.subarray(0, good.length >> 1))), 'damaged-file');
    await expectReadError(readDocument(tmp.write('fake.pdf', 'This is not a PDF at all, just text with a .pdf name.')), 'damaged-file');
  });

  it('stops when aborted', async () => {
    const path = await write('abort.pdf', { pages: [{ blocks: [{ text: 'x' }] }] });
    const controller = new AbortController();
    controller.abort();
    await expect(readDocument(path, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('builds the same bytes from the same description', async () => {
    const spec: PdfSpec = { title: 'T', userPassword: 'x', pages: [{ header: 'h', blocks: [{ text: FILLER }, { columns: [['a'], ['b']] }] }] };
    expect((await buildPdf(spec)).equals(await buildPdf(spec))).toBe(true);
  });

  it('reads the corpus PDFs with sensible text', async () => {
    const plan = await readDocument(`${CORPUS}/software_plan.pdf`);
    expect(plan.pageCount).toBe(12);
    expect(new Set(plan.blocks.map((b) => b.location.page)).size).toBe(12);
    expect(blockWith(plan, 'The primary purpose of this document is to help developers ensure PROJECT is safe and useful.').location.page).toBe(2);
    expect(plan.blocks.filter((b) => b.kind === 'footer').map((b) => b.text)).toContain('Page 2 of 12');
    const srs = await readDocument(`${CORPUS}/software_requirements_specification.pdf`);
    expect(srs.pageCount).toBe(5);
    const fda = blockWith(srs, 'The Food and Drug Administration (FDA) is a United State government agency');
    expect(fda.location.page).toBe(2);
    for (const b of [...plan.blocks, ...srs.blocks]) {
      expect([...b.text].some((c) => c.charCodeAt(0) < 9)).toBe(false);
      expect(b.text).toBe(b.text.trim());
    }
  });
});
