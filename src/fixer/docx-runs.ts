/**
 * A Word paragraph as the redliner sees it: its own runs, each run's current
 * text counted exactly as the docx reader counts it (src/readers/docx-walker.ts:
 * `w:t` text, `w:tab`/`w:ptab` as a tab, `w:br`/`w:cr` as a newline,
 * `w:noBreakHyphen` as `-`), and the splitting of runs at text offsets so a
 * match can be wrapped in revision marks without changing anyone's formatting:
 * every piece of a split run keeps a copy of the run's properties (`w:rPr`).
 */
import type { Element, Node } from '@xmldom/xmldom';
import type { IdAllocator } from './ooxml.js';
import { XML_NS, childElements, isW } from './ooxml.js';

/** Characters a run child adds to the run's text (`w:t`: its text). */
export function childText(child: Element, ns: string): string {
  if (child.namespaceURI !== ns) return '';
  switch (child.localName) {
    case 't':
      return child.textContent ?? '';
    case 'tab':
    case 'ptab':
      return '\t';
    case 'br':
    case 'cr':
      return '\n';
    case 'noBreakHyphen':
      return '-';
    default:
      return '';
  }
}

/** A run's current text (what the reader reads from it when it is current text). */
export function runText(run: Element, ns: string): string {
  return childElements(run)
    .map((c) => childText(c, ns))
    .join('');
}

/** Every `w:r` whose nearest `w:p` ancestor is `p`, in document order: the reader's run numbering. */
export function ownRuns(p: Element, ns: string): Element[] {
  const list = p.getElementsByTagNameNS(ns, 'r');
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (nearestParagraph(r, ns) === p) out.push(r);
  }
  return out;
}

/** The closest `w:p` above `node`. */
export function nearestParagraph(node: Node, ns: string): Element | undefined {
  for (let a = node.parentNode; a; a = a.parentNode) if (isW(a, ns, 'p')) return a as Element;
  return undefined;
}

/** Ancestors of `node` up to (not including) `stop`, nearest first. */
export function ancestorsUpTo(node: Node, stop: Node): Element[] {
  const out: Element[] = [];
  for (let a = node.parentNode; a && a !== stop; a = a.parentNode) if (a.nodeType === 1) out.push(a as Element);
  return out;
}

/** Run children that are text or harmless markers and may be deleted as part of a tracked change. */
const PLAIN_CHILDREN = new Set(['rPr', 't', 'tab', 'br', 'cr', 'noBreakHyphen', 'softHyphen', 'lastRenderedPageBreak']);

/** Whether a run holds only text (no picture, field code, footnote mark, symbol...). */
export function isPlainRun(run: Element, ns: string): boolean {
  return childElements(run).every((c) => c.namespaceURI === ns && PLAIN_CHILDREN.has(c.localName ?? ''));
}

/** The run's `w:rPr`, if any. */
export function runProperties(run: Element, ns: string): Element | undefined {
  return childElements(run).find((c) => isW(c, ns, 'rPr'));
}

/** Sets `xml:space="preserve"` where leading or trailing white space would otherwise be dropped. */
export function preserveSpace(t: Element): void {
  const text = t.textContent ?? '';
  if (/^\s|\s$/.test(text) && t.getAttributeNS(XML_NS, 'space') !== 'preserve') t.setAttributeNS(XML_NS, 'xml:space', 'preserve');
}

/**
 * A clone of a run's properties for a new piece. Tracked formatting changes
 * (`w:rPrChange`) carry a revision id, so each copy gets a fresh one.
 */
export function cloneProperties(rPr: Element, ids: IdAllocator, ns: string, dropTrackedFormatting: boolean): Element {
  const copy = rPr.cloneNode(true) as Element;
  for (const change of childElements(copy).filter((c) => isW(c, ns, 'rPrChange'))) {
    if (dropTrackedFormatting) copy.removeChild(change);
    else change.setAttributeNS(ns, `${copy.prefix}:id`, String(ids.take()));
  }
  return copy;
}

/** A piece of a paragraph's current text: a run (or part of one) and where its text sits in the block. */
export interface Piece {
  run: Element;
  /** Block offsets; `start === end` for a run (or split-off part) without text, such as a picture or a field mark. */
  start: number;
  end: number;
}

/**
 * Splits `run` (whose text starts at block offset `runStart`) at every block
 * offset in `cuts` that falls inside it, and returns the pieces in order. The
 * first piece is `run` itself; later pieces are new runs inserted after it,
 * each with its own copy of the run's attributes and properties. Text-less
 * children (pictures, field marks) that sit exactly on a cut get a piece of
 * their own, so they belong to neither side of a match.
 */
export function splitRun(run: Element, runStart: number, cuts: readonly number[], ids: IdAllocator, ns: string): Piece[] {
  const runEnd = runStart + runText(run, ns).length;
  const inside = new Set(cuts.filter((c) => c >= runStart && c <= runEnd));
  if (inside.size === 0) return [{ run, start: runStart, end: runEnd }];

  // Group the run's content (element children; white space between them is insignificant) into pieces at the cuts.
  type Group = { start: number; end: number; zero: boolean; children: Element[] };
  const groups: Group[] = [];
  let current: Group | undefined;
  const open = (at: number, zero: boolean): Group => {
    current = { start: at, end: at, zero, children: [] };
    groups.push(current);
    return current;
  };
  const rPr = runProperties(run, ns);
  let pos = runStart;
  for (const el of childElements(run)) {
    if (el === rPr) continue;
    const value = childText(el, ns);
    if (value.length === 0) {
      if (inside.has(pos)) (current?.zero && current.start === pos ? current : open(pos, true)).children.push(el);
      else (current && !current.zero ? current : open(pos, false)).children.push(el);
      continue;
    }
    const chunks = isW(el, ns, 't') ? cutText(value, pos, inside) : [value];
    let at = pos;
    for (const chunk of chunks) {
      const g = !current || current.zero || inside.has(at) ? open(at, false) : current;
      g.children.push(chunks.length === 1 ? el : textPiece(el, chunk));
      at += chunk.length;
      g.end = at;
    }
    pos = at;
  }
  if (groups.length <= 1) return [{ run, start: runStart, end: runEnd }];

  // Rebuild: the original element keeps the first group; the others become new runs after it.
  while (run.firstChild) run.removeChild(run.firstChild);
  const pieces: Piece[] = [];
  let after: Element = run;
  groups.forEach((g, i) => {
    const target = i === 0 ? run : (run.cloneNode(false) as Element);
    if (rPr) target.appendChild(i === 0 ? rPr : cloneProperties(rPr, ids, ns, false));
    for (const child of g.children) target.appendChild(child);
    if (i > 0) {
      after.parentNode!.insertBefore(target, after.nextSibling);
      after = target;
    }
    pieces.push({ run: target, start: g.start, end: g.end });
  });
  return pieces;
}

/** `value` (text starting at block offset `pos`) cut at every offset of `cuts` strictly inside it. */
function cutText(value: string, pos: number, cuts: ReadonlySet<number>): string[] {
  const points = [...cuts].filter((c) => c > pos && c < pos + value.length).sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const c of points) {
    out.push(value.slice(from, c - pos));
    from = c - pos;
  }
  out.push(value.slice(from));
  return out;
}

/** A copy of the `w:t` element `t` holding `value`. */
function textPiece(t: Element, value: string): Element {
  const copy = t.cloneNode(false) as Element;
  copy.appendChild(t.ownerDocument!.createTextNode(value));
  preserveSpace(copy);
  return copy;
}
