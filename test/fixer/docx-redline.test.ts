/**
 * `fixPaths` on a real Word SOP built with the `docx` package: the output is
 * checked as XML (revision marks, comments, ids, what must not change), then
 * accepted ("Accept All") and scanned again, and opened in LibreOffice.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser, type Document as XmlDocument, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixPaths, type FixResult } from '../../src/fixer/fix-files.js';
import type { ChangeRecord } from '../../src/fixer/types.js';
import { getKnowledgeBase } from '../../src/kb/load.js';
import { readDocument } from '../../src/readers/index.js';
import { defaultConfig } from '../../src/scanner/config.js';
import { prepareScan, scanDocument } from '../../src/scanner/engine.js';
import { acceptAll, convertToPdf, elements, hasSoffice, parts, text, W } from './helpers/package.js';
import { buildRichSop, TEXT } from './helpers/rich-sop.js';

const AUTHOR = 'QA Bot';
const DATE = '2026-02-02T09:30:00Z';

let dir: string;
let input: string;
let output: string;
let original: Buffer;
let result: FixResult;
let before: Map<string, Buffer>;
let after: Map<string, Buffer>;
let docXml: XmlDocument;

const parse = (xml: string): XmlDocument => new DOMParser().parseFromString(xml, 'text/xml');
const attr = (el: Element, name: string): string | null => el.getAttributeNS(W, name);
/** Current text of an element's runs (w:t), or deleted text (w:delText). */
const textOf = (el: Element, local: 't' | 'delText' = 't'): string => elements(el, local).map((t) => t.textContent ?? '').join('');
const ours = (local: 'ins' | 'del', xml: XmlDocument = docXml): Element[] => elements(xml, local).filter((e) => attr(e, 'author') === AUTHOR);
const record = (pred: (c: ChangeRecord) => boolean): ChangeRecord => {
  const found = result.changes.filter(pred);
  expect(found).toHaveLength(1);
  return found[0]!;
};

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qmsr-fix-docx-'));
  mkdirSync(join(dir, 'in', 'SOPs'), { recursive: true });
  input = join(dir, 'in', 'SOPs', 'SOP-001.docx');
  writeFileSync(input, await buildRichSop());
  original = readFileSync(input);
  result = await fixPaths([join(dir, 'in')], { out: join(dir, 'out'), author: AUTHOR, date: DATE });
  output = join(dir, 'out', 'SOPs', 'SOP-001.docx');
  before = await parts(original);
  after = await parts(readFileSync(output));
  docXml = parse(text(after, 'word/document.xml'));
});

describe('qmsr fix: Word tracked changes', () => {
  it('writes the copy under the same relative path and never touches the original', () => {
    expect(result.files).toEqual([expect.objectContaining({ path: 'SOPs/SOP-001.docx', status: 'changed', outputs: ['SOPs/SOP-001.docx'] })]);
    expect(readFileSync(input).equals(original)).toBe(true);
  });

  it('turns a citation split over three differently formatted runs into one deletion and one insertion', () => {
    const rec = record((c) => c.old === '21 CFR 820.30(g)');
    expect(rec.action).toBe('tracked-change');
    const del = ours('del').find((d) => textOf(d, 'delText') === '21 CFR 820.30(g)')!;
    expect(del).toBeDefined();
    // The three runs, each with its own formatting, are inside the deletion.
    const runs = elements(del, 'r');
    expect(runs.map((r) => textOf(r, 'delText'))).toEqual(['21 CFR ', '820.', '30(g)']);
    expect(elements(runs[0]!, 'b')).toHaveLength(1);
    expect(elements(runs[0]!, 'i')).toHaveLength(0);
    expect(elements(runs[1]!, 'i')).toHaveLength(1);
    expect(elements(runs[1]!, 'b')).toHaveLength(0);
    expect(elements(runs[2]!, 'color').map((c) => attr(c, 'val'))).toEqual(['C00000']);
    expect(elements(del, 't')).toHaveLength(0);
    expect(attr(del, 'date')).toBe(DATE);
    // The insertion follows, with the new text in the first deleted run's formatting.
    const ins = del.nextSibling as Element;
    expect(ins.localName).toBe('ins');
    expect(attr(ins, 'author')).toBe(AUTHOR);
    expect(attr(ins, 'date')).toBe(DATE);
    expect(textOf(ins)).toBe(rec.new);
    expect(rec.new).toMatch(/^ISO 13485:2016 clauses? 7\.3\.7/);
    expect(elements(ins, 'b')).toHaveLength(1);
    expect(elements(ins, 'i')).toHaveLength(0);
    // The text around it is still there, in the same paragraph.
    const p = del.parentNode as Element;
    expect(textOf(p)).toBe(`${TEXT.split[0]}${rec.new}${TEXT.split[4]}`);
  });

  it('replaces the obsolete term and fixes citations in a table cell, a numbered item, a hyperlink, the header and a footnote', () => {
    const term = record((c) => c.term === 'Device History Record');
    expect(term.action).toBe('tracked-change');
    expect(ours('del').some((d) => textOf(d, 'delText') === 'Device History Record')).toBe(true);

    const cell = ours('del').find((d) => textOf(d, 'delText') === '21 CFR 820.50')!;
    expect(elements(docXml, 'tc').some((tc) => elements(tc, 'del').includes(cell))).toBe(true);

    const numbered = ours('del').find((d) => textOf(d, 'delText') === '21 CFR 820.100')!;
    const item = numbered.parentNode as Element;
    expect(elements(item, 'numPr')).toHaveLength(1);

    const link = ours('del').find((d) => textOf(d, 'delText') === TEXT.hyperlink)!;
    expect((link.parentNode as Element).localName).toBe('hyperlink');

    const header = parse(text(after, 'word/header1.xml'));
    expect(ours('del', header).map((d) => textOf(d, 'delText'))).toEqual(['21 CFR 820.40']);
    expect(record((c) => c.location.part === 'word/header1.xml').action).toBe('tracked-change');

    const notes = parse(text(after, 'word/footnotes.xml'));
    expect(ours('del', notes).map((d) => textOf(d, 'delText'))).toEqual(['21 CFR 820.184']);
  });

  it('gives the statement about the old exemption a comment only', () => {
    const statement = record((c) => c.ruleId === 'stale-statement');
    expect(statement.action).toBe('comment-only');
    expect(statement.reason).toMatch(/rewrite the passage by hand/);
    expect(ours('del').some((d) => textOf(d, 'delText').includes('820.180'))).toBe(false);
    const comment = commentById(statement.commentId!);
    expect(textOf(comment)).toContain('No longer true under the QMSR');
    // Anchored on the matched words: the range starts right before them.
    const start = elements(docXml, 'commentRangeStart').find((s) => attr(s, 'id') === String(statement.commentId))!;
    expect(textOf(start.nextSibling as Element).startsWith('Internal audit reports')).toBe(true);
  });

  it('anchors one comment on every tracked change, from before the deletion to after the insertion', () => {
    const changes = result.changes.filter((c) => c.action === 'tracked-change');
    expect(changes.length).toBeGreaterThanOrEqual(7);
    for (const del of ours('del')) {
      const start = del.previousSibling as Element;
      const ins = del.nextSibling as Element;
      const end = ins.nextSibling as Element;
      expect([start.localName, ins.localName, end.localName]).toEqual(['commentRangeStart', 'ins', 'commentRangeEnd']);
      const id = attr(start, 'id')!;
      expect(attr(end, 'id')).toBe(id);
      // The reference mark is a run of its own directly in the paragraph (outside any hyperlink).
      const refs = elements(docXml, 'commentReference').filter((r) => attr(r, 'id') === id);
      expect(refs).toHaveLength(1);
      const refRun = refs[0]!.parentNode as Element;
      expect((refRun.parentNode as Element).localName).toBe('p');
      expect(elements(refRun.parentNode as Element, 'del')).toContain(del);
      const comment = commentById(Number(id));
      expect(attr(comment, 'author')).toBe(AUTHOR);
      expect(attr(comment, 'date')).toBe(DATE);
      expect(textOf(comment)).toMatch(/qmsr rule (outdated-citation|obsolete-term).*knowledge base \d/s);
      expect(textOf(comment)).toContain(textOf(del, 'delText'));
    }
    // Changes in the header and the footnote are explained by comments in the body.
    const header = record((c) => c.location.part === 'word/header1.xml');
    expect(textOf(commentById(header.commentId!))).toContain('In the header (header1.xml)');
    const note = record((c) => c.location.part === 'word/footnotes.xml');
    expect(textOf(commentById(note.commentId!))).toContain('In footnote 1');
    const refRun = elements(docXml, 'footnoteReference')[0]!.parentNode!;
    expect((refRun.previousSibling as Element).localName).toBe('commentRangeStart');
    expect(attr(refRun.previousSibling as Element, 'id')).toBe(String(note.commentId));
    // No comment markup outside the body.
    for (const part of ['word/header1.xml', 'word/footnotes.xml']) expect(text(after, part)).not.toMatch(/comment(RangeStart|Reference)/);
  });

  it('gives every revision and comment an id used nowhere else in the package', () => {
    const ids: string[] = [];
    for (const [name, data] of after) {
      if (!/\.xml$/.test(name)) continue;
      const xml = parse(data.toString('utf8'));
      for (const local of ['ins', 'del', 'moveFrom', 'moveTo', 'rPrChange', 'pPrChange', 'comment', 'bookmarkStart']) {
        for (const el of elements(xml, local)) ids.push(attr(el, 'id')!);
      }
    }
    expect(ids.length).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the earlier revisions by other authors and the existing comment exactly as they were', () => {
    const beforeXml = text(before, 'word/document.xml');
    const afterXml = text(after, 'word/document.xml');
    const alice = /<w:ins w:id="901"[^>]*>.*?<\/w:ins>/s.exec(beforeXml)![0];
    const bob = /<w:del w:id="902"[^>]*>.*?<\/w:del>/s.exec(beforeXml)![0];
    expect(alice).toContain('Alice Author');
    expect(afterXml).toContain(alice);
    expect(afterXml).toContain(bob);
    // The citation inside Alice's insertion is not edited: comment only, around her insertion.
    const inserted = record((c) => c.old === '21 CFR 820.90');
    expect(inserted.action).toBe('comment-only');
    expect(inserted.reason).toMatch(/inside a tracked insertion by Alice Author/);
    expect(afterXml).toContain(`<w:commentRangeStart w:id="${inserted.commentId}"/>${alice}<w:commentRangeEnd w:id="${inserted.commentId}"/>`);
    // Bob's deleted citation is not a finding at all.
    expect(result.changes.some((c) => c.old.includes('820.22'))).toBe(false);
    // Carol's comment: its text unchanged, its anchors still in place.
    const carol = /<w:comment w:id="0"[^>]*>.*?<\/w:comment>/s.exec(text(before, 'word/comments.xml'))![0];
    expect(text(after, 'word/comments.xml')).toContain(carol);
    for (const tag of ['<w:commentRangeStart w:id="0"/>', '<w:commentRangeEnd w:id="0"/>', '<w:commentReference w:id="0"/>']) expect(afterXml).toContain(tag);
    expect(record((c) => c.old === '21 CFR 820.198').action).toBe('tracked-change');
  });

  it('leaves styles, numbering, media, relationships and every untouched part byte-identical', () => {
    const edited = new Set(['word/document.xml', 'word/header1.xml', 'word/footnotes.xml', 'word/comments.xml', 'word/settings.xml']);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [name, data] of before) {
      if (edited.has(name)) continue;
      expect(after.get(name)!.equals(data), name).toBe(true);
    }
    expect([...before.keys()].some((n) => n.startsWith('word/media/'))).toBe(true);
    // Settings: Track Changes switched on, nothing else changed.
    expect(text(after, 'word/settings.xml').replace('<w:trackRevisions/>', '')).toBe(text(before, 'word/settings.xml'));
    // Styles still referenced as before.
    expect(elements(docXml, 'pStyle').filter((s) => attr(s, 'val') === 'SopBody').length).toBe(5);
  });

  it('changes nothing outside the edited paragraphs of document.xml', () => {
    const ids = result.changes.map((c) => c.commentId).filter((id) => id !== undefined);
    const touched = (p: string): boolean => p.includes(`w:author="${AUTHOR}"`) || ids.some((id) => p.includes(`<w:commentRangeStart w:id="${id}"/>`));
    const strip = (xml: string): string[] => (xml.match(/<w:p[ >].*?<\/w:p>|<w:p\/>/gs) ?? []).filter((p) => !touched(p));
    const b = text(before, 'word/document.xml');
    const a = text(after, 'word/document.xml');
    // Paragraphs the fixer did not touch appear verbatim in the output.
    const untouched = strip(a);
    expect(untouched.length).toBeGreaterThanOrEqual(4);
    for (const p of untouched) expect(b).toContain(p);
    // Everything before the first paragraph and after the last one is unchanged.
    expect(a.slice(0, a.indexOf('<w:p'))).toBe(b.slice(0, b.indexOf('<w:p')));
    expect(a.slice(a.lastIndexOf('</w:p>'))).toBe(b.slice(b.lastIndexOf('</w:p>')));
  });

  it('after "Accept All", a new scan finds no outdated citation or term that had a safe replacement, except the one left for Alice', async () => {
    const accepted = join(dir, 'accepted.docx');
    writeFileSync(accepted, await acceptAll(readFileSync(output)));
    const doc = await readDocument(accepted);
    const findings = scanDocument(prepareScan(getKnowledgeBase(), defaultConfig), doc, 'accepted.docx');
    const fixable = findings.filter((f) => f.fixable);
    expect(fixable.map((f) => f.match)).toEqual(['21 CFR 820.90']);
    // The proposed texts are now the document's text.
    const all = doc.blocks.map((b) => b.text).join('\n');
    for (const c of result.changes.filter((r) => r.action === 'tracked-change')) expect(all).toContain(c.new!);
    // The original, scanned the same way, had them all.
    const originalFindings = scanDocument(prepareScan(getKnowledgeBase(), defaultConfig), await readDocument(input), 'SOP-001.docx');
    expect(originalFindings.filter((f) => f.fixable).length).toBe(result.changes.filter((c) => c.action === 'tracked-change').length + 1);
  });

  it('opens in LibreOffice', (ctx) => {
    if (!hasSoffice()) ctx.skip(true, 'LibreOffice (soffice) is not installed');
    const converted = convertToPdf(output);
    expect(converted.ok, converted.output).toBe(true);
    expect(converted.size).toBeGreaterThan(1000);
  });
});

function commentById(id: number): Element {
  const comments = parse(text(after, 'word/comments.xml'));
  const found = elements(comments, 'comment').find((c) => attr(c, 'id') === String(id));
  if (!found) throw new Error(`no comment ${id}`);
  return found;
}
