/**
 * Word structures where a blind edit would damage the document: field
 * results, a citation half inside a hyperlink, a symbol inside a citation, a
 * tracked formatting change, text boxes (DrawingML with a VML fallback, and
 * VML), smart tags, content controls, and a tab inside a run. Each must get the
 * safe outcome, keep the XML of what it does not change, and open in LibreOffice.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixPaths, type FixResult } from '../../src/fixer/fix-files.js';
import type { ChangeRecord } from '../../src/fixer/types.js';
import { buildDocx } from '../support/builders/docx-builder.js';
import { convertToPdf, hasSoffice, parts, text } from './helpers/package.js';

const FIELD =
  '<w:p><w:r><w:t xml:space="preserve">Field: </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DOCPROPERTY Ref </w:instrText></w:r>' +
  '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>21 CFR 820.70</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>';
const SIMPLE_FIELD = '<w:p><w:fldSimple w:instr=" DOCPROPERTY Ref2 "><w:r><w:t>21 CFR 820.70</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> (simple field)</w:t></w:r></w:p>';
const LINK_SPAN = '<w:p><w:r><w:t xml:space="preserve">Link span: per 21 CFR </w:t></w:r><w:hyperlink w:anchor="x"><w:r><w:t>820.75</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> here.</w:t></w:r></w:p>';
const SYMBOL = '<w:p><w:r><w:t xml:space="preserve">Symbol: 21 CFR 820.</w:t></w:r><w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r><w:r><w:t xml:space="preserve">72 calibration.</w:t></w:r></w:p>';
const TAB = '<w:p><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">Tab:</w:t><w:tab/><w:t xml:space="preserve">see 21 CFR 820.86 now</w:t></w:r></w:p>';
const FORMAT_CHANGE =
  '<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="802" w:author="Zed" w:date="2025-01-01T00:00:00Z"><w:rPr/></w:rPrChange></w:rPr>' +
  '<w:t xml:space="preserve">Formatting change on 21 CFR 820.60 here.</w:t></w:r></w:p>';
const SMART_TAG = '<w:p><w:smartTag w:uri="urn:x" w:element="y"><w:r><w:t xml:space="preserve">Smart 21 CFR 820.65 tag.</w:t></w:r></w:smartTag></w:p>';
const CONTENT_CONTROL = '<w:p><w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve">Control 21 CFR 820.25 text.</w:t></w:r></w:sdtContent></w:sdt></w:p>';

let dir: string;
let result: FixResult;
let before: Map<string, Buffer>;
let after: Map<string, Buffer>;

const change = (citation: string): ChangeRecord => {
  const found = result.changes.filter((c) => c.old === `21 CFR ${citation}`);
  expect(found).toHaveLength(1);
  return found[0]!;
};

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qmsr-fix-edge-'));
  mkdirSync(join(dir, 'in'));
  const data = await buildDocx({
    body: [
      { rawXml: FIELD },
      { rawXml: SIMPLE_FIELD },
      { rawXml: LINK_SPAN },
      { rawXml: SYMBOL },
      { rawXml: TAB },
      { rawXml: FORMAT_CHANGE },
      { rawXml: SMART_TAG },
      { rawXml: CONTENT_CONTROL },
      { textBox: ['Box: 21 CFR 820.80 acceptance.'], alternateContent: true },
      { textBox: ['VML box: 21 CFR 820.86 acceptance status.'] },
    ],
  });
  writeFileSync(join(dir, 'in', 'edge.docx'), data);
  result = await fixPaths([join(dir, 'in')], { out: join(dir, 'out'), date: '2026-02-02T09:00:00Z' });
  before = await parts(data);
  after = await parts(readFileSync(join(dir, 'out', 'edge.docx')));
});

describe('qmsr fix: Word structures that need care', () => {
  it('leaves field results alone, with a comment around the whole field', () => {
    const fields = result.changes.filter((c) => c.old === '21 CFR 820.70');
    expect(fields.map((c) => c.action)).toEqual(['comment-only', 'comment-only']);
    for (const f of fields) expect(f.reason).toMatch(/result of a Word field/);
    const xml = text(after, 'word/document.xml');
    const [complex, simple] = fields.map((f) => f.commentId);
    expect(xml).toContain(`<w:commentRangeStart w:id="${complex}"/>${FIELD.slice(FIELD.indexOf('<w:r><w:fldChar'), FIELD.indexOf('</w:p>'))}<w:commentRangeEnd w:id="${complex}"/>`);
    expect(xml).toContain(`<w:commentRangeStart w:id="${simple}"/>${SIMPLE_FIELD.slice(5, SIMPLE_FIELD.indexOf('</w:fldSimple>') + 14)}<w:commentRangeEnd w:id="${simple}"/>`);
  });

  it('gives a comment only where the text is half in a hyperlink, holds a symbol, or has a tracked formatting change', () => {
    expect(change('820.75')).toMatchObject({ action: 'comment-only', reason: expect.stringMatching(/hyperlink/) });
    expect(change('820.72')).toMatchObject({ action: 'comment-only', reason: expect.stringMatching(/symbol/) });
    expect(change('820.60')).toMatchObject({ action: 'comment-only', reason: expect.stringMatching(/formatting change/) });
    // The run with Zed's formatting change is kept whole.
    expect(text(after, 'word/document.xml')).toContain(FORMAT_CHANGE.slice(FORMAT_CHANGE.indexOf('<w:r>'), FORMAT_CHANGE.indexOf('</w:p>')));
  });

  it('makes tracked changes inside smart tags, content controls, text boxes and runs with tabs', () => {
    for (const c of ['820.65', '820.25', '820.80']) expect(change(c).action, c).toBe('tracked-change');
    const tabbed = result.changes.filter((c) => c.old === '21 CFR 820.86');
    expect(tabbed.map((c) => c.action)).toEqual(['tracked-change', 'tracked-change']);
    const xml = text(after, 'word/document.xml');
    // The tab stays in the run before the deletion, with the run's underline.
    expect(xml).toContain('<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">Tab:</w:t><w:tab/><w:t xml:space="preserve">see </w:t></w:r>');
    // Every piece of the split run keeps the underline: the deleted text, the inserted text and the rest.
    expect(xml).toMatch(/<w:r><w:rPr><w:u w:val="single"\/><\/w:rPr><w:delText( xml:space="preserve")?>21 CFR 820\.86<\/w:delText><\/w:r>/);
    expect(xml).toMatch(/<w:ins [^>]*><w:r><w:rPr><w:u w:val="single"\/><\/w:rPr><w:t>ISO 13485:2016 [^<]*<\/w:t><\/w:r><\/w:ins>/);
    expect(xml).toContain('<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve"> now</w:t></w:r></w:p>');
    expect(xml).toMatch(/<w:smartTag w:uri="urn:x" w:element="y"><w:r><w:t xml:space="preserve">Smart <\/w:t><\/w:r><w:commentRangeStart w:id="\d+"\/><w:del /);
    expect(xml).toMatch(/<w:sdtContent><w:r><w:t xml:space="preserve">Control <\/w:t><\/w:r><w:commentRangeStart w:id="\d+"\/><w:del /);
  });

  it('keeps every part but the document, comments, relationships, content types and settings', () => {
    const edited = new Set(['word/document.xml', 'word/comments.xml', 'word/settings.xml', 'word/_rels/document.xml.rels', '[Content_Types].xml']);
    for (const [name, data] of before) if (!edited.has(name)) expect(after.get(name)!.equals(data), name).toBe(true);
    // The document had no comments part: one was created, with its relationship and content type.
    expect(before.has('word/comments.xml')).toBe(false);
    expect(text(after, 'word/_rels/document.xml.rels')).toBe(
      text(before, 'word/_rels/document.xml.rels').replace('</Relationships>', '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>'),
    );
    expect(text(after, '[Content_Types].xml')).toBe(
      text(before, '[Content_Types].xml').replace('</Types>', '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>'),
    );
  });

  it('opens in LibreOffice with no comment text spilling into the page', (ctx) => {
    if (!hasSoffice()) ctx.skip(true, 'LibreOffice (soffice) is not installed');
    const converted = convertToPdf(join(dir, 'out', 'edge.docx'));
    expect(converted.ok, converted.output).toBe(true);
    expect(converted.size).toBeGreaterThan(1000);
  });
});
