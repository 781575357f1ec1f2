/**
 * The evidence proposer: which passages of which documents appear to address
 * each checklist item. Pure: documents, findings and items in, proposals out.
 * A person decides; every proposal stays `proposed` until accepted.
 *
 * Signals, per block of a document, and what each is worth:
 * - an old QSR citation (from the scan's findings) whose content the item now
 *   carries, through the crosswalk (`replaces`): 5 for the provision itself or
 *   a paragraph of it, 3 when the document cites the whole section and the
 *   item carries one paragraph;
 * - a current QMSR citation (820.10, 820.35, 820.45 …) of an FDA item: 6
 *   (3 for the section when the item is one paragraph);
 * - an ISO 13485 clause reference (`ISO 13485:2016 clause 7.3.7`): 5 for the
 *   item's clause or a subclause, 2 when a parent clause is cited;
 * - an item's evidence hint (its wording) in a heading: 4; in body text: 2;
 * - a QSR-era term or statement whose replacement is the item's clause: 2.
 * A block's score is the sum of its distinct signals; a document's score for
 * an item is the sum of its best three blocks. A document is proposed for an
 * item when that reaches {@link MIN_SCORE}; each item keeps its best
 * {@link MAX_DOCUMENTS} documents, each with its best place and up to two more.
 */
import type { SourceLocation, TextBlock, TextDocument } from '../doc-model/types.js';
import { findCitations } from '../citations/index.js';
import type { KnowledgeBase } from '../kb/model.js';
import type { Finding } from '../scanner/types.js';
import type { ChecklistItem } from './checklist.js';

/** The least score a document needs to be proposed for an item. */
export const MIN_SCORE = 4;
/** Documents proposed per item at most. */
export const MAX_DOCUMENTS = 5;
/** Extra places recorded with a proposal. */
const MORE_PLACES = 2;
/** Longest excerpt, in characters. */
const EXCERPT_LENGTH = 240;

/** Rules whose findings mean the document must be revised for the QMSR. */
export const REVISION_RULES: ReadonlySet<string> = new Set(['outdated-citation', 'obsolete-term', 'stale-statement', 'nonexistent-citation']);

/** One scanned document. */
export interface ProposalDocument {
  /** The path as the scan reported it. */
  path: string;
  sha256: string;
  format: string;
  /** The document's text, when it could be read; without it only the findings are used. */
  document?: TextDocument;
  findings: readonly Finding[];
}

/** The checklist item fields the proposer reads. */
export type ProposalItem = Pick<ChecklistItem, 'id' | 'requirement' | 'kind' | 'replaces' | 'isoClauses' | 'qmsrProvisions' | 'evidenceHints'>;

/** One proposed piece of evidence: a document for an item, at its best place. */
export interface EvidenceProposal {
  itemId: string;
  documentPath: string;
  documentSha256: string;
  /** The best place; `more` holds up to two others. */
  location: SourceLocation & { more?: SourceLocation[] };
  excerpt: string;
  score: number;
  /** Why, in words: the citations, clauses and wording found. */
  basis: string;
}

/** Why a document needs revision. */
export interface RevisionNeed {
  path: string;
  sha256: string;
  /** Findings of the revision rules, by rule id. */
  byRule: Record<string, number>;
  /** E.g. "3 outdated citations, 1 obsolete term". */
  summary: string;
}

/** What the proposer found. */
export interface ProposalResult {
  proposals: EvidenceProposal[];
  /** Items (of those given) that no document addresses. */
  uncovered: string[];
  needsRevision: RevisionNeed[];
}

interface Signal {
  key: string;
  score: number;
  reason: string;
  /** Offset of the match in the block, for the excerpt. */
  at?: number;
}

interface Place {
  block: number;
  location: SourceLocation;
  text: string;
  signals: Map<string, Signal>;
}

const SKIPPED_KINDS: ReadonlySet<TextBlock['kind']> = new Set(['header', 'footer', 'comment', 'link', 'front-matter']);

/** Propose evidence for `items` from `documents`. Deterministic: same input, same output. */
export function proposeEvidenceFor(kb: KnowledgeBase, items: readonly ProposalItem[], documents: readonly ProposalDocument[]): ProposalResult {
  const matchers = items.map((item) => ({ item, hints: item.evidenceHints.map((h) => ({ hint: h, re: hintPattern(h) })) }));
  const byItem = new Map<string, EvidenceProposal[]>();
  for (const doc of documents) {
    const refs = doc.document ? blockReferences(doc.document) : undefined;
    for (const { item, hints } of matchers) {
      const places = new Map<number, Place>();
      const place = (block: number, location: SourceLocation, text: string): Place => {
        let p = places.get(block);
        if (!p) places.set(block, (p = { block, location, text, signals: new Map() }));
        return p;
      };
      findingSignals(kb, item, doc, place);
      if (doc.document && refs) textSignals(item, hints, doc.document, refs, place);
      const ranked = [...places.values()]
        .map((p) => ({ p, score: sum(p.signals) }))
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score || a.p.block - b.p.block);
      const score = ranked.slice(0, 3).reduce((n, x) => n + x.score, 0);
      if (score < MIN_SCORE) continue;
      const best = ranked[0]!;
      const reasons = [...new Set(ranked.slice(0, 3).flatMap((x) => [...x.p.signals.values()].map((s) => s.reason)))];
      const more = ranked.slice(1, 1 + MORE_PLACES).map((x) => x.p.location);
      const location: EvidenceProposal['location'] = { ...best.p.location, ...(more.length > 0 ? { more } : {}) };
      const firstAt = [...best.p.signals.values()].find((s) => s.at !== undefined)?.at;
      const list = byItem.get(item.id) ?? [];
      list.push({
        itemId: item.id,
        documentPath: doc.path,
        documentSha256: doc.sha256,
        location,
        excerpt: excerpt(best.p.text, firstAt),
        score,
        basis: reasons.slice(0, 6).join('; '),
      });
      byItem.set(item.id, list);
    }
  }
  const proposals: EvidenceProposal[] = [];
  const uncovered: string[] = [];
  for (const item of items) {
    const list = (byItem.get(item.id) ?? []).sort((a, b) => b.score - a.score || compare(a.documentPath, b.documentPath)).slice(0, MAX_DOCUMENTS);
    if (list.length === 0) uncovered.push(item.id);
    proposals.push(...list);
  }
  return { proposals, uncovered, needsRevision: documents.flatMap((d) => revisionNeed(d) ?? []) };
}

/** Whether a document's findings call for a revision, and which. */
export function revisionNeed(doc: Pick<ProposalDocument, 'path' | 'sha256' | 'findings'>): RevisionNeed | undefined {
  const byRule: Record<string, number> = {};
  for (const f of doc.findings) if (REVISION_RULES.has(f.ruleId)) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
  const rules = Object.keys(byRule).sort();
  if (rules.length === 0) return undefined;
  const label = (rule: string, n: number): string => {
    const noun = rule.replace(/-/g, ' ');
    return `${n} ${n === 1 ? noun : `${noun}s`}`;
  };
  return { path: doc.path, sha256: doc.sha256, byRule, summary: rules.map((r) => label(r, byRule[r]!)).join(', ') };
}

type PlaceOf = (block: number, location: SourceLocation, text: string) => Place;

/** Old citations, terms and statements from the scan's findings. */
function findingSignals(kb: KnowledgeBase, item: ProposalItem, doc: ProposalDocument, place: PlaceOf): void {
  for (const f of doc.findings) {
    const blockIndex = f.span?.block;
    const block = blockIndex !== undefined ? doc.document?.blocks[blockIndex] : undefined;
    // A reviewer's comment is about the procedure, not part of it.
    if (block?.kind === 'comment' || f.location.part?.includes('comments')) continue;
    // Without the document, each finding is its own place (keyed after the real blocks).
    const key = block ? blockIndex! : 1_000_000 + doc.findings.indexOf(f);
    const at = block ? f.span?.start : undefined;
    const text = block?.text ?? f.context ?? f.match;
    const location = block?.location ?? f.location;
    if (f.kind === 'citation' && f.citation) {
      const score = oldCitationScore(f.citation, item.replaces);
      if (score > 0) {
        const now = kb.crosswalk.get(f.citation) ?? kb.crosswalk.get(f.citation.replace(/\(.*$/, ''));
        const to = now && now.isoClauses.length > 0 ? `, now ISO 13485:2016 ${now.isoClauses.join(', ')}` : '';
        add(place(key, location, text), { key: `old:${f.citation}`, score, reason: `cites old 21 CFR ${f.citation}${to}`, ...(at !== undefined ? { at } : {}) });
      }
    } else if (f.kind === 'term' || f.kind === 'statement') {
      const clauses = f.replacements.flatMap((r) => r.isoClauses ?? []);
      if (item.kind === 'iso' && clauses.includes(item.isoClauses[0]!)) {
        const what = f.kind === 'term' ? `uses the QSR term "${f.term ?? f.match}"` : `states "${clip(f.match, 60)}"`;
        add(place(key, location, text), { key: `term:${f.term ?? f.match}`, score: 2, reason: `${what} (now ${item.requirement})`, ...(at !== undefined ? { at } : {}) });
      }
    }
  }
}

/** Current citations, ISO clause references and the item's wording in the document's text. */
function textSignals(item: ProposalItem, hints: { hint: string; re: RegExp }[], document: TextDocument, refs: BlockReferences, place: PlaceOf): void {
  document.blocks.forEach((block, index) => {
    if (SKIPPED_KINDS.has(block.kind) || block.text.trim() === '') return;
    const heading = block.kind === 'heading';
    for (const { hint, re } of hints) {
      const m = re.exec(block.text);
      if (!m) continue;
      add(place(index, block.location, block.text), {
        key: `hint:${hint.toLowerCase()}`,
        score: heading ? 4 : 2,
        reason: heading ? `heading "${clip(block.text, 80)}" matches "${hint}"` : `mentions "${hint}"`,
        at: m.index,
      });
    }
    if (item.kind === 'fda') {
      for (const ref of refs.citations[index] ?? []) {
        const score = currentCitationScore(ref.citation, item.qmsrProvisions);
        if (score > 0) add(place(index, block.location, block.text), { key: `cur:${ref.citation}`, score, reason: `cites 21 CFR ${ref.citation}`, at: ref.start });
      }
    }
    if (item.kind === 'iso') {
      for (const ref of refs.iso[index] ?? []) {
        const score = isoClauseScore(ref.clause, item.isoClauses[0]!);
        if (score > 0) add(place(index, block.location, block.text), { key: `iso:${ref.clause}`, score, reason: `refers to ISO 13485:2016 ${ref.clause}`, at: ref.at });
      }
    }
  });
}

interface BlockReferences {
  /** Part 820 section and paragraph citations per block. */
  citations: { citation: string; start: number }[][];
  iso: { clause: string; at: number }[][];
}

/** The citations and ISO clause references of every block, found once per document. */
function blockReferences(document: TextDocument): BlockReferences {
  const citations: BlockReferences['citations'] = [];
  const iso: BlockReferences['iso'] = [];
  document.blocks.forEach((block, index) => {
    if (SKIPPED_KINDS.has(block.kind)) return;
    citations[index] = findCitations(block.text, { otherParts: false }).filter((r) => r.part === 820 && r.section !== undefined);
    iso[index] = isoReferences(block.text);
  });
  return { citations, iso };
}

function add(p: Place, s: Signal): void {
  const had = p.signals.get(s.key);
  if (!had || had.score < s.score) p.signals.set(s.key, s);
}

function sum(signals: Map<string, Signal>): number {
  let n = 0;
  for (const s of signals.values()) n += s.score;
  return n;
}

/** How strongly an old citation points at an item that carries `replaces`. */
export function oldCitationScore(citation: string, replaces: readonly string[]): number {
  let best = 0;
  for (const r of replaces) {
    if (citation === r || citation.startsWith(`${r}(`)) best = Math.max(best, 5);
    else if (r.startsWith(`${citation}(`)) best = Math.max(best, 3);
  }
  return best;
}

/** How strongly a current QMSR citation points at an FDA item with `provisions`. */
export function currentCitationScore(citation: string, provisions: readonly string[]): number {
  let best = 0;
  for (const p of provisions) {
    if (citation === p || citation.startsWith(`${p}(`)) best = Math.max(best, 6);
    else if (p.startsWith(`${citation}(`)) best = Math.max(best, 3);
  }
  return best;
}

/** How strongly a cited ISO clause points at the item for `clause`. */
export function isoClauseScore(cited: string, clause: string): number {
  if (cited === clause || cited.startsWith(`${clause}.`)) return 5;
  if (clause.startsWith(`${cited}.`)) return 2;
  return 0;
}

const ISO_REF =
  /\bISO\s*13485(?:\s*:\s*20\d\d)?\s*,?\s*(?:(?:sub)?clauses?|sections?|§§?|cl\.)?\s*(\d(?:\.\d{1,2}){1,3}(?:\s*(?:,|and|&|or|to)\s*\d(?:\.\d{1,2}){1,3})*)/gi;

/** ISO 13485 clause references written out with the standard's number. */
export function isoReferences(text: string): { clause: string; at: number }[] {
  const out: { clause: string; at: number }[] = [];
  for (const m of text.matchAll(ISO_REF)) {
    for (const clause of m[1]!.match(/\d(?:\.\d{1,2}){1,3}/g) ?? []) if (/^[4-8]\./.test(clause)) out.push({ clause, at: m.index });
  }
  return out;
}

/** A whole-word, case-insensitive pattern for a hint; spaces and hyphens in it match either. */
export function hintPattern(hint: string): RegExp {
  const body = hint
    .trim()
    .split(/[\s-]+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s-]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
}

/** A short excerpt of `text` around `at`. */
function excerpt(text: string, at: number | undefined): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= EXCERPT_LENGTH) return clean;
  const start = Math.max(0, Math.min((at ?? 0) - 80, clean.length - EXCERPT_LENGTH));
  const cut = clean.slice(start, start + EXCERPT_LENGTH).trim();
  return `${start > 0 ? '…' : ''}${cut}${start + EXCERPT_LENGTH < clean.length ? '…' : ''}`;
}

function clip(text: string, n: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= n ? t : `${t.slice(0, n - 1)}…`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
