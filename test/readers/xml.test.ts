import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { attr, parseXml, XmlStream, type XmlHandler, type XmlTag } from '../../src/readers/xml.js';
import { buildDocx } from '../support/builders/docx-builder.js';

type Event = (string | boolean | string[][])[];

function tagEvent(kind: string, t: XmlTag): Event {
  return [kind, t.name, t.prefix, t.local, t.uri, t.isSelfClosing, Object.values(t.attributes).map((a) => [a.name, a.prefix, a.local, a.uri, a.value])];
}

/** The events of our parser, or 'error'/'unsafe' where it refuses the text. */
function ours(text: string): Event[] | 'error' | 'unsafe' {
  const events: Event[] = [];
  const handler: XmlHandler = {
    open: (t) => events.push(tagEvent('open', t)),
    close: (t) => events.push(['close', t.name]),
    text: (t) => events.push(['text', t]),
  };
  try {
    parseXml('part.xml', text, handler);
  } catch (err) {
    return (err as { code?: string }).code === 'unsafe-xml' ? 'unsafe' : 'error';
  }
  return events;
}

/** The same from saxes, the complete XML parser the fast engine must agree with. */
function saxes(text: string): Event[] | 'error' | 'unsafe' {
  const events: Event[] = [];
  const p = new SaxesParser({ xmlns: true, position: false });
  let outcome: 'error' | 'unsafe' | undefined;
  p.on('doctype', () => {
    outcome ??= 'unsafe';
    throw new Error('doctype');
  });
  p.on('error', (err) => {
    outcome ??= 'error';
    throw err;
  });
  p.on('opentag', (t) => events.push(tagEvent('open', t)));
  p.on('closetag', (t) => events.push(['close', t.name]));
  p.on('text', (t) => events.push(['text', t]));
  p.on('cdata', (t) => events.push(['text', t]));
  try {
    p.write(text);
    p.close();
  } catch {
    return outcome ?? 'error';
  }
  return events;
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';

/** Well-formed and broken XML the two engines must treat alike. */
const CASES = [
  `${DECL}<w:document ${W}><w:body><w:p><w:r><w:t xml:space="preserve"> 21 CFR 820.30 </w:t></w:r></w:p></w:body></w:document>`,
  `<r xmlns="urn:a" xmlns:b="urn:b"><b:x b:y="1" y="2"/><c xmlns="">t</c><d xmlns:b="urn:c"><b:e/></d></r>`,
  `<r a="x &amp; &lt; &gt; &quot; &apos; &#65;&#x42;&#x1F600;" b='single "q"' c="tab\there\nline\r\nCRLF\rCR &#10;kept"/>`,
  `<r>a &amp; b &#167;820.180 &#x1F600; line\r\nbreak\rlone\n</r>`,
  '<r>text<!-- a comment -->more<!----></r>\n<!-- after -->\n',
  '<r><![CDATA[<not markup> & ]]></r>',
  '<?xml version="1.1"?><r>\u0085next</r>',
  '<?xml-stylesheet href="a"?><r/>',
  '<r><?pi body?></r>',
  '\uFEFF<r/>',
  '<r>\u00e9\u2028 \u00a0 😀 ✓</r>',
  '<r é="1" _a-b.c·="2"/>',
  // Broken, each in its own way.
  '',
  '   ',
  '<r>',
  '<r></s>',
  '</r>',
  '<r/><s/>',
  'text<r/>',
  '<r/>text',
  '<r/>&amp;',
  '<r a=1/>',
  '<r a="1"b="2"/>',
  '<r a="1" a="2"/>',
  '<r xmlns:p="urn:x" xmlns:q="urn:x" p:a="1" q:a="2"/>',
  '<r a/>',
  '<r a="<"/>',
  '<r a="&bogus;"/>',
  '<r>&bogus;</r>',
  '<r>&#0;</r>',
  '<r>&#xD800;</r>',
  '<r>&#X41;</r>',
  '<r>&;</r>',
  '<r>& amp;</r>',
  '<r>a ]]> b</r>',
  '<r>\u0001</r>',
  '<r>\uFFFE</r>',
  '<r>\uD800</r>',
  '<p:r/>',
  '<r p:a="1"/>',
  '<xmlns:r/>',
  '<r xmlns:p=""/>',
  '<r xmlns:xml="urn:wrong"/>',
  '<r xmlns:xmlns="http://www.w3.org/2000/xmlns/"/>',
  '<r xmlns="http://www.w3.org/2000/xmlns/"/>',
  '<r xmlns:p="http://www.w3.org/XML/1998/namespace"/>',
  '<:r/>',
  '<r:/>',
  '<a:b:c xmlns:a="urn:a"/>',
  '<1r/>',
  '<r><!-- a -- b --></r>',
  '<r><!-x--></r>',
  '<r/ >',
  '< r/>',
  '<r></ r>',
  '<r></r >',
  '\n<?xml version="1.0"?><r/>',
  '<?xml version="1.0" standalone="maybe"?><r/>',
  '<?xml encoding="UTF-8"?><r/>',
  '<!DOCTYPE r [<!ENTITY x "xx">]><r>&x;</r>',
  '<r><!DOCTYPE r></r>',
];

describe('XML parser', () => {
  it('gives the events saxes gives, and refuses what saxes refuses', () => {
    for (const text of CASES) expect(ours(text), JSON.stringify(text)).toEqual(saxes(text));
    expect(CASES.filter((text) => Array.isArray(saxes(text))).length).toBeGreaterThanOrEqual(12);
  });

  it('agrees with saxes on every part of a Word document, also with characters removed or added', async () => {
    const zip = await JSZip.loadAsync(
      await buildDocx({
        body: [
          { runs: [{ text: 'Design controls per 21 CFR ' }, { text: '820.30 & 820.40 <draft>', bold: true }, { footnote: 1 }], comment: { text: 'Comment 820.198', author: 'QA & RA' } },
          { table: [['DHR', '21 CFR 820.184']] },
        ],
        header: ['Header 820.50'],
        footnotes: { 1: 'Note 820.180' },
      }),
    );
    const parts = await Promise.all(Object.values(zip.files).filter((f) => /\.(xml|rels)$/.test(f.name)).map((f) => f.async('string')));
    expect(parts.length).toBeGreaterThan(5);
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['<', '>', '&', '"', '/', '=', ' ', '\r\n', ':', '&amp;', '&#0;', '&x;', ' a="1"', ' xmlns:p="u"', 'p:', '<!-- c -->', '--'];
    for (const part of parts) {
      expect(ours(part)).toEqual(saxes(part));
      for (let k = 0; k < 60; k++) {
        const at = rnd(part.length);
        const text = rnd(2) === 0 ? part.slice(0, at) + pieces[rnd(pieces.length)]! + part.slice(at) : part.slice(0, at) + part.slice(at + 1 + rnd(3));
        expect(ours(text), text).toEqual(saxes(text));
      }
    }
  });

  it('reads attributes by local name and streams in chunks', () => {
    const seen: (string | undefined)[] = [];
    const stream = new XmlStream('part.xml', {
      open(tag) {
        seen.push(attr(tag, 'val'), attr(tag, 'id'), attr(tag, 'w'));
      },
    });
    stream.write(`<w:r ${W} xmlns:r="urn:r" w:val="one" r:id="rId7">`);
    stream.write('<w:t w:val="two"/></w:r>');
    stream.close();
    expect(seen).toEqual(['one', 'rId7', undefined, 'two', undefined, undefined]);
  });
});
