import { describe, expect, it } from 'vitest';
import { readDocument } from '../../src/readers/index.js';
import { tempFolder } from './support.js';

const tmp = tempFolder('html');

const PAGE = [
  '<!DOCTYPE html>',
  '<html><head><title>SOP-012 Labeling</title></head><body>',
  '<h1>Labeling   per 21 CFR 820.120</h1>',
  '<p>Labels are  inspected\tbefore release (21 CFR',
  '   820.120(b)) &amp; the DHR records it &#8212; see &sect;820.184.</p>',
  '<p>  Leading and trailing  </p>',
  '<ul><li>One 820.130</li><li>Two <em>820.</em>150 <b> bold </b>end</li></ul>',
  '<table><tr><td>Cell 820.180</td><td>x<table><tr><td>nested 820.181</td></tr></table></td></tr>stray 820.186 text</table>',
  '<pre>',
  '  code 820.70',
  '\tkept  as is &lt;x&gt;</pre>',
  '<div>Div <span>with span</span><br>after break 820.90</div>',
  '</body></html>',
  '',
].join('\n');

/** Each letter and digit of each block, at the line and column its segment gives, in the source. */
function misplaced(source: string, blocks: { text: string; segments?: { start: number; end: number; location: { line?: number; column?: number } }[] }[]): string[] {
  const lines = source.split(/\r\n|\n|\r/);
  const wrong: string[] = [];
  for (const block of blocks) {
    for (const seg of block.segments ?? []) {
      for (let i = seg.start; i < seg.end; i++) {
        if (!/[A-Za-z0-9]/.test(block.text[i]!)) continue;
        const line = seg.location.line!;
        const column = seg.location.column! + (i - seg.start);
        if (lines[line - 1]?.[column - 1] !== block.text[i]) wrong.push(`${line}:${column} ${block.text[i]!} in "${block.text}"`);
      }
    }
  }
  return wrong;
}

describe('html reader, line ends and source map', () => {
  it('gives the same blocks with LF, CRLF and CR line ends, each letter and digit at its place in the file', async () => {
    const texts: string[][] = [];
    for (const [name, eol] of [
      ['lf', '\n'],
      ['crlf', '\r\n'],
      ['cr', '\r'],
    ] as const) {
      const source = PAGE.replace(/\n/g, eol);
      const doc = await readDocument(tmp.write(`page-${name}.html`, source));
      expect(misplaced(source, doc.blocks), name).toEqual([]);
      texts.push(doc.blocks.map((b) => `${b.kind}: ${b.text}`));
    }
    expect(texts[1]).toEqual(texts[0]);
    expect(texts[2]).toEqual(texts[0]);
    expect(texts[0]).toEqual([
      'heading: Labeling per 21 CFR 820.120',
      'paragraph: Labels are inspected before release (21 CFR 820.120(b)) & the DHR records it — see §820.184.',
      'paragraph: Leading and trailing',
      'list-item: One 820.130',
      'list-item: Two 820.150 bold end',
      'paragraph: stray 820.186 text',
      'table-cell: Cell 820.180',
      'table-cell: x',
      'table-cell: nested 820.181',
      'code:   code 820.70\n\tkept  as is <x>',
      'paragraph: Div with span\nafter break 820.90',
    ]);
  });
});
