/**
 * The revision and comment markup itself: wrapping matched runs in `w:del`
 * (their `w:t` becoming `w:delText`), adding the `w:ins` run with the new
 * text in the first deleted run's formatting, and anchoring a comment with
 * `w:commentRangeStart`/`w:commentRangeEnd` and a `w:commentReference` run.
 * Also decides when a match must not be changed automatically.
 */
import type { Document, Element, Node } from '@xmldom/xmldom';
import type { IdAllocator } from './ooxml.js';
import { childElements, isW } from './ooxml.js';
import { ancestorsUpTo, cloneProperties, isPlainRun, preserveSpace, runProperties, type Piece } from './docx-runs.js';
import type { ParagraphLayout } from './docx-paragraph.js';

/** Who, when and with which ids and names the markup is written. */
export interface MarkContext {
  doc: Document;
  ns: string;
  prefix: string;
  ids: IdAllocator;
  author: string;
  date: string;
}

/** Containers a run may sit in and still be wrapped in revision marks in place. */
const EDITABLE_CONTAINERS = new Set(['hyperlink', 'smartTag', 'customXml', 'sdt', 'sdtContent', 'dir', 'bdo']);
/** Markers that may sit between the runs of a match and move into the deletion with them. */
const MOVABLE_MARKERS = new Set(['bookmarkStart', 'bookmarkEnd', 'proofErr', 'permStart', 'permEnd']);

/** Why the matched pieces cannot become a tracked change, or undefined when they can. */
export function trackedChangeBlocker(matched: readonly Piece[], exact: boolean, layout: ParagraphLayout, p: Element, ns: string): string | undefined {
  if (matched.some((pc) => layout.inField.has(pc.run) || ancestorsUpTo(pc.run, p).some((a) => isW(a, ns, 'fldSimple')))) {
    return 'the text is the result of a Word field (such as a cross-reference), which Word would recalculate; change the field instead';
  }
  if (!exact) {
    const frozen = ancestorsUpTo(matched[0]!.run, p).find((a) => isW(a, ns, 'ins') || isW(a, ns, 'moveTo'));
    if (frozen) return `the text is inside a tracked ${frozen.localName === 'ins' ? 'insertion' : 'move'}${byAuthor(frozen, ns)} that has not been accepted yet; accept or reject it first`;
    return 'the text shares a run with a tracked formatting change; accept or reject that change first';
  }
  if (matched.some((pc) => pc.start === pc.end) || matched.some((pc) => !isPlainRun(pc.run, ns))) {
    return 'the text includes a picture, symbol, field code or footnote mark that a tracked change would delete; edit it by hand';
  }
  for (const pc of matched) {
    for (const a of ancestorsUpTo(pc.run, p)) {
      if (isW(a, ns, 'ins') || isW(a, ns, 'moveTo')) return `the text is inside a tracked ${a.localName === 'ins' ? 'insertion' : 'move'}${byAuthor(a, ns)} that has not been accepted yet; accept or reject it first`;
      if (a.namespaceURI !== ns || !EDITABLE_CONTAINERS.has(a.localName ?? '')) return `the text sits inside ${a.nodeName}, which qmsr does not edit`;
    }
    const change = childElements(runProperties(pc.run, ns) ?? pc.run).find((c) => isW(c, ns, 'rPrChange'));
    if (change) return `the text carries a tracked formatting change${byAuthor(change, ns)}; accept or reject it first`;
  }
  const parent = matched[0]!.run.parentNode;
  if (matched.some((pc) => pc.run.parentNode !== parent)) return 'part of the text is inside a hyperlink or content control and part is not';
  const members = new Set<Node>(matched.map((pc) => pc.run));
  for (let n: Node | null = matched[0]!.run; n; n = n.nextSibling) {
    if (n.nodeType === 1 && !members.has(n)) {
      const e = n as Element;
      if (isW(e, ns, 'del') || isW(e, ns, 'moveFrom')) return `the text overlaps a tracked deletion${byAuthor(e, ns)}; accept or reject it first`;
      if (isW(e, ns, 'commentRangeStart') || isW(e, ns, 'commentRangeEnd')) return 'the text overlaps the start or end of an existing comment';
      if (!(e.namespaceURI === ns && MOVABLE_MARKERS.has(e.localName ?? ''))) return `the text is interrupted by ${e.nodeName}`;
    }
    if (n === matched[matched.length - 1]!.run) break;
  }
  return undefined;
}

function byAuthor(el: Element, ns: string): string {
  const author = el.getAttributeNS(ns, 'author');
  return author ? ` by ${author}` : '';
}

function element(ctx: MarkContext, local: string): Element {
  return ctx.doc.createElementNS(ctx.ns, `${ctx.prefix}:${local}`);
}

function setW(el: Element, ctx: MarkContext, local: string, value: string): void {
  el.setAttributeNS(ctx.ns, `${ctx.prefix}:${local}`, value);
}

/** A revision element (`w:ins`/`w:del`) with a fresh id, the author and the date. */
function revision(ctx: MarkContext, local: 'ins' | 'del'): Element {
  const el = element(ctx, local);
  setW(el, ctx, 'id', String(ctx.ids.take()));
  setW(el, ctx, 'author', ctx.author);
  setW(el, ctx, 'date', ctx.date);
  return el;
}

/**
 * Wraps the matched runs (same parent, contiguous apart from movable markers)
 * in a deletion and adds an insertion with `replacement` right after it.
 */
export function wrapTrackedChange(matched: readonly Piece[], replacement: string, ctx: MarkContext): { del: Element; ins: Element } {
  const first = matched[0]!.run;
  const last = matched[matched.length - 1]!.run;
  const parent = first.parentNode!;
  const del = revision(ctx, 'del');
  parent.insertBefore(del, first);
  for (let n: Node | null = first; n; ) {
    const next: Node | null = n.nextSibling;
    del.appendChild(n);
    if (n === last) break;
    n = next;
  }
  const texts = del.getElementsByTagNameNS(ctx.ns, 't');
  for (const t of Array.from({ length: texts.length }, (_, i) => texts[i]!)) {
    const delText = element(ctx, 'delText');
    for (let a = 0; a < t.attributes.length; a++) {
      const attr = t.attributes[a]!;
      delText.setAttributeNS(attr.namespaceURI, attr.name, attr.value);
    }
    while (t.firstChild) delText.appendChild(t.firstChild);
    preserveSpace(delText);
    t.parentNode!.replaceChild(delText, t);
  }

  const ins = revision(ctx, 'ins');
  const run = element(ctx, 'r');
  const rPr = runProperties(first, ctx.ns);
  if (rPr) run.appendChild(cloneProperties(rPr, ctx.ids, ctx.ns, true));
  for (const part of replacement.split(/(\t|\n)/)) {
    if (part === '') continue;
    if (part === '\t') run.appendChild(element(ctx, 'tab'));
    else if (part === '\n') run.appendChild(element(ctx, 'br'));
    else {
      const t = element(ctx, 't');
      t.appendChild(ctx.doc.createTextNode(part));
      preserveSpace(t);
      run.appendChild(t);
    }
  }
  ins.appendChild(run);
  parent.insertBefore(ins, del.nextSibling);
  return { del, ins };
}

/**
 * Anchors comment `id` from just before `first` to just after `last` (both
 * children of paragraph content), with its reference run after the range.
 */
export function anchorComment(first: Node, last: Node, id: number, ctx: MarkContext): void {
  const start = element(ctx, 'commentRangeStart');
  setW(start, ctx, 'id', String(id));
  first.parentNode!.insertBefore(start, first);
  const end = element(ctx, 'commentRangeEnd');
  setW(end, ctx, 'id', String(id));
  last.parentNode!.insertBefore(end, last.nextSibling);
  // The reference mark goes directly in the paragraph, after whatever holds the range's end
  // (a revision, hyperlink or content control), so it is nobody's edit and no part of a link.
  let after: Node = end;
  while (after.parentNode && !isW(after.parentNode, ctx.ns, 'p')) after = after.parentNode;
  after.parentNode!.insertBefore(referenceRun(id, ctx), after.nextSibling);
}

/** Anchors comment `id` on a point at the start of paragraph `p` (after its properties). */
export function anchorAtParagraphStart(p: Element, id: number, ctx: MarkContext): void {
  const pPr = childElements(p).find((c) => isW(c, ctx.ns, 'pPr'));
  const before = pPr ? pPr.nextSibling : p.firstChild;
  const start = element(ctx, 'commentRangeStart');
  setW(start, ctx, 'id', String(id));
  const end = element(ctx, 'commentRangeEnd');
  setW(end, ctx, 'id', String(id));
  for (const node of [start, end, referenceRun(id, ctx)]) p.insertBefore(node, before);
}

function referenceRun(id: number, ctx: MarkContext): Element {
  const run = element(ctx, 'r');
  const ref = element(ctx, 'commentReference');
  setW(ref, ctx, 'id', String(id));
  run.appendChild(ref);
  return run;
}
