import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate } from '../../src/doc-model/locate.js';
import type { TextDocument } from '../../src/doc-model/types.js';
import { readDocument as readAny, type ReadOptions } from '../../src/readers/index.js';
import { joinWords, parseBbox, popplerText } from '../../src/readers/pdf-poppler.js';
import { defaultConfig } from '../../src/scanner/config.js';
import { prepareScan, scanDocument } from '../../src/scanner/engine.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { buildPdf, type PdfSpec } from '../support/builders/pdf-builder.js';
import { blockWith, expectReadError, tempFolder } from './support.js';

const tmp = tempFolder('pdf');
const CORPUS = '/work/shared/corpus/innolitics+rdm@13485_checklist/examples';
const EXAMPLES = join(import.meta.dirname, '../../examples/sops');
const FILLER = 'Quality records are kept for every production batch and reviewed by the quality unit before release.';

async function write(name: string, spec: PdfSpec): Promise<string> {
  return tmp.write(name, await buildPdf(spec));
}

describe.each([
  ['pdftotext', 'auto'],
  ['pdf.js', 'pdfjs'],
] as const)('pdf reader, text from %s', (_source, pdfText) => {
  const readDocument = (path: string, options: ReadOptions = {}): Promise<TextDocument> => readAny(path, { ...options, pdfText });

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

/** Each source line of a document as `page:line text`, whatever paragraphs the lines were joined into. */
function linesOf(doc: TextDocument): string[] {
  return doc.blocks.flatMap((b) => (b.segments ?? []).map((s) => `${s.location.page}:${s.location.line} ${b.text.slice(s.start, s.end).trimEnd()}`));
}

/** The words of each page, sorted: the same text, however it was split into lines. */
function wordsOf(doc: TextDocument): string[] {
  return doc.blocks.flatMap((b) => b.text.split(/\s+/).map((w) => `${b.location.page} ${w}`)).sort();
}

describe('pdf text from pdftotext', () => {
  const specs: Record<string, PdfSpec> = {
    broken: { pages: [{ blocks: [{ lines: ['Design changes per 21 CFR', '820.30(i) and manufac-', 'turing records.'] }] }] },
    columns: {
      pages: [
        {
          header: 'SOP-002 Records',
          footer: 'Page {page}',
          blocks: [
            { text: 'Record Control Procedure', size: 16, bold: true },
            { columns: [[`LEFT ${FILLER} 21 CFR 820.180(b).`, FILLER], [`RIGHT ${FILLER} 21 CFR 820.198.`, FILLER]] },
            { text: `Closing note. ${FILLER}` },
          ],
        },
      ],
    },
    heads: { pages: [1, 2, 3, 4].map((n) => ({ header: 'SOP-003', footer: 'Page {page} of 4', blocks: [{ text: `Body ${n}. ${FILLER} 820.${n}0` }] })) },
    mixed: { pages: [{ blocks: [{ text: 'Typed page 21 CFR 820.100' }] }, { blocks: [{ rect: { width: 300, height: 300 } }] }] },
    sizes: { title: 'Sizes & <Marks>', pages: [{ blocks: [{ text: 'Big heading', size: 20 }, { text: `Small print & "quotes" <tags> ${FILLER}`, size: 7 }, { space: 30 }, { text: FILLER }] }] },
  };

  it('is installed here and used: words with their boxes, pages and the title', async () => {
    const text = await popplerText(await buildPdf(specs.sizes!), { maxPages: 10 });
    expect(text).toBeDefined();
    expect(text!.title).toBe('Sizes & <Marks>');
    expect(text!.pages).toHaveLength(1);
    expect(text!.pages[0]!.map((i) => i.str).join(' ')).toContain('Small print & "quotes" <tags>');
  });

  it('gives the same lines, pages and findings as pdf.js for the builder fixtures, the examples and the corpus PDFs', async () => {
    const paths = [
      ...(await Promise.all(Object.entries(specs).map(([name, spec]) => write(`same-${name}.pdf`, spec)))),
      ...readdirSync(EXAMPLES)
        .filter((f) => f.endsWith('.pdf'))
        .map((f) => join(EXAMPLES, f)),
      `${CORPUS}/software_plan.pdf`,
      `${CORPUS}/software_requirements_specification.pdf`,
    ];
    expect(paths.length).toBeGreaterThanOrEqual(9);
    const prepared = prepareScan(getKnowledgeBase(), defaultConfig);
    const findings = (doc: TextDocument): string[] =>
      scanDocument(prepared, doc, 'x.pdf').map((f) => `${f.ruleId} ${f.match} @${f.location.page}:${f.location.line}:${f.location.column}`);
    let compared = 0;
    for (const path of paths) {
      const poppler = await readAny(path, { pdfText: 'auto' });
      const pdfjs = await readAny(path, { pdfText: 'pdfjs' });
      // One table of the LaTeX plan has cells whose baselines sit about half a line apart: pdf.js's font
      // size puts them on one line, the word boxes of pdftotext (0.89 em high for these fonts) on two.
      if (path.endsWith('software_plan.pdf')) expect(wordsOf(poppler), path).toEqual(wordsOf(pdfjs));
      else expect(linesOf(poppler), path).toEqual(linesOf(pdfjs));
      expect([poppler.pageCount, poppler.title, poppler.warnings], path).toEqual([pdfjs.pageCount, pdfjs.title, pdfjs.warnings]);
      expect(findings(poppler), path).toEqual(findings(pdfjs));
      compared += findings(pdfjs).length;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('gives the same paragraphs as pdf.js where the font size can be told from the word boxes (standard fonts)', async () => {
    for (const [name, spec] of Object.entries(specs)) {
      const path = await write(`para-${name}.pdf`, spec);
      expect(await readAny(path, { pdfText: 'auto' }), name).toEqual(await readAny(path, { pdfText: 'pdfjs' }));
    }
  });

  it('leaves the file to pdf.js when pdftotext is missing, or over the page limit', async () => {
    const path = await write('fallback.pdf', { pages: [1, 2, 3].map((n) => ({ blocks: [{ text: `p${n} 21 CFR 820.${n}0` }] })) });
    const bytes = readFileSync(path);
    expect(await popplerText(bytes, { maxPages: 2 })).toBeUndefined();
    const saved = process.env.QMSR_PDFTOTEXT;
    process.env.QMSR_PDFTOTEXT = tmp.path('no-such-pdftotext');
    try {
      expect(await popplerText(bytes, { maxPages: 10 })).toBeUndefined();
      expect(blockWith(await readAny(path), 'p2 21 CFR 820.20').location.page).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.QMSR_PDFTOTEXT;
      else process.env.QMSR_PDFTOTEXT = saved;
    }
  });

  it('turns -bbox boxes into items: baseline from the bottom, entities decoded, words of a line joined', () => {
    const xml = [
      '<html><head><title>A &amp; B</title></head><body><doc>',
      '<page width="600.000000" height="800.000000">',
      '<word xMin="10.000000" yMin="100.000000" xMax="40.000000" yMax="110.000000">21&#160;CFR</word>',
      '<word xMin="42.500000" yMin="100.000000" xMax="80.000000" yMax="110.000000">&lt;820.30&gt;</word>',
      '<word xMin="200.000000" yMin="100.000000" xMax="240.000000" yMax="110.000000">right</word>',
      '</page>',
      '<page width="600.000000" height="800.000000">',
      '</page></doc></body></html>',
    ].join('\n');
    const parsed = parseBbox(xml);
    expect(parsed.title).toBe('A & B');
    expect(parsed.pages).toHaveLength(2);
    expect(parsed.pages[0]![0]).toEqual({ str: '21\u00a0CFR', x: 10, y: 800 - 110 + 2, width: 30, size: 10 });
    expect(parsed.pages[1]).toEqual([]);
    expect(joinWords(parsed.pages[0]!).map((i) => [i.str, i.x, i.width])).toEqual([
      ['21\u00a0CFR <820.30>', 10, 70],
      ['right', 200, 40],
    ]);
  });
});
