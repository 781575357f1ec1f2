/**
 * Word redlines: each fixable finding becomes a real tracked change (a
 * `w:del` of the old text and a `w:ins` of the new, with author and date) and
 * a comment explaining it; a finding that needs a person's judgement gets the
 * comment only, anchored on the matched text. Works in the body, headers,
 * footers, footnotes and endnotes, including text Word split across runs with
 * different formatting.
 *
 * Preservation: only the paragraphs that receive marks are rewritten (see
 * `serializePart`); every other part of the package keeps its bytes, except the
 * comments part, its relationship and content-type entry, and the settings
 * (`w:trackRevisions`), which get text inserted and nothing else changed.
 * Existing tracked changes and comments are never edited: a match that
 * overlaps one gets a comment only, and deleted text is never touched.
 *
 * Comments are anchored in the body only: Word cannot hold comments in
 * headers and footers, and LibreOffice refuses to open a file with comments
 * inside footnotes or endnotes. A change in a footnote or endnote is explained
 * by a comment on its reference mark in the body; one in a header or footer by
 * a comment at the start of the body. Either comment says where the change is.
 */
import type { Element } from '@xmldom/xmldom';
import JSZip from 'jszip';
import type { TextBlock, TextDocument } from '../doc-model/types.js';
import type { Finding } from '../scanner/types.js';
import { commentParagraphs, whyNotFixable, type CommentSubject } from './comment-text.js';
import { addComments, enableTrackRevisions, mainPartName, type NewComment } from './docx-package.js';
import { anchorAtParagraphStart, anchorComment, trackedChangeBlocker, wrapTrackedChange, type MarkContext } from './docx-marks.js';
import { layoutParagraph, piecesIn, type ParagraphLayout } from './docx-paragraph.js';
import { ancestorsUpTo, nearestParagraph } from './docx-runs.js';
import { IdAllocator, encodePart, isW, parseWordPart, putPart, serializePart, type ParsedPart } from './ooxml.js';
import type { FindingOutcome } from './types.js';

/** How the redline is signed and what else it does. */
export interface RedlineOptions {
  author: string;
  /** xsd:dateTime written into every revision and comment. */
  date: string;
  /** Switch on Track Changes in the copy so later edits are tracked too (default true). */
  trackRevisions?: boolean;
  /** Knowledge-base version quoted in comments. */
  kbVersion: string;
}

/** The marked-up package and what happened to each finding. */
export interface RedlineResult {
  /** The new .docx, or undefined when nothing was marked (every finding skipped, or none). */
  data?: Buffer;
  outcomes: FindingOutcome[];
  /** Package parts that were rewritten. */
  changedParts: string[];
  notes: string[];
}

/** Where in the package a block may be marked up: comments go in the body only. */
type PartRole = 'body' | 'header-footer' | 'notes';

/** A comment explaining a change made outside the body, and where in the body it goes. */
interface BodyNote {
  id: number;
  subject: CommentSubject;
  /** The footnote or endnote whose reference mark carries the comment; otherwise the start of the body. */
  note?: { kind: 'footnoteReference' | 'endnoteReference'; id: string };
}

interface Job {
  finding: Finding;
  block: TextBlock;
  start: number;
  end: number;
  outcome?: FindingOutcome;
}

/** Marks up `data` (the bytes `doc` was read from) for `findings` (from scanning `doc`). */
export async function redlineDocx(data: Uint8Array, doc: TextDocument, findings: readonly Finding[], options: RedlineOptions): Promise<RedlineResult> {
  const zip = await JSZip.loadAsync(data);
  const ids = new IdAllocator();
  for (const name of Object.keys(zip.files)) {
    const file = zip.files[name]!;
    if (!file.dir && /\.(xml|rels)$/i.test(name)) ids.scan(await file.async('string'));
  }
  const mainPart = await mainPartName(zip);
  const outcomes = new Map<Finding, FindingOutcome>();
  const byPart = new Map<string, Map<number, Job[]>>();

  for (const finding of findings) {
    const block = finding.span ? doc.blocks[finding.span.block] : undefined;
    const part = block?.location.part;
    const paragraph = block?.location.paragraph;
    if (!finding.span || !block || !part || paragraph === undefined) {
      outcomes.set(finding, skipped(finding, 'the scanner gave no position in the document for it'));
      continue;
    }
    if (roleOf(part, mainPart) === undefined) {
      outcomes.set(finding, skipped(finding, /comments/i.test(part) ? 'it is inside an existing Word comment, which qmsr does not edit' : `qmsr does not edit ${part}`));
      continue;
    }
    const paragraphs = byPart.get(part) ?? new Map<number, Job[]>();
    byPart.set(part, paragraphs);
    const jobs = paragraphs.get(paragraph) ?? [];
    paragraphs.set(paragraph, jobs);
    jobs.push({ finding, block, start: finding.span.start, end: finding.span.end });
  }

  const parts = new Map<string, ParsedPart>();
  const edited = new Map<string, Set<Element>>();
  const load = async (name: string): Promise<ParsedPart | undefined> => {
    if (parts.has(name)) return parts.get(name);
    const file = zip.file(name);
    if (!file) return undefined;
    const part = parseWordPart(name, await file.async('uint8array'));
    parts.set(name, part);
    edited.set(name, new Set());
    return part;
  };
  const comments: NewComment[] = [];
  const bodyNotes: BodyNote[] = [];

  for (const [partName, paragraphs] of byPart) {
    const part = await load(partName);
    if (!part) {
      for (const jobs of paragraphs.values()) for (const job of jobs) outcomes.set(job.finding, skipped(job.finding, `${partName} is missing from the package`));
      continue;
    }
    const role = roleOf(partName, mainPart)!;
    const ctx: MarkContext = { doc: part.doc, ns: part.ns, prefix: part.prefix, ids, author: options.author, date: options.date };
    // A static list: the live one would be recomputed after every edit (paragraphs are never added or removed).
    const list = part.doc.getElementsByTagNameNS(part.ns, 'p');
    const all = Array.from({ length: list.length }, (_, i) => list[i]!);
    for (const [index, jobs] of paragraphs) {
      const p = all[index - 1];
      if (!p) {
        for (const job of jobs) outcomes.set(job.finding, skipped(job.finding, `paragraph ${index} of ${partName} was not found`));
        continue;
      }
      const marked = markParagraph(p, jobs, ctx, role);
      if (marked.failure) {
        for (const job of jobs) outcomes.set(job.finding, skipped(job.finding, marked.failure));
        continue;
      }
      edited.get(partName)!.add(p);
      for (const job of jobs) {
        const outcome = job.outcome!;
        outcomes.set(job.finding, outcome);
        const subject: CommentSubject = { finding: job.finding, action: outcome.action, ...(outcome.replacement !== undefined ? { replacement: outcome.replacement } : {}), ...(outcome.reason ? { reason: outcome.reason } : {}) };
        if (outcome.commentId === undefined) continue;
        if (role === 'body') comments.push({ id: outcome.commentId, paragraphs: commentParagraphs(subject, options.kbVersion) });
        else {
          const note = role === 'notes' ? enclosingNote(p, part.ns) : undefined;
          const where = note ? `${note.kind === 'footnoteReference' ? 'footnote' : 'endnote'} ${note.id}` : `the ${partLabel(partName)}, paragraph ${index}`;
          bodyNotes.push({ id: outcome.commentId, subject: { ...subject, elsewhere: where }, ...(note ? { note } : {}) });
        }
      }
    }
  }

  // Changes outside the body: explained by comments on the note's reference mark, or at the start of the body.
  if (bodyNotes.length > 0) {
    const main = await load(mainPart);
    const ctx: MarkContext | undefined = main && { doc: main.doc, ns: main.ns, prefix: main.prefix, ids, author: options.author, date: options.date };
    for (const note of bodyNotes) {
      const placed = main && ctx ? placeBodyNote(main, note, ctx) : undefined;
      if (placed) {
        edited.get(mainPart)!.add(placed);
        comments.push({ id: note.id, paragraphs: commentParagraphs(note.subject, options.kbVersion) });
      } else {
        const o = outcomes.get(note.subject.finding);
        if (o) delete o.commentId;
      }
    }
  }

  const result: RedlineResult = { outcomes: findings.map((f) => outcomes.get(f)!), changedParts: [], notes: [] };
  const touched = [...edited.entries()].filter(([, set]) => set.size > 0);
  if (touched.length === 0) return result;

  for (const [name, set] of touched) {
    const part = parts.get(name)!;
    putPart(zip, name, encodePart(serializePart(part, set), part.bom));
    result.changedParts.push(name);
  }
  const mainNs = parts.get(mainPart)?.ns ?? [...parts.values()][0]!.ns;
  result.changedParts.push(...(await addComments(zip, mainPart, mainNs, comments, { author: options.author, date: options.date })));
  if (options.trackRevisions !== false) {
    const track = await enableTrackRevisions(zip, mainPart);
    if (track.written) result.changedParts.push(track.written);
    if (track.note) result.notes.push(track.note);
  }
  result.data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  return result;
}

/** Marks one paragraph; every job gets an outcome, or the paragraph fails as a whole. */
function markParagraph(p: Element, jobs: Job[], ctx: MarkContext, role: PartRole): { failure?: string } {
  const block = jobs[0]!.block;
  let layout: ParagraphLayout;
  try {
    layout = layoutParagraph(p, block, [...new Set(jobs.flatMap((j) => [j.start, j.end]))], ctx.ids, ctx.ns);
  } catch (err) {
    return { failure: `the paragraph could not be matched to the scanned text (${(err as Error).message})` };
  }
  const matches = new Map<Job, ReturnType<typeof piecesIn>>();
  for (const job of jobs) {
    const found = piecesIn(layout, job.start, job.end);
    const text = found.pieces.map((pc) => block.text.slice(Math.max(pc.start, job.start), Math.min(pc.end, job.end))).join('');
    if (found.pieces.length === 0 || text !== job.finding.match) return { failure: 'the matched text was not found where the scan saw it' };
    matches.set(job, found);
  }

  // Tracked changes first, in text order, never two over the same text.
  const changes = new Map<Element, Element>(); // our w:del → our w:ins
  const taken: [number, number][] = [];
  const sorted = [...jobs].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const job of sorted) {
    const { finding } = job;
    const replacement = finding.replacements[0]?.text;
    if (!finding.fixable || replacement === undefined) {
      job.outcome = { finding, action: 'comment-only', reason: whyNotFixable(finding) };
      continue;
    }
    const overlap = taken.some(([s, e]) => job.start < e && job.end > s);
    const found = matches.get(job)!;
    const blocker = overlap ? 'it overlaps another change proposed in the same place' : trackedChangeBlocker(found.pieces, found.exact, layout, p, ctx.ns);
    if (blocker) {
      job.outcome = { finding, action: 'comment-only', replacement, reason: blocker };
      continue;
    }
    const { del, ins } = wrapTrackedChange(found.pieces, replacement, ctx);
    changes.set(del, ins);
    taken.push([job.start, job.end]);
    job.outcome = { finding, action: 'tracked-change', replacement };
    job.outcome.commentId = ctx.ids.take();
    if (role === 'body') anchorComment(del, ins, job.outcome.commentId, ctx);
  }

  // Then the comments on text left for a person, anchored on the matched text.
  for (const job of sorted) {
    if (job.outcome!.action !== 'comment-only') continue;
    const id = ctx.ids.take();
    job.outcome!.commentId = id;
    if (role !== 'body') continue;
    const { pieces } = matches.get(job)!;
    // Markers never go inside a revision (ours or anyone's) or a field result: around it instead.
    const first = pieces[0]!.run;
    const final = pieces[pieces.length - 1]!.run;
    const start = outsideRevisions(layout.inField.get(first)?.begin ?? first, p, ctx.ns);
    const last = outsideRevisions(layout.inField.get(final)?.end ?? final, p, ctx.ns);
    anchorComment(start, changes.get(last) ?? last, id, ctx);
  }
  return {};
}

/** `run`, or the outermost revision or simple field (`w:ins`, `w:del`, moves, `w:fldSimple`) holding it below paragraph `p`. */
function outsideRevisions(run: Element, p: Element, ns: string): Element {
  let node = run;
  for (const a of ancestorsUpTo(run, p)) if (ENCLOSURES.some((local) => isW(a, ns, local))) node = a;
  return node;
}

const ENCLOSURES = ['ins', 'del', 'moveTo', 'moveFrom', 'fldSimple'];

function skipped(finding: Finding, reason: string): FindingOutcome {
  return { finding, action: 'skipped', reason };
}

/** How a part can be marked: the body and notes take comments; headers and footers do not. */
function roleOf(part: string, mainPart: string): PartRole | undefined {
  if (part === mainPart) return 'body';
  const file = part.slice(part.lastIndexOf('/') + 1).toLowerCase();
  if (/^(header|footer)\d*\.xml$/.test(file)) return 'header-footer';
  if (file === 'footnotes.xml' || file === 'endnotes.xml') return 'notes';
  return undefined;
}

/** `word/header2.xml` → `header (header2.xml)`. */
function partLabel(part: string): string {
  const file = part.slice(part.lastIndexOf('/') + 1);
  return `${file.toLowerCase().startsWith('header') ? 'header' : 'footer'} (${file})`;
}

/** The footnote or endnote a paragraph of footnotes.xml/endnotes.xml belongs to. */
function enclosingNote(p: Element, ns: string): BodyNote['note'] {
  for (let a = p.parentNode; a; a = a.parentNode) {
    if (isW(a, ns, 'footnote') || isW(a, ns, 'endnote')) {
      const id = (a as Element).getAttributeNS(ns, 'id');
      if (id === null || id === '') return undefined;
      return { kind: (a as Element).localName === 'footnote' ? 'footnoteReference' : 'endnoteReference', id };
    }
  }
  return undefined;
}

/** Anchors a body note; returns the body paragraph it went into. */
function placeBodyNote(main: ParsedPart, note: BodyNote, ctx: MarkContext): Element | undefined {
  if (note.note) {
    const refs = main.doc.getElementsByTagNameNS(main.ns, note.note.kind);
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i]!;
      if (ref.getAttributeNS(main.ns, 'id') !== note.note.id) continue;
      const run = ref.parentNode;
      const p = run ? nearestParagraph(run, main.ns) : undefined;
      if (run && p && isW(run, main.ns, 'r')) {
        anchorComment(run, run, note.id, ctx);
        return p;
      }
    }
  }
  const first = firstBodyParagraph(main);
  if (first) anchorAtParagraphStart(first, note.id, ctx);
  return first;
}

/** The first paragraph directly in the body, or the first paragraph at all. */
function firstBodyParagraph(part: ParsedPart): Element | undefined {
  const body = part.doc.getElementsByTagNameNS(part.ns, 'body')[0];
  if (body) for (let c = body.firstChild; c; c = c.nextSibling) if (isW(c, part.ns, 'p')) return c as Element;
  return part.doc.getElementsByTagNameNS(part.ns, 'p')[0] ?? undefined;
}
