import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate } from '../../src/doc-model/locate.js';
import type { TextDocument } from '../../src/doc-model/types.js';
import { readDocument } from '../../src/readers/index.js';
import { blockWith, lineColumn, tempFolder } from './support.js';

const tmp = tempFolder('text');
const CORPUS = '/work/shared/corpus';

/** Where the reader puts `needle` (first occurrence in its block) against a hand count on the file text. */
function expectExact(doc: TextDocument, source: string, needle: string, occurrence = 0): void {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = source.indexOf(needle, at + 1);
  expect(at, `"${needle}" in the source`).toBeGreaterThanOrEqual(0);
  const block = blockWith(doc, needle);
  const loc = locate(block, block.text.indexOf(needle));
  expect({ line: loc.line, column: loc.column }).toEqual(lineColumn(source, at));
}

const MARKDOWN = [
  '---',
  'title: SOP-007 per 21 CFR 820.50',
  'owner: QA',
  '---',
  '',
  '# Purchasing *controls* &amp; suppliers',
  '',
  'Suppliers are evaluated per [21 CFR 820.50](https://www.accessdata.fda.gov/scripts/cdrh/cfdocs/cfcfr/CFRSearch.cfm?fr=820.50) and',
  'the wiki link [[21.CFR.820.20.b.3.i]] stays \\*literal\\*.',
  '',
  '- First item names 21 CFR',
  '  820.30(i) across a line',
  '  - Nested item cites 820.40',
  '',
  '| Record | Citation |',
  '|--------|----------|',
  '| DHR | 21 CFR 820.184 \\| old |',
  '',
  '```text',
  '  820.181 in code',
  '```',
  '',
  '> Quoted 820.198 here.',
  '',
  '[fda]: https://www.ecfr.gov/current/title-21/part-820#p-820.70(i)',
  '',
].join('\n');

describe('markdown reader', () => {
  it('locates known words at the exact line and column', async () => {
    const doc = await readDocument(tmp.write('sop.md', MARKDOWN));
    expect(doc.format).toBe('md');
    for (const word of ['Purchasing', 'suppliers', 'evaluated', '[[21.CFR.820.20.b.3.i]]', 'literal', 'Nested', '820.184', '820.181', 'Quoted']) {
      expectExact(doc, MARKDOWN, word);
    }
    // A citation broken across two lines of a list item is one string; its second half is on the next line.
    const item = blockWith(doc, 'First item');
    expect(item).toMatchObject({ kind: 'list-item', text: 'First item names 21 CFR\n820.30(i) across a line', section: 'Purchasing controls & suppliers' });
    expectExact(doc, MARKDOWN, '820.30(i)');
  });

  it('keeps link text as text and the URL as a link block at its place in the source', async () => {
    const doc = await readDocument(tmp.write('links.md', MARKDOWN));
    const para = blockWith(doc, 'Suppliers are evaluated');
    expect(para.text).toBe('Suppliers are evaluated per 21 CFR 820.50 and\nthe wiki link [[21.CFR.820.20.b.3.i]] stays *literal*.');
    const link = blockWith(doc, '?fr=820.50');
    expect(link.kind).toBe('link');
    expect(doc.blocks.indexOf(link)).toBe(doc.blocks.indexOf(para) + 1);
    expectExact(doc, MARKDOWN, 'https://www.accessdata.fda.gov');
    expect(blockWith(doc, '#p-820.70(i)')).toMatchObject({ kind: 'link', location: { line: 25, column: 8 } });
  });

  it('gives front matter, headings, table cells and code their kinds', async () => {
    const doc = await readDocument(tmp.write('kinds.md', MARKDOWN));
    expect(blockWith(doc, 'owner: QA')).toMatchObject({ kind: 'front-matter', text: 'title: SOP-007 per 21 CFR 820.50\nowner: QA', location: { line: 2, column: 1 } });
    expect(blockWith(doc, 'Purchasing')).toMatchObject({ kind: 'heading', level: 1 });
    expect(blockWith(doc, '820.184')).toMatchObject({ kind: 'table-cell', text: '21 CFR 820.184 | old', location: { table: { index: 1, row: 2, column: 2 } } });
    expect(blockWith(doc, '820.181')).toMatchObject({ kind: 'code', text: '  820.181 in code' });
    expect(doc.title).toBe('Purchasing controls & suppliers');
  });

  it('maps every letter and digit of the corpus Markdown back to the same character in the file', async () => {
    // The QMS templates with wiki-link citations, and a sample of the FDA text.
    const files = [
      ...walk(`${CORPUS}/innolitics+rdm@13485_checklist`),
      ...walk(`${CORPUS}/henry-1981+Cowork-RA`).filter((f) => /part-820/.test(f)),
    ].filter((f) => f.endsWith('.md') && statSync(f).size < 300_000);
    expect(files.length).toBeGreaterThan(10);
    let checked = 0;
    const wrong: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const lines = source.split(/\r\n|\n|\r/);
      const doc = await readDocument(file);
      for (const block of doc.blocks) {
        for (const seg of block.segments ?? []) {
          for (let i = seg.start; i < seg.end; i++) {
            if (!/[A-Za-z0-9]/.test(block.text[i]!)) continue;
            const line = seg.location.line!;
            const column = seg.location.column! + (i - seg.start);
            if (lines[line - 1]?.[column - 1] !== block.text[i]) wrong.push(`${file} ${line}:${column} ${block.text[i]}`);
            checked++;
          }
        }
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(100_000);
  });
});

const HTML = `<!DOCTYPE html>
<html><head><title>SOP-009  Complaints</title><style>p { color: red } /* 820.999 */</style>
<script>const cite = "21 CFR 820.998";</script></head>
<body>
  <h2>Complaint &amp; MDR handling</h2>
  <p>Complaints are handled per 21 CFR
     820.198(a) and <a href="https://www.accessdata.fda.gov/scripts/cdrh/cfdocs/cfcfr/CFRSearch.cfm?fr=820.198">the   FDA text</a>.<br>Second&nbsp;line &#167;820.180.</p>
  <ul><li>Item with <b>21 CFR</b> 820.100</li></ul>
  <table><tr><th>Record</th><th>Citation</th></tr><tr><td>DMR</td><td><p>21 CFR 820.181</p></td></tr></table>
  <pre>  Code 820.70
  kept as is</pre>
</body></html>
`;

describe('html reader', () => {
  it('locates known words at the exact line and column and skips script and style', async () => {
    const doc = await readDocument(tmp.write('sop.html', HTML));
    expect(doc.format).toBe('html');
    expect(doc.title).toBe('SOP-009 Complaints');
    for (const word of ['MDR', 'handling', 'handled', 'FDA', 'Item', '820.100', 'DMR', '820.181', 'kept']) expectExact(doc, HTML, word);
    expect(doc.blocks.map((b) => b.text).join(' ')).not.toMatch(/820\.99[89]/);
  });

  it('decodes entities, collapses white space and joins a citation across source lines', async () => {
    const doc = await readDocument(tmp.write('ws.html', HTML));
    const p = blockWith(doc, 'Complaints are handled');
    expect(p.text).toBe('Complaints are handled per 21 CFR 820.198(a) and the FDA text.\nSecond\u00a0line §820.180.');
    expectExact(doc, HTML, '820.198(a)');
    expect(locate(p, p.text.indexOf('§'))).toEqual(lineColumn(HTML, HTML.indexOf('&#167;')));
    expect(blockWith(doc, 'Complaint &')).toMatchObject({ kind: 'heading', level: 2, text: 'Complaint & MDR handling' });
  });

  it('gives list items, table cells, code and link targets their kinds', async () => {
    const doc = await readDocument(tmp.write('kinds.html', HTML));
    expect(blockWith(doc, '820.100')).toMatchObject({ kind: 'list-item', text: 'Item with 21 CFR 820.100' });
    expect(blockWith(doc, '820.181')).toMatchObject({ kind: 'table-cell', location: { table: { index: 1, row: 2, column: 2 } } });
    expect(blockWith(doc, 'Code 820.70')).toMatchObject({ kind: 'code', text: '  Code 820.70\n  kept as is' });
    expect(blockWith(doc, '?fr=820.198')).toMatchObject({ kind: 'link', section: 'Complaint & MDR handling' });
    expectExact(doc, HTML, 'https://www.accessdata');
  });
});

const TEXT = 'SOP-011 Corrective and preventive action\r\n\r\nCAPA follows 21 CFR\r\n820.100(a) and\r\n\tthe DHR per 820.184.\r\n\r\n\r\nLast paragraph.';

describe('text reader', () => {
  it('splits paragraphs on blank lines and maps every offset to its line and column', async () => {
    const doc = await readDocument(tmp.write('sop.txt', TEXT));
    expect(doc.blocks.map((b) => b.text)).toEqual(['SOP-011 Corrective and preventive action', 'CAPA follows 21 CFR\n820.100(a) and\n\tthe DHR per 820.184.', 'Last paragraph.']);
    for (const word of ['Corrective', 'CAPA', '820.100(a)', 'DHR', '820.184', 'Last']) expectExact(doc, TEXT, word);
  });

  it('decodes UTF-16LE and UTF-16BE with and without a byte-order mark', async () => {
    const text = 'Der Lieferant erfüllt § 820.50 – Prüfung.\n\nZweiter Absatz 820.30(g).';
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [name, bytes] of [
      ['le-bom.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ['le.txt', le],
      ['be-bom.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ['be.txt', be],
      ['utf8-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ] as const) {
      const doc = await readDocument(tmp.write(name, bytes));
      expect(doc.blocks.map((b) => b.text), name).toEqual(['Der Lieferant erfüllt § 820.50 – Prüfung.', 'Zweiter Absatz 820.30(g).']);
      expect(doc.blocks[1]!.location).toEqual({ line: 3, column: 1 });
      expect(doc.warnings).toEqual([]);
    }
  });

  it('decodes windows-1252 when the bytes are not UTF-8, and says so', async () => {
    // 0xA7 is § and 0x92 is a right single quote in windows-1252; neither is valid UTF-8 here.
    const bytes = Buffer.from([...Buffer.from('The supplier', 'latin1'), 0x92, ...Buffer.from('s audit per ', 'latin1'), 0xa7, ...Buffer.from(' 820.50.', 'latin1')]);
    const doc = await readDocument(tmp.write('cp1252.txt', bytes));
    expect(doc.blocks[0]!.text).toBe('The supplier\u2019s audit per § 820.50.');
    expect(doc.warnings.join(' ')).toMatch(/Windows-1252/);
    const md = await readDocument(tmp.write('cp1252.md', bytes));
    expect(md.blocks[0]!.text).toBe('The supplier\u2019s audit per § 820.50.');
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}
