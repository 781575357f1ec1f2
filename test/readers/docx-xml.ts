/**
 * An independent check of the docx reader's numbering, on the DOM instead of
 * a SAX stream: the paragraph a block names is found with
 * getElementsByTagNameNS, its runs are its own `w:r` elements, and the text a
 * segment claims must be at that run and offset.
 */
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { expect } from 'vitest';
import type { TextBlock, TextDocument } from '../../src/doc-model/types.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

function isW(node: Node, local: string): boolean {
  return node.nodeType === 1 && (node as Element).namespaceURI === W && (node as Element).localName === local;
}

/** Every `w:p` of a part, in document order. */
export async function paragraphsOf(docx: Uint8Array, part: string): Promise<Element[]> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file(part)!.async('string');
  const dom = new DOMParser().parseFromString(xml, 'text/xml');
  const list = dom.getElementsByTagNameNS(W, 'p');
  return Array.from({ length: list.length }, (_, i) => list[i]!);
}

function nearestParagraph(node: Node): Node | null {
  for (let a = node.parentNode; a; a = a.parentNode) if (isW(a, 'p')) return a;
  return null;
}

/** The paragraph's own runs: every `w:r` whose nearest `w:p` is this one, deleted runs included. */
export function ownRuns(p: Element): Element[] {
  const list = p.getElementsByTagNameNS(W, 'r');
  return Array.from({ length: list.length }, (_, i) => list[i]!).filter((r) => nearestParagraph(r) === p);
}

/** A run's text as the convention renders it. */
export function runText(run: Element): string {
  let out = '';
  for (let c = run.firstChild; c; c = c.nextSibling) {
    if (isW(c, 't')) out += c.textContent ?? '';
    else if (isW(c, 'tab') || isW(c, 'ptab')) out += '\t';
    else if (isW(c, 'br') || isW(c, 'cr')) out += '\n';
    else if (isW(c, 'noBreakHyphen')) out += '-';
  }
  return out;
}

/** Whether a run is current text (not inside w:del, w:moveFrom or an mc:Fallback). */
function isCurrent(run: Element, p: Element): boolean {
  for (let a = run.parentNode; a && a !== p; a = a.parentNode) {
    if (isW(a, 'del') || isW(a, 'moveFrom')) return false;
    if (a.nodeType === 1 && (a as Element).namespaceURI === MC && (a as Element).localName === 'Fallback') return false;
  }
  return true;
}

/** The paragraph's current text, computed from the DOM. */
export function currentText(p: Element): string {
  return ownRuns(p)
    .filter((r) => isCurrent(r, p))
    .map(runText)
    .join('');
}

/** Checks every docx block of a part against the XML: paragraph number, text, and every segment's run and offset. */
export async function verifyAgainstXml(docx: Uint8Array, doc: TextDocument, part = 'word/document.xml'): Promise<number> {
  const paragraphs = await paragraphsOf(docx, part);
  const blocks = doc.blocks.filter((b) => b.location.part === part);
  for (const block of blocks) verifyBlock(block, paragraphs);
  return blocks.length;
}

function verifyBlock(block: TextBlock, paragraphs: Element[]): void {
  const p = paragraphs[block.location.paragraph! - 1];
  expect(p, `paragraph ${block.location.paragraph}`).toBeDefined();
  expect(currentText(p!)).toBe(block.text);
  const runs = ownRuns(p!);
  let covered = 0;
  for (const s of block.segments ?? []) {
    expect(s.start).toBe(covered);
    covered = s.end;
    const run = runs[s.run!.index];
    expect(run, `run ${s.run!.index} of paragraph ${block.location.paragraph}`).toBeDefined();
    expect(runText(run!).slice(s.run!.offset, s.run!.offset + s.end - s.start)).toBe(block.text.slice(s.start, s.end));
  }
  expect(covered).toBe(block.text.length);
}
