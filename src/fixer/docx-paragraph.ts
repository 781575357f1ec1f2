/**
 * Lines a reader's block up with the Word paragraph it came from, and cuts the
 * paragraph's runs at the block offsets where matches start and end. The
 * block's segments say which run holds which characters (see
 * src/readers/docx-walker.ts); every segment is checked against the XML, so
 * a document the reader and the redliner see differently is left alone
 * instead of being edited in the wrong place.
 */
import type { Element } from '@xmldom/xmldom';
import type { TextBlock } from '../doc-model/types.js';
import { MC_NS, childElements, isW, type IdAllocator } from './ooxml.js';
import { ancestorsUpTo, ownRuns, runText, splitRun, type Piece } from './docx-runs.js';

/** A paragraph's current text as pieces of runs, cut at the requested offsets. */
export interface ParagraphLayout {
  pieces: Piece[];
  /** Runs that are part of a complex field, with the first and last run of the outermost field. */
  inField: Map<Element, { begin: Element; end: Element }>;
}

/** Lays out `p` for `block`; throws with a plain reason when the two do not agree. */
export function layoutParagraph(p: Element, block: TextBlock, cuts: readonly number[], ids: IdAllocator, ns: string): ParagraphLayout {
  const runs = ownRuns(p, ns);
  const starts = new Map<Element, number>();
  for (const seg of block.segments ?? []) {
    if (!seg.run) throw new Error('the reader gave no run positions for this paragraph');
    const run = runs[seg.run.index];
    if (!run) throw new Error(`run ${seg.run.index} of the paragraph is missing`);
    const text = runText(run, ns);
    const expected = block.text.slice(seg.start, seg.end);
    if (seg.run.offset !== 0 || text !== expected) throw new Error('the paragraph text in the file does not match what was scanned');
    starts.set(run, seg.start);
  }

  const inField = fieldMembers(runs, ns);
  const pieces: Piece[] = [];
  let pos = 0;
  for (const run of runs) {
    const start = starts.get(run);
    if (start === undefined) {
      // Not current text: deleted, moved away, an unread alternative, or a run without text.
      if (runText(run, ns).length > 0 || !isCurrent(run, p, ns)) continue;
      pieces.push({ run, start: pos, end: pos });
      continue;
    }
    const length = runText(run, ns).length;
    // Someone else's revision and field results are never rewritten: their runs are not split.
    const frozen = inField.has(run) || isFrozen(run, p, ns);
    pieces.push(...(frozen ? [{ run, start, end: start + length }] : splitRun(run, start, cuts, ids, ns)));
    pos = start + length;
  }
  return { pieces, inField };
}

/** Runs inside an existing tracked insertion or move or a simple field, or carrying a tracked formatting change: left exactly as they are. */
function isFrozen(run: Element, p: Element, ns: string): boolean {
  if (ancestorsUpTo(run, p).some((a) => isW(a, ns, 'ins') || isW(a, ns, 'moveTo') || isW(a, ns, 'fldSimple'))) return true;
  const rPr = childElements(run).find((c) => isW(c, ns, 'rPr'));
  return !!rPr && childElements(rPr).some((c) => isW(c, ns, 'rPrChange'));
}

/** Whether a text-less run is part of the current content (not inside a deletion or an alternative branch). */
function isCurrent(run: Element, p: Element, ns: string): boolean {
  return !ancestorsUpTo(run, p).some((a) => isW(a, ns, 'del') || isW(a, ns, 'moveFrom') || a.namespaceURI === MC_NS);
}

/** Runs between a complex field's `begin` and `end` marks (the marks included), with the outermost field's first and last run. */
function fieldMembers(runs: readonly Element[], ns: string): Map<Element, { begin: Element; end: Element }> {
  const out = new Map<Element, { begin: Element; end: Element }>();
  let depth = 0;
  let members: Element[] = [];
  for (const run of runs) {
    let member = depth > 0;
    for (const c of childElements(run)) {
      if (!isW(c, ns, 'fldChar')) continue;
      const type = c.getAttributeNS(ns, 'fldCharType');
      member = true;
      if (type === 'begin') depth++;
      else if (type === 'end') depth = Math.max(0, depth - 1);
    }
    if (!member) continue;
    members.push(run);
    if (depth === 0) {
      const bounds = { begin: members[0]!, end: run };
      for (const m of members) out.set(m, bounds);
      members = [];
    }
  }
  // A field left open at the end of the paragraph (it continues in the next one): up to the last run.
  if (members.length > 0) for (const m of members) out.set(m, { begin: members[0]!, end: members[members.length - 1]! });
  return out;
}

/**
 * The pieces that cover block text [start, end): text pieces that overlap it
 * and text-less pieces strictly inside. `exact` when no text piece reaches
 * outside the range (always, unless a run could not be split).
 */
export function piecesIn(layout: ParagraphLayout, start: number, end: number): { pieces: Piece[]; exact: boolean } {
  const pieces = layout.pieces.filter((pc) => (pc.start < pc.end ? pc.start < end && pc.end > start : pc.start > start && pc.start < end));
  return { pieces, exact: pieces.every((pc) => pc.start >= start && pc.end <= end) };
}
