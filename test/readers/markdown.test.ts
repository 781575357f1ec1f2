import { describe, expect, it } from 'vitest';
import { locate } from '../../src/doc-model/locate.js';
import type { TextBlock, TextDocument } from '../../src/doc-model/types.js';
import { readDocument } from '../../src/readers/index.js';
import { blockWith, lineColumn, tempFolder } from './support.js';

const tmp = tempFolder('markdown');
let files = 0;

async function read(source: string | Buffer): Promise<TextDocument> {
  return readDocument(tmp.write(`doc-${++files}.md`, source));
}

/** Line and column of `needle` (the `occurrence`-th in the block) against a hand count on the source. */
function at(block: TextBlock, needle: string, occurrence = 0): { line: number; column: number } {
  let i = -1;
  for (let n = 0; n <= occurrence; n++) i = block.text.indexOf(needle, i + 1);
  expect(i, `"${needle}" in "${block.text}"`).toBeGreaterThanOrEqual(0);
  const loc = locate(block, i);
  return { line: loc.line!, column: loc.column! };
}

function where(source: string, needle: string, occurrence = 0): { line: number; column: number } {
  let i = -1;
  for (let n = 0; n <= occurrence; n++) i = source.indexOf(needle, i + 1);
  expect(i, `"${needle}" in the source`).toBeGreaterThanOrEqual(0);
  return lineColumn(source, i);
}

/** Every character of every block that is not white space sits on the same character in the source (entities aside). */
function expectEveryCharacterInPlace(doc: TextDocument, source: string): void {
  const lines = source.split(/\r\n|\n|\r/);
  const wrong: string[] = [];
  for (const block of doc.blocks) {
    for (let i = 0; i < block.text.length; i++) {
      const c = block.text[i]!;
      if (/\s/.test(c)) continue;
      const { line, column } = locate(block, i);
      const s = lines[line! - 1]?.[column! - 1];
      if (s !== c && s !== '&') wrong.push(`${JSON.stringify(c)} at ${line}:${column} is ${JSON.stringify(s)} (${block.kind} "${block.text}")`);
    }
  }
  expect(wrong).toEqual([]);
}

describe('markdown reader: GFM footnotes', () => {
  const SOURCE = [
    '# Complaints',
    '',
    'Complaints are reviewed[^mdr] as the QSR required[^nodef].',
    '',
    '[^mdr]: Per 21 CFR 820.198(a), now',
    '    ISO 13485 clause 8.2.2.',
    '',
    '    Second paragraph cites 820.100.',
    '',
    'After the notes.',
    '',
  ].join('\n');

  it('keeps a footnote reference out of the text only when the footnote is defined', async () => {
    const doc = await read(SOURCE);
    const para = blockWith(doc, 'Complaints are reviewed');
    expect(para).toMatchObject({ kind: 'paragraph', text: 'Complaints are reviewed as the QSR required[^nodef].' });
    expect(at(para, 'as the QSR')).toEqual(where(SOURCE, 'as the QSR'));
    expect(at(para, '[^nodef]')).toEqual(where(SOURCE, '[^nodef]'));
  });

  it("reads a footnote's paragraphs, indented ones too, as paragraphs at their place", async () => {
    const doc = await read(SOURCE);
    const note = blockWith(doc, '820.198(a)');
    expect(note).toMatchObject({ kind: 'paragraph', text: 'Per 21 CFR 820.198(a), now\nISO 13485 clause 8.2.2.', section: 'Complaints' });
    expect(at(note, '820.198(a)')).toEqual(where(SOURCE, '820.198(a)'));
    expect(at(note, 'ISO')).toEqual(where(SOURCE, 'ISO'));
    // Four spaces in a footnote are its continuation, not a code block.
    expect(blockWith(doc, '820.100')).toMatchObject({ kind: 'paragraph', text: 'Second paragraph cites 820.100.', location: { line: 8, column: 5 } });
    expect(blockWith(doc, 'After the notes')).toMatchObject({ kind: 'paragraph', location: { line: 10, column: 1 } });
    expect(doc.blocks.filter((b) => b.kind === 'link')).toEqual([]);
  });
});

describe('markdown reader: task lists, strikethrough and autolinks', () => {
  it('drops the checkbox of a task-list item and locates the text after it', async () => {
    const source = '- [ ] Verify per 21 CFR 820.30(g)\n- [x] Done: 820.70\n- [ ]\n- [x]no space\n';
    const doc = await read(source);
    const open = blockWith(doc, 'Verify');
    expect(open).toMatchObject({ kind: 'list-item', text: 'Verify per 21 CFR 820.30(g)', location: { line: 1, column: 7 } });
    expect(at(open, '820.30(g)')).toEqual(where(source, '820.30(g)'));
    expect(blockWith(doc, '820.70')).toMatchObject({ text: 'Done: 820.70', location: { line: 2, column: 7 } });
    // Not a task: nothing after the box, or no space.
    expect(blockWith(doc, '[ ]')).toMatchObject({ kind: 'list-item', text: '[ ]' });
    expect(blockWith(doc, 'no space')).toMatchObject({ text: '[x]no space' });
  });

  it('takes off strikethrough tildes (one or two) and keeps three as text', async () => {
    const source = 'Was ~~21 CFR 820.30~~ and ~820.40~ now ~~~820.50~~~.';
    const doc = await read(source);
    const para = doc.blocks[0]!;
    expect(para.text).toBe('Was 21 CFR 820.30 and 820.40 now ~~~820.50~~~.');
    expect(at(para, '820.30')).toEqual(where(source, '820.30'));
    expect(at(para, '820.40')).toEqual(where(source, '820.40'));
    expect(at(para, '820.50')).toEqual(where(source, '820.50'));
  });

  it('keeps bare and angle-bracket URLs as text and makes no link block for them', async () => {
    const source = 'See https://www.ecfr.gov/current/title-21/part-820#p-820.30(g) and\nwww.fda.gov or <https://www.fda.gov/?fr=820.40> or qa@example.com.';
    const doc = await read(source);
    expect(doc.blocks).toHaveLength(1);
    const para = doc.blocks[0]!;
    expect(para.text).toBe('See https://www.ecfr.gov/current/title-21/part-820#p-820.30(g) and\nwww.fda.gov or https://www.fda.gov/?fr=820.40 or qa@example.com.');
    expect(at(para, '820.30(g)')).toEqual(where(source, '820.30(g)'));
    expect(at(para, '?fr=820.40')).toEqual(where(source, '?fr=820.40'));
    expect(at(para, 'qa@')).toEqual(where(source, 'qa@'));
  });

  it('keeps tildes, asterisks and underscores inside a bare URL, as GFM does, and reads them as markup after it', async () => {
    const source = 'See http://host.edu/~qa/sop~820.html, https://x.test/a/*b*/c_(d)_ and (www.x.test/~e~).\n_http://y.test/~f~_ ~820.30~ \\http://z.test/~g~';
    const doc = await read(source);
    const para = doc.blocks[0]!;
    expect(para.text).toBe('See http://host.edu/~qa/sop~820.html, https://x.test/a/*b*/c_(d)_ and (www.x.test/~e~).\nhttp://y.test/~f~ 820.30 \\http://z.test/~g~');
    expect(at(para, '820.html')).toEqual(where(source, '820.html'));
    expect(at(para, '820.30')).toEqual(where(source, '820.30'));
    expectEveryCharacterInPlace(doc, source);
    // Inside a link's text a URL is not a literal of its own.
    expect((await read('[see http://x.test/~a~](u)')).blocks[0]!.text).toBe('see http://x.test/a');
  });
});

describe('markdown reader: links', () => {
  const SOURCE = [
    'Per [the regulation](https://www.ecfr.gov/current/title-21/part-820#p-820.30(g) "title") and',
    '[820.50][cfr] and ![flow *chart* 820.60](img/820.60.png) and [https://x.test/a](https://x.test/a).',
    '',
    '[cfr]: <https://www.accessdata.fda.gov/?fr=820.50>',
    '',
  ].join('\n');

  it('gives an inline link URL that differs from its text a link block right after its paragraph, at the URL', async () => {
    const doc = await read(SOURCE);
    const para = blockWith(doc, 'Per the regulation');
    expect(para.text).toBe('Per the regulation and\n820.50 and flow chart 820.60 and https://x.test/a.');
    expect(at(para, '820.60')).toEqual(where(SOURCE, '820.60'));
    const i = doc.blocks.indexOf(para);
    expect(doc.blocks.slice(i + 1, i + 3).map((b) => [b.kind, b.text])).toEqual([
      ['link', 'https://www.ecfr.gov/current/title-21/part-820#p-820.30(g)'],
      ['link', 'img/820.60.png'],
    ]);
    expect(doc.blocks[i + 1]!.location).toMatchObject(where(SOURCE, 'https://www.ecfr'));
    expect(at(doc.blocks[i + 1]!, '820.30(g)')).toEqual(where(SOURCE, '820.30(g)'));
    expect(doc.blocks[i + 2]!.location).toMatchObject(where(SOURCE, 'img/'));
  });

  it('gives a reference definition a link block, and the link that uses it none', async () => {
    const doc = await read(SOURCE);
    const links = doc.blocks.filter((b) => b.kind === 'link');
    expect(links.map((b) => b.text)).toEqual([
      'https://www.ecfr.gov/current/title-21/part-820#p-820.30(g)',
      'img/820.60.png',
      'https://www.accessdata.fda.gov/?fr=820.50',
    ]);
    expect(links[2]!.location).toMatchObject({ line: 4, column: 9 });
  });
});

describe('markdown reader: tables', () => {
  const SOURCE = [
    '| Record | Citation | Note |',
    '|:-------|---------:|------|',
    '| DHR | 21 CFR **820.184** | was `a \\| b` |',
    '| DMR | 820.181 \\| 820.186 |',
    '| Extra | 820.198 | x | beyond the header 820.20 |',
    '',
    '> | In a quote | 820.100 |',
    '> | --- | --- |',
    '> | > | 820.90 |',
  ].join('\n');

  it('gives every cell its table, row and column, located exactly', async () => {
    const doc = await read(SOURCE);
    const cell = blockWith(doc, '820.184');
    expect(cell).toMatchObject({ kind: 'table-cell', text: '21 CFR 820.184', location: { table: { index: 1, row: 2, column: 2 }, ...where(SOURCE, '21 CFR') } });
    expect(at(cell, '820.184')).toEqual(where(SOURCE, '820.184'));
    expect(blockWith(doc, 'was')).toMatchObject({ text: 'was a | b', location: { table: { index: 1, row: 2, column: 3 } } });
    expect(blockWith(doc, 'Citation')).toMatchObject({ location: { table: { index: 1, row: 1, column: 2 } } });
  });

  it('keeps an escaped pipe in its cell and the text of cells past the header', async () => {
    const doc = await read(SOURCE);
    const cell = blockWith(doc, '820.181');
    expect(cell).toMatchObject({ text: '820.181 | 820.186', location: { table: { index: 1, row: 3, column: 2 } } });
    expect(at(cell, '820.186')).toEqual(where(SOURCE, '820.186'));
    expect(blockWith(doc, 'beyond')).toMatchObject({ text: 'beyond the header 820.20', location: { table: { index: 1, row: 4, column: 4 }, ...where(SOURCE, 'beyond') } });
  });

  it('locates the cells of a table in a block quote after the quote marker', async () => {
    const doc = await read(SOURCE);
    expect(blockWith(doc, '820.100')).toMatchObject({ location: { table: { index: 2, row: 1, column: 2 }, ...where(SOURCE, '820.100') } });
    const marker = doc.blocks.find((b) => b.text === '>')!;
    expect(marker.location).toMatchObject({ table: { index: 2, row: 2, column: 1 }, line: 9, column: 5 });
    expectEveryCharacterInPlace(doc, SOURCE);
  });
});

describe('markdown reader: line breaks, code and containers', () => {
  it('keeps the line breaks of a Windows file in the text and locates every character', async () => {
    const source = '# SOP\r\n\r\nPer 21 CFR\r\n820.30 and `code\r\nspan`.\r\n\r\n```\r\n820.40\r\n```\r\n';
    const doc = await read(source);
    const para = blockWith(doc, 'Per');
    expect(para.text).toBe('Per 21 CFR\r\n820.30 and code\r\nspan.');
    expect(at(para, '820.30')).toEqual(where(source, '820.30'));
    expect(blockWith(doc, '820.40')).toMatchObject({ kind: 'code', text: '820.40', location: { line: 8, column: 1 } });
    expectEveryCharacterInPlace(doc, source);
  });

  it('puts a hard line break at its first trailing space and a backslash break at the backslash', async () => {
    const source = 'First 820.1  \nsecond 820.2\\\nthird';
    const doc = await read(source);
    const para = doc.blocks[0]!;
    expect(para.text).toBe('First 820.1\nsecond 820.2\nthird');
    expect(at(para, '\n')).toEqual({ line: 1, column: 12 });
    expect(at(para, '\n', 1)).toEqual({ line: 2, column: 13 });
    expect(at(para, 'third')).toEqual({ line: 3, column: 1 });
  });

  it('locates the indentation kept in indented and fenced code after the indentation markdown takes off', async () => {
    const source = '      two extra spaces 820.50\n\n> ```\n>   quoted fence 820.60\n> ```\n\n- ```\n     listed 820.70\n  ```\n';
    const doc = await read(source);
    expect(blockWith(doc, '820.50')).toMatchObject({ kind: 'code', text: '  two extra spaces 820.50', location: { line: 1, column: 5 } });
    expect(blockWith(doc, '820.60')).toMatchObject({ kind: 'code', text: '  quoted fence 820.60', location: { line: 4, column: 3 } });
    expect(blockWith(doc, '820.70')).toMatchObject({ kind: 'code', text: '   listed 820.70', location: { line: 8, column: 3 } });
    expectEveryCharacterInPlace(doc, source);
  });

  it('reads paragraphs in nested lists and quotes as list items, with every character in place', async () => {
    const source = [
      '1. 1st step cites 21 CFR 820.30',
      '   > quoted 820.40 &amp; \\*literal\\*',
      '   > lazy 820.50',
      '',
      '   - nested *820.60*',
      '     continued <b>bold</b> 820.70',
      '',
      '<div>',
      '  raw 820.80',
      '</div>',
    ].join('\n');
    const doc = await read(source);
    expect(blockWith(doc, '1st step')).toMatchObject({ kind: 'list-item', text: '1st step cites 21 CFR 820.30', location: { line: 1, column: 4 } });
    expect(blockWith(doc, 'quoted')).toMatchObject({ kind: 'list-item', text: 'quoted 820.40 & *literal*\nlazy 820.50' });
    expect(blockWith(doc, 'nested')).toMatchObject({ kind: 'list-item', text: 'nested 820.60\ncontinued bold 820.70' });
    expect(blockWith(doc, 'raw')).toMatchObject({ kind: 'paragraph', text: '<div>\n  raw 820.80\n</div>', location: { line: 8, column: 1 } });
    for (const n of ['820.30', '820.40', 'literal', '820.50', '820.60', '820.70', '820.80']) expect(at(blockWith(doc, n), n)).toEqual(where(source, n));
    expectEveryCharacterInPlace(doc, source);
  });

  it('reads headings of both kinds with their levels and closing hashes off', async () => {
    const source = 'Design *controls*\n===\n\n## 4.2 Records (820.180) ##\n\nText under it.';
    const doc = await read(source);
    expect(doc.title).toBe('Design controls');
    expect(blockWith(doc, 'Design')).toMatchObject({ kind: 'heading', level: 1, location: { line: 1, column: 1 } });
    expect(blockWith(doc, '4.2')).toMatchObject({ kind: 'heading', level: 2, text: '4.2 Records (820.180)', location: { line: 4, column: 4 }, section: 'Design controls' });
    expect(blockWith(doc, 'Text under')).toMatchObject({ section: '4.2 Records (820.180)' });
  });

  it('says so when quotes are nested too deep to read, and reads what follows', async () => {
    const doc = await read(`Intro 820.20\n\n${'> '.repeat(1100)}deep 820.30\n\nAfter 820.40\n`);
    expect(doc.blocks.map((b) => b.text)).toEqual(['Intro 820.20', 'After 820.40']);
    expect(doc.warnings).toEqual([expect.stringMatching(/nested too deep.*from line 3/)]);
    const fine = await read(`${'> '.repeat(200)}deep 820.30\n`);
    expect(fine.blocks.map((b) => b.text)).toEqual(['deep 820.30']);
    expect(fine.warnings).toEqual([]);
  });
});
