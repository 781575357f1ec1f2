import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { locate } from '../../src/doc-model/locate.js';
import { readDocument, runAt } from '../../src/readers/index.js';
import { buildDocx, type DocxSpec } from '../support/builders/docx-builder.js';
import { ownRuns, paragraphsOf, runText, verifyAgainstXml } from './docx-xml.js';
import { blockWith, tempFolder } from './support.js';

const tmp = tempFolder('docx');
const CORPUS_DOCX = '/work/shared/corpus/joshtvill+quality-compliance-starter-kit/templates/sop_template_v1_20250621.docx';

async function read(spec: DocxSpec, name = 'doc.docx'): Promise<{ doc: Awaited<ReturnType<typeof readDocument>>; bytes: Buffer }> {
  const bytes = await buildDocx(spec);
  return { doc: await readDocument(tmp.write(name, bytes)), bytes };
}

const SOP: DocxSpec = {
  title: 'SOP-014 Design Control',
  header: ['SOP-014 per 21 CFR 820.30'],
  footer: ['Controlled copy; see 21 CFR 820.40(a)'],
  footnotes: { 1: 'Formerly 21 CFR 820.181, the Device Master Record.' },
  body: [
    { runs: '1 Purpose', heading: 1 },
    {
      runs: ['Design changes follow ', { text: '21 ', bold: true }, { text: 'CFR 8', italics: true }, { text: '20.30', underline: true }, { text: '(i)', color: 'C00000' }, '.', { footnote: 1 }],
    },
    { runs: 'Scope', heading: 2 },
    { runs: 'Applies to all product lines.', comment: { text: 'Reviewer: also cite 21 CFR 820.198 here.' } },
    { runs: 'Records listed in 21 CFR 820.184', bullet: true },
    {
      table: [
        ['Requirement', 'Reference'],
        ['Design changes', '21 CFR 820.30(i)'],
      ],
    },
    { textBox: ['Text box cites 21 CFR 820.70(i).'], alternateContent: true },
    { runs: ['Maintain the ', { deleted: 'Device History Record' }, { inserted: 'production record' }, ' per 21 CFR 820.184.'] },
  ],
};

describe('docx reader', () => {
  it('joins a citation that Word split across runs with different formatting', async () => {
    const { doc, bytes } = await read(SOP);
    const block = blockWith(doc, '21 CFR 820.30(i).');
    expect(block.text).toBe('Design changes follow 21 CFR 820.30(i).');
    expect(block.kind).toBe('paragraph');
    expect(block.section).toBe('1 Purpose');
    // The '8' of 820 starts run 2 ("CFR 8") at offset 4 ...
    const at8 = block.text.indexOf('820');
    expect(runAt(block, at8)).toEqual({ index: 2, offset: 4 });
    // ... and that is where it is in the XML.
    const p = (await paragraphsOf(bytes, 'word/document.xml'))[block.location.paragraph! - 1]!;
    expect(runText(ownRuns(p)[2]!)[4]).toBe('8');
    expect(runAt(block, block.text.indexOf('(i)'))).toEqual({ index: 4, offset: 0 });
  });

  it('places a table cell by table, row and column', async () => {
    const { doc } = await read(SOP);
    const cell = doc.blocks.find((b) => b.text === '21 CFR 820.30(i)')!;
    expect(cell.kind).toBe('table-cell');
    expect(cell.location.table).toEqual({ index: 1, row: 2, column: 2 });
    expect(locate(cell, 3).table).toEqual({ index: 1, row: 2, column: 2 });
    expect(doc.blocks.find((b) => b.text === 'Requirement')!.location.table).toEqual({ index: 1, row: 1, column: 1 });
  });

  it('finds citations in the header, footer, footnote, comment and text box', async () => {
    const { doc } = await read(SOP);
    expect(blockWith(doc, 'SOP-014 per 21 CFR 820.30')).toMatchObject({ kind: 'header', location: { part: 'word/header1.xml' } });
    expect(blockWith(doc, '820.40(a)')).toMatchObject({ kind: 'footer', location: { part: 'word/footer1.xml' } });
    expect(blockWith(doc, '820.181')).toMatchObject({ kind: 'footnote', location: { part: 'word/footnotes.xml' } });
    expect(blockWith(doc, '820.198')).toMatchObject({ kind: 'comment', location: { part: 'word/comments.xml' } });
    expect(blockWith(doc, '820.70(i)')).toMatchObject({ kind: 'text-box', text: 'Text box cites 21 CFR 820.70(i).' });
  });

  it('reads a text box saved as AlternateContent once, not twice', async () => {
    const { doc } = await read(SOP);
    const all = doc.blocks.map((b) => b.text).join('\n');
    expect(all.split('820.70(i)')).toHaveLength(2);
  });

  it('drops tracked deletions and keeps tracked insertions, with the run index of the XML', async () => {
    const { doc, bytes } = await read(SOP);
    expect(doc.blocks.map((b) => b.text).join('\n')).not.toContain('Device History Record');
    const block = blockWith(doc, 'production record');
    expect(block.text).toBe('Maintain the production record per 21 CFR 820.184.');
    // Run 1 is the deleted run: it is counted, so the inserted run is run 2.
    expect(runAt(block, block.text.indexOf('production'))).toEqual({ index: 2, offset: 0 });
    expect(runAt(block, block.text.indexOf('820.184'))).toEqual({ index: 3, offset: ' per 21 CFR '.length });
    const p = (await paragraphsOf(bytes, 'word/document.xml'))[block.location.paragraph! - 1]!;
    expect(runText(ownRuns(p)[2]!)).toBe('production record');
    expect(doc.warnings.join(' ')).toMatch(/tracked changes/);
  });

  it('labels headings with their level and bullets as list items', async () => {
    const { doc } = await read(SOP);
    expect(blockWith(doc, '1 Purpose')).toMatchObject({ kind: 'heading', level: 1 });
    expect(blockWith(doc, 'Scope')).toMatchObject({ kind: 'heading', level: 2, section: '1 Purpose' });
    expect(blockWith(doc, 'Records listed')).toMatchObject({ kind: 'list-item', section: 'Scope' });
    expect(doc.title).toBe('SOP-014 Design Control');
  });

  it('numbers paragraphs as the XML does, in every part, with every segment on the right run', async () => {
    const { doc, bytes } = await read(SOP);
    let checked = 0;
    for (const part of ['word/document.xml', 'word/header1.xml', 'word/footer1.xml', 'word/footnotes.xml', 'word/comments.xml']) {
      checked += await verifyAgainstXml(bytes, doc, part);
    }
    expect(checked).toBe(doc.blocks.length);
    // Document order, and the text box's own paragraph counted after the paragraph that anchors it.
    const numbers = doc.blocks.filter((b) => b.location.part === 'word/document.xml').map((b) => b.location.paragraph!);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('gives the same numbers when read twice, and the builder gives the same bytes', async () => {
    const a = await read(SOP, 'a.docx');
    const b = await read(SOP, 'b.docx');
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(b.doc.blocks).toEqual(a.doc.blocks);
  });

  it('joins runs inside hyperlinks, smart tags, content controls and simple fields; skips field codes', async () => {
    const { doc, bytes } = await read({
      body: [
        {
          rawXml:
            '<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:hyperlink w:anchor="ref"><w:r><w:t>21 CFR</w:t></w:r></w:hyperlink>' +
            '<w:smartTag w:uri="urn:x" w:element="cite"><w:r><w:t xml:space="preserve"> 820</w:t></w:r></w:smartTag>' +
            '<w:sdt><w:sdtPr><w:alias w:val="Section"/></w:sdtPr><w:sdtContent><w:r><w:t>.198</w:t></w:r></w:sdtContent></w:sdt>' +
            '<w:fldSimple w:instr=" REF cite \\h "><w:r><w:t>(a)</w:t></w:r></w:fldSimple></w:p>',
        },
        {
          rawXml:
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/?fr=820.30" </w:instrText></w:r>' +
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>FDA text</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
        },
      ],
    });
    expect(doc.blocks.map((b) => b.text)).toEqual(['See 21 CFR 820.198(a)', 'FDA text']);
    expect(runAt(doc.blocks[1]!, 0)).toEqual({ index: 3, offset: 0 });
    await verifyAgainstXml(bytes, doc);
  });

  it('renders tabs, breaks and non-breaking hyphens, and ignores tab stops, symbols and moved-away text', async () => {
    const { doc, bytes } = await read({
      body: [
        {
          rawXml:
            '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:noBreakHyphen/><w:t>C</w:t>' +
            '<w:sym w:font="Symbol" w:char="F0B7"/><w:br/><w:t>D</w:t></w:r></w:p>',
        },
        {
          rawXml:
            '<w:p><w:moveFrom w:id="7" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:t>21 CFR 820.180</w:t></w:r></w:moveFrom>' +
            '<w:moveTo w:id="8" w:author="a" w:date="2025-01-01T00:00:00Z"><w:r><w:t>21 CFR 820.181</w:t></w:r></w:moveTo></w:p>',
        },
      ],
    });
    expect(doc.blocks.map((b) => b.text)).toEqual(['A\tB-C\nD', '21 CFR 820.181']);
    expect(runAt(doc.blocks[1]!, 0)).toEqual({ index: 1, offset: 0 });
    await verifyAgainstXml(bytes, doc);
  });

  it('reads a VML text box and skips empty paragraphs without renumbering', async () => {
    const { doc, bytes } = await read({ body: ['First', '', { textBox: ['Box 21 CFR 820.90'] }, 'Last'] });
    expect(doc.blocks.map((b) => [b.kind, b.text, b.location.paragraph])).toEqual([
      ['paragraph', 'First', 1],
      ['text-box', 'Box 21 CFR 820.90', 4],
      ['paragraph', 'Last', 5],
    ]);
    await verifyAgainstXml(bytes, doc);
  });

  it('reads the fallback of an AlternateContent only when the choice has no text', async () => {
    const { doc } = await read({
      body: [
        {
          rawXml:
            '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/></mc:Choice>' +
            '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Only in the fallback: 820.25</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>' +
            '</mc:AlternateContent></w:r></w:p>',
        },
      ],
    });
    expect(doc.blocks.map((b) => [b.kind, b.text, b.location.paragraph])).toEqual([['text-box', 'Only in the fallback: 820.25', 2]]);
  });

  it('recognises headings through a company style based on a heading style, and by outline level', async () => {
    const { doc } = await read({
      styles: [{ id: 'SopSection', name: 'SOP Section', basedOn: 'Heading2' }],
      body: [
        { runs: 'Records', style: 'SopSection' },
        'Body text',
        { rawXml: '<w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>Outline heading</w:t></w:r></w:p>' },
        'More text',
      ],
    });
    expect(doc.blocks.map((b) => [b.kind, b.level, b.section])).toEqual([
      ['heading', 2, undefined],
      ['paragraph', undefined, 'Records'],
      ['heading', 3, 'Records'],
      ['paragraph', undefined, 'Outline heading'],
    ]);
  });

  it('reads the real SOP template from the corpus', async () => {
    const bytes = readFileSync(CORPUS_DOCX);
    const doc = await readDocument(CORPUS_DOCX);
    expect(doc.format).toBe('docx');
    expect(doc.blocks.length).toBeGreaterThan(50);
    expect(blockWith(doc, 'Instructions for Using This SOP Template')).toMatchObject({ kind: 'heading', level: 1 });
    const cell = doc.blocks.find((b) => b.text === 'SOP ID')!;
    expect(cell).toMatchObject({ kind: 'table-cell', section: 'SOP Information', location: { table: { index: 1, row: 3, column: 1 } } });
    expect(doc.blocks.filter((b) => b.kind === 'list-item').length).toBeGreaterThan(10);
    expect(await verifyAgainstXml(bytes, doc)).toBe(doc.blocks.length);
  });
});
