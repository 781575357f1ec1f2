/**
 * Answers "what is this reference, and where does it live now?" for any old
 * or current Part 820 citation, subpart, or related Title 21 part.
 * The answer shape is the `qmsr explain` JSON contract.
 */
import { parseCitation } from '../citations/index.js';
import type { CitationRef } from '../citations/index.js';
import type { KnowledgeBase, Provision, Regulation, RegulationName } from './model.js';
import { longDate } from './dates.js';
import { nearestCitations } from './nearest.js';

export type ExplainStatus = 'removed' | 'current' | 'reserved' | 'unknown';

export interface Explanation {
  input: string;
  citation: string;
  regulation: RegulationName;
  status: ExplainStatus;
  /** Finer detail where the contract's status is coarse, e.g. `not-adopted` for 820.15. */
  statusDetail?: 'not-adopted';
  title: string;
  isoClauses: string[];
  qmsrProvisions: string[];
  fdaSpecific: boolean;
  summary: string;
  notes: string[];
  /** How the old provision maps (old provisions only). */
  relation?: string;
  /** `unconfirmed` when the mapping rests on a single secondary source or on inference. */
  confidence: 'confirmed' | 'unconfirmed';
  /** Knowledge-base records behind the answer. */
  kbRefs: string[];
  sources: { id: string; title: string; url?: string }[];
  /** Official text online. */
  url: string;
  /** Sub-paragraphs of the provision, for drilling down. */
  paragraphs: { citation: string; title: string }[];
  kb: { version: string };
}

export type ExplainOutcome = { ok: true; explanation: Explanation } | { ok: false; error: string; suggestions: string[] };

export interface ExplainOptions {
  /** Read the reference as the old or the new regulation; default: whichever it belongs to. */
  regulation?: RegulationName;
}

/** Explain one reference typed by a user. */
export function explain(kb: KnowledgeBase, input: string, options: ExplainOptions = {}): ExplainOutcome {
  const parsed = parseCitation(input);
  if (!parsed.ok) return { ok: false, error: parsed.error, suggestions: [] };
  const ref = parsed.ref;
  if (ref.part !== 820) return explainOtherPart(kb, input, ref);
  if (ref.subpart) return explainSubpart(kb, input, ref.subpart, options);
  if (!ref.section) return { ok: true, explanation: explainPart820(kb, input) };
  return explainProvision(kb, input, ref, options);
}

function explainProvision(kb: KnowledgeBase, input: string, ref: CitationRef, options: ExplainOptions): ExplainOutcome {
  const citation = ref.citation;
  const inQmsr = kb.qmsr.provisions.get(citation);
  const inQsr = kb.qsr.provisions.get(citation);
  const wantQsr = options.regulation === 'QSR';
  const wantQmsr = options.regulation === 'QMSR';

  if (inQmsr && !wantQsr && (inQmsr.status === 'current' || inQmsr.status === 'not-adopted' || wantQmsr || !inQsr)) {
    return { ok: true, explanation: fromQmsr(kb, input, inQmsr, inQsr) };
  }
  if (inQsr && !wantQmsr) return { ok: true, explanation: fromQsr(kb, input, inQsr) };
  if (wantQmsr && inQsr && !inQmsr) {
    // An old section number read as the new regulation: reserved, or a paragraph that no longer exists.
    const reservedSection = qmsrReserved(kb, inQsr.section);
    if (reservedSection) return { ok: true, explanation: reservedAnswer(kb, input, citation, inQsr) };
  }
  return { ok: false, error: unknownMessage(kb, citation, options.regulation), suggestions: nearestCitations(kb, citation) };
}

function fromQmsr(kb: KnowledgeBase, input: string, p: Provision, old: Provision | undefined): Explanation {
  const section = kb.qmsr.provisions.get(p.section)!;
  const notes = [...p.notes];
  if (old && old.title !== p.title) {
    notes.push(
      `In documents written for the old QSR (before ${longDate(kb.qmsr.effective)}), ${p.citation} meant "${old.title}". ` +
        `Check which version a document means; the old paragraph maps to ${describeMapping(kb, old.citation)}.`,
    );
  }
  if (p.status === 'reserved') notes.push(...reservedNotes(kb, p.section));
  const status: ExplainStatus = p.status === 'current' ? 'current' : p.status === 'reserved' ? 'reserved' : 'unknown';
  return {
    input,
    citation: p.citation,
    regulation: 'QMSR',
    status,
    ...(p.status === 'not-adopted' ? { statusDetail: 'not-adopted' as const } : {}),
    title: p.title,
    isoClauses: p.isoClauses.length > 0 ? p.isoClauses : section.isoClauses,
    qmsrProvisions: p.status === 'current' ? [p.citation] : [],
    fdaSpecific: p.fdaSpecific,
    summary: p.summary ?? p.gist ?? section.summary ?? '',
    notes,
    confidence: p.confidence,
    kbRefs: [p.id, ...(old ? [old.id] : [])],
    sources: sourcesOf(kb, p.sources),
    url: sectionUrl(kb.qmsr, p.section),
    paragraphs: p.children.map((c) => ({ citation: c, title: kb.qmsr.provisions.get(c)!.title })),
    kb: { version: kb.version },
  };
}

function fromQsr(kb: KnowledgeBase, input: string, p: Provision): Explanation {
  const entry = kb.crosswalk.get(p.citation);
  const section = kb.qsr.provisions.get(p.section)!;
  const qmsrProvisions = entry?.qmsrProvisions ?? [];
  const notes = [...(entry?.notes ?? [])];
  if (entry) notes.unshift(entry.rationale);
  for (const change of kb.changes) {
    if (change.qsrRefs.some((r) => r === p.citation || r === p.section)) notes.push(`${change.title}: ${change.summary}`);
  }
  if (qmsrReserved(kb, p.section)) notes.push(`§ ${p.section} is [Reserved] in the QMSR; citing it as current law is out of date since ${longDate(kb.qmsr.effective)}.`);
  return {
    input,
    citation: p.citation,
    regulation: 'QSR',
    status: 'removed',
    title: p.title,
    isoClauses: entry?.isoClauses ?? section.isoClauses,
    qmsrProvisions,
    // The destination goes beyond ISO 13485 (820.35, 820.45, 820.10(b)…), not merely scopes it (820.10(c)).
    fdaSpecific: qmsrProvisions.some((c) => {
      const q = kb.qmsr.provisions.get(c);
      return q !== undefined && q.fdaSpecific && !q.scoping;
    }),
    summary: p.summary ?? p.gist ?? (p === section ? section.summary ?? '' : `${p.title}. Part of former § ${p.section} ${section.title}.`),
    notes: dedupe(notes),
    ...(entry ? { relation: entry.relation } : {}),
    confidence: entry?.confidence === 'unconfirmed' || p.confidence === 'unconfirmed' ? 'unconfirmed' : 'confirmed',
    kbRefs: [p.id, ...(entry ? [entry.id] : [])],
    sources: sourcesOf(kb, [...p.sources, ...(entry?.sources ?? [])]),
    url: kb.qsr.ecfrUrl,
    paragraphs: p.children.map((c) => ({ citation: c, title: kb.qsr.provisions.get(c)!.title })),
    kb: { version: kb.version },
  };
}

function reservedAnswer(kb: KnowledgeBase, input: string, citation: string, old: Provision): Explanation {
  const base = fromQsr(kb, input, old);
  return {
    ...base,
    citation,
    regulation: 'QMSR',
    status: 'reserved',
    title: '[Reserved]',
    summary: `§ ${old.section} is reserved in the QMSR. It used to hold "${kb.qsr.provisions.get(old.section)!.title}" in the old QSR.`,
    notes: [...reservedNotes(kb, old.section), ...base.notes],
    url: sectionUrl(kb.qmsr, old.section),
  };
}

function reservedNotes(kb: KnowledgeBase, section: string): string[] {
  const old = kb.qsr.provisions.get(section);
  if (!old) return [];
  return [`Formerly "${old.title}" in the old QSR; that requirement now maps to ${describeMapping(kb, section)}.`];
}

function describeMapping(kb: KnowledgeBase, oldCitation: string): string {
  const e = kb.crosswalk.get(oldCitation);
  if (!e) return 'no recorded mapping';
  const parts = [
    ...(e.isoClauses.length ? [`ISO 13485:2016 clause ${e.isoClauses.join(', ')}`] : []),
    ...(e.qmsrProvisions.length ? [`21 CFR ${e.qmsrProvisions.join(', ')}`] : []),
  ];
  return parts.length ? parts.join(' and ') : `nothing (${e.relation})`;
}

/** True when the section number is reserved (explicitly, or by its whole subpart) in the QMSR. */
export function qmsrReserved(kb: KnowledgeBase, section: string): boolean {
  const p = kb.qmsr.provisions.get(section);
  if (p) return p.status === 'reserved';
  return kb.qsr.provisions.has(section);
}

function explainSubpart(kb: KnowledgeBase, input: string, letter: string, options: ExplainOptions): ExplainOutcome {
  const newer = kb.qmsr.subparts.find((s) => s.letter === letter);
  const older = kb.qsr.subparts.find((s) => s.letter === letter);
  const useNew = options.regulation === 'QMSR' || (options.regulation !== 'QSR' && newer?.status === 'current');
  const sp = useNew ? newer : older;
  if (!sp) return { ok: false, error: `Part 820 has no Subpart ${letter}; its subparts run from A to O.`, suggestions: ['Subpart A', 'Subpart O'] };
  const reg = useNew ? kb.qmsr : kb.qsr;
  const sections = sp.sections.map((s) => reg.provisions.get(s)!);
  const notes: string[] = [];
  if (useNew && older && older.title !== sp.title) notes.push(`In the old QSR, Subpart ${letter} was "${older.title}" (${older.sections.join(', ')}).`);
  if (!useNew) notes.push(`Subpart ${letter} is [Reserved] in the QMSR${newer && newer.status !== 'reserved' ? ` (now "${newer.title}")` : ''}.`);
  const crosswalk = useNew ? [] : sections.map((s) => kb.crosswalk.get(s.citation)).filter((e) => e !== undefined);
  return {
    ok: true,
    explanation: {
      input,
      citation: `Subpart ${letter}`,
      regulation: reg.name,
      status: useNew ? (sp.status === 'current' ? 'current' : 'reserved') : 'removed',
      title: sp.title,
      isoClauses: dedupe(useNew ? sections.flatMap((s) => s.isoClauses) : crosswalk.flatMap((e) => e.isoClauses)),
      qmsrProvisions: dedupe(useNew ? sections.filter((s) => s.status === 'current').map((s) => s.citation) : crosswalk.flatMap((e) => e.qmsrProvisions)),
      fdaSpecific: useNew && sections.some((s) => s.fdaSpecific && s.status === 'current'),
      summary: `Subpart ${letter} (${sp.title}) of the ${reg.title} holds ${sections.length ? sections.map((s) => `§ ${s.citation} ${s.title}`).join('; ') : 'no sections'}.`,
      notes,
      confidence: 'confirmed',
      kbRefs: sections.map((s) => s.id),
      sources: sourcesOf(kb, useNew ? ['cfr-820-qmsr'] : ['cfr-820-qsr']),
      url: reg.ecfrUrl,
      paragraphs: sections.map((s) => ({ citation: s.citation, title: s.title })),
      kb: { version: kb.version },
    },
  };
}

function explainPart820(kb: KnowledgeBase, input: string): Explanation {
  const current = [...kb.qmsr.provisions.values()].filter((p) => p.paragraphs.length === 0 && p.status === 'current');
  return {
    input,
    citation: 'Part 820',
    regulation: 'QMSR',
    status: 'current',
    title: kb.qmsr.title,
    isoClauses: [],
    qmsrProvisions: current.map((p) => p.citation),
    fdaSpecific: false,
    summary:
      `Since ${kb.qmsr.effective}, 21 CFR Part 820 is the ${kb.qmsr.title}. It incorporates ISO 13485:2016 by reference and adds FDA-specific ` +
      `requirements; its active sections are ${current.map((p) => `§ ${p.citation}`).join(', ')}.`,
    notes: [
      `A document that cites "21 CFR Part 820" alone is still correct, but check that it does not mean the old QSR (${kb.qsr.title}, in force until the QMSR took effect on ${kb.qmsr.effective}).`,
    ],
    confidence: 'confirmed',
    kbRefs: current.map((p) => p.id),
    sources: sourcesOf(kb, ['cfr-820-qmsr']),
    url: kb.qmsr.ecfrUrl,
    paragraphs: current.map((p) => ({ citation: p.citation, title: p.title })),
    kb: { version: kb.version },
  };
}

function explainOtherPart(kb: KnowledgeBase, input: string, ref: CitationRef): ExplainOutcome {
  const part = kb.relatedParts.get(String(ref.part));
  if (!part) {
    return {
      ok: false,
      error: `Part ${ref.part} of Title 21 is outside what qmsr explains. It covers Part 820 (old and new) and the parts the QMSR links in: ${[...kb.relatedParts.keys()].map((p) => `Part ${p}`).join(', ')}.`,
      suggestions: [...kb.relatedParts.keys()].map((p) => `Part ${p}`),
    };
  }
  return {
    ok: true,
    explanation: {
      input,
      citation: ref.citation,
      regulation: 'QMSR',
      status: 'current',
      title: part.title,
      isoClauses: part.isoClauses,
      qmsrProvisions: part.linkedBy,
      fdaSpecific: true,
      summary: part.summary,
      notes: [
        part.linkedBy.length
          ? `The QMSR links Part ${part.part} in through ${part.linkedBy.map((c) => `§ ${c}`).join(', ')}. A citation of Part ${part.part} is still current.`
          : `Part ${part.part} applies alongside the QMSR. A citation of Part ${part.part} is still current.`,
      ],
      confidence: part.confidence,
      kbRefs: [part.id],
      sources: sourcesOf(kb, part.sources),
      url: part.ecfrUrl,
      paragraphs: [],
      kb: { version: kb.version },
    },
  };
}

function unknownMessage(kb: KnowledgeBase, citation: string, regulation: RegulationName | undefined): string {
  const section = /^820\.\d+/.exec(citation)?.[0] ?? citation;
  const sectionRecord = kb.qsr.provisions.get(section) ?? kb.qmsr.provisions.get(section);
  if (!sectionRecord) return `${section} is not a section of 21 CFR Part 820, old or new.`;
  if (regulation === 'QSR' && !kb.qsr.provisions.has(section)) return `${section} did not exist in the old QSR.`;
  // Find the deepest existing ancestor to say which paragraphs it does have.
  let ancestor = citation;
  while (ancestor.includes('(') && !kb.qsr.provisions.has(ancestor) && !kb.qmsr.provisions.has(ancestor)) {
    ancestor = ancestor.slice(0, ancestor.lastIndexOf('('));
  }
  const p = kb.qmsr.provisions.get(ancestor)?.children.length ? kb.qmsr.provisions.get(ancestor)! : (kb.qsr.provisions.get(ancestor) ?? kb.qmsr.provisions.get(ancestor))!;
  const kids = p.children.map((c) => c.slice(ancestor.length));
  return kids.length
    ? `${citation} does not exist: ${ancestor} (${p.title}) has paragraphs ${kids.join(', ')}.`
    : `${citation} does not exist: ${ancestor} (${p.title}) has no lettered paragraphs.`;
}

function sectionUrl(reg: Regulation, section: string): string {
  return reg.name === 'QMSR' ? `${reg.ecfrUrl}/section-${section}` : reg.ecfrUrl;
}

function sourcesOf(kb: KnowledgeBase, ids: readonly string[]): { id: string; title: string; url?: string }[] {
  return dedupe([...ids]).map((id) => {
    const s = kb.sources.get(id);
    return s ? { id, title: s.title, ...(s.url ? { url: s.url } : {}) } : { id, title: id };
  });
}

function dedupe<T>(items: T[]): T[] {
  return [...new Set(items)];
}
