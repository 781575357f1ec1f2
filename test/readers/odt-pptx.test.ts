import { describe, expect, it } from 'vitest';
import { readDocument } from '../../src/readers/index.js';
import { buildOdt, buildPptx } from '../support/builders/office-builder.js';
import { blockWith, expectReadError, tempFolder } from './support.js';

const tmp = tempFolder('odf');

describe('odt reader', () => {
  const body =
    '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>Device History Record</text:p></text:deletion></text:changed-region></text:tracked-changes>' +
    '<text:h text:outline-level="2">Design   control</text:h>' +
    '<text:p>Changes per <text:span>21 CFR</text:span>\n   <text:a xlink:href="#x" xmlns:xlink="http://www.w3.org/1999/xlink">820.30(i)</text:a>.' +
    '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Formerly 820.181.</text:p></text:note-body></text:note>' +
    '<text:change text:change-id="c1"/>Keep the production record.<text:s text:c="2"/>End<text:tab/>tab<text:line-break/>next</text:p>' +
    '<text:list><text:list-item><text:p>Item cites 820.184</text:p></text:list-item></text:list>' +
    '<table:table><table:table-row><table:table-cell><text:p>Record</text:p></table:table-cell><table:table-cell><text:p>21 CFR 820.186</text:p></table:table-cell></table:table-row></table:table>' +
    '<text:p><office:annotation><dc:creator>QA</dc:creator><dc:date>2025-01-01</dc:date><text:p>Comment cites 820.198</text:p></office:annotation>Annotated.</text:p>' +
    '<text:p><draw:frame><draw:text-box><text:p>Box cites 820.70</text:p></draw:text-box></draw:frame></text:p>';

  it('reads body, heading, footnote, list, table, comment, text box, header and footer; not deleted text', async () => {
    const doc = await readDocument(tmp.write('sop.odt', await buildOdt({ body, header: 'Header 21 CFR 820.40', footer: 'Footer 820.50' })));
    expect(doc.format).toBe('odt');
    expect(doc.blocks.map((b) => b.text).join('\n')).not.toContain('Device History Record');
    expect(blockWith(doc, 'Design control')).toMatchObject({ kind: 'heading', level: 2, location: { part: 'content.xml', paragraph: 2 } });
    expect(blockWith(doc, 'Changes per')).toMatchObject({
      kind: 'paragraph',
      text: 'Changes per 21 CFR 820.30(i).Keep the production record.  End\ttab\nnext',
      section: 'Design control',
    });
    expect(blockWith(doc, '820.181')).toMatchObject({ kind: 'footnote', text: 'Formerly 820.181.' });
    expect(blockWith(doc, '820.184')).toMatchObject({ kind: 'list-item' });
    expect(blockWith(doc, '820.186')).toMatchObject({ kind: 'table-cell', location: { table: { index: 1, row: 1, column: 2 } } });
    expect(blockWith(doc, '820.198')).toMatchObject({ kind: 'comment', text: 'Comment cites 820.198' });
    expect(blockWith(doc, 'Annotated')).toMatchObject({ kind: 'paragraph', text: 'Annotated.' });
    expect(blockWith(doc, '820.70')).toMatchObject({ kind: 'text-box' });
    expect(blockWith(doc, '820.40')).toMatchObject({ kind: 'header', location: { part: 'styles.xml' } });
    expect(blockWith(doc, '820.50')).toMatchObject({ kind: 'footer' });
  });

  it('refuses a password-protected document', async () => {
    await expectReadError(readDocument(tmp.write('locked.odt', await buildOdt({ body: '<text:p>x</text:p>', encrypted: true }))), 'encrypted');
  });
});

describe('pptx reader', () => {
  it('reads slides in presentation order with tables and speaker notes', async () => {
    const bytes = await buildPptx({
      slides: [
        { paragraphs: ['Slide file one', 'Cites 21 CFR 820.30'], notes: ['Speaker note on 820.181'] },
        { paragraphs: ['Slide file two'], table: [['Record', 'DHR per 820.184']] },
      ],
      order: [2, 1],
    });
    const doc = await readDocument(tmp.write('deck.pptx', bytes));
    expect(doc.format).toBe('pptx');
    expect(doc.pageCount).toBe(2);
    expect(doc.blocks.map((b) => [b.location.page, b.text])).toEqual([
      [1, 'Slide file two'],
      [1, 'Record'],
      [1, 'DHR per 820.184'],
      [2, 'Slide file one'],
      [2, 'Cites 21 CFR 820.30'],
      [2, 'Speaker note on 820.181'],
    ]);
    expect(blockWith(doc, '820.184')).toMatchObject({ kind: 'slide', location: { part: 'ppt/slides/slide2.xml', table: { index: 1, row: 1, column: 2 } } });
    expect(blockWith(doc, '820.181').location.part).toBe('ppt/notesSlides/notesSlide1.xml');
  });
});
