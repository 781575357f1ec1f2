/**
 * Turns validated regulation and ISO data into the flat lookups of the model.
 */
import type { IsoClause, Provision, Regulation, RegulationName } from './model.js';
import type { IsoClauseInput, ParagraphInput, RegulationInput, SectionInput } from './schema.js';

/** `820.30` + ['g','1'] → `820.30(g)(1)`. */
export function citationOf(section: string, paragraphs: readonly string[]): string {
  return section + paragraphs.map((p) => `(${p})`).join('');
}

/** Flatten a regulation file into provisions keyed by citation, in CFR order. */
export function buildRegulation(input: RegulationInput): Regulation {
  const name: RegulationName = input.regulation;
  const provisions = new Map<string, Provision>();
  const subparts = input.subparts.map((sp) => {
    for (const section of sp.sections) addSection(provisions, name, sp.letter, sp.title, section);
    return { letter: sp.letter, title: sp.title, status: sp.status, sections: sp.sections.map((s) => s.section) };
  });
  return {
    name,
    title: input.name,
    effective: input.effective,
    ...(input.supersededOn ? { supersededOn: input.supersededOn } : {}),
    ecfrUrl: input.ecfrUrl,
    subparts,
    provisions,
  };
}

function addSection(
  out: Map<string, Provision>,
  regulation: RegulationName,
  subpart: string,
  subpartTitle: string,
  s: SectionInput,
): void {
  const provision: Provision = {
    id: `${regulation.toLowerCase()}.${s.section}`,
    regulation,
    citation: s.section,
    section: s.section,
    paragraphs: [],
    subpart,
    subpartTitle,
    title: s.title,
    summary: s.summary,
    items: [],
    status: s.status,
    fdaSpecific: s.fdaSpecific,
    scoping: false,
    isoHook: false,
    isoClauses: s.isoClauses,
    notes: s.notes,
    confidence: s.confidence,
    sources: s.sources,
    children: [],
    ...(s.leadIn ? { leadIn: s.leadIn } : {}),
    ...(s.definitions ? { definitions: s.definitions } : {}),
    ...(s.deviceTable ? { deviceTable: s.deviceTable } : {}),
  };
  out.set(provision.citation, provision);
  for (const p of s.paragraphs) addParagraph(out, provision, p, []);
}

function addParagraph(
  out: Map<string, Provision>,
  section: Provision,
  p: ParagraphInput,
  chain: string[],
  inheritedFdaSpecific = section.fdaSpecific,
  inheritedScoping = false,
): void {
  const fdaSpecific = p.fdaSpecific ?? inheritedFdaSpecific;
  const scoping = p.scoping ?? inheritedScoping;
  const paragraphs = [...chain, p.label];
  const citation = citationOf(section.section, paragraphs);
  const parentCitation = citationOf(section.section, chain);
  const provision: Provision = {
    id: `${section.regulation.toLowerCase()}.${citation}`,
    regulation: section.regulation,
    citation,
    section: section.section,
    paragraphs,
    subpart: section.subpart,
    subpartTitle: section.subpartTitle,
    title: p.heading ?? p.term ?? p.gist ?? citation,
    ...(p.heading ? { heading: p.heading } : {}),
    ...(p.gist ? { gist: p.gist } : {}),
    ...(p.summary ? { summary: p.summary } : {}),
    items: p.items ?? [],
    ...(p.term ? { term: p.term } : {}),
    // Old paragraphs are not in force even where the section number (820.1, 820.3) survives.
    status: section.regulation === 'QSR' ? 'removed' : section.status,
    fdaSpecific,
    scoping,
    isoHook: p.isoHook ?? false,
    isoClauses: [],
    notes: [],
    confidence: section.confidence,
    sources: section.sources,
    parent: parentCitation,
    children: [],
  };
  out.set(citation, provision);
  out.get(parentCitation)?.children.push(citation);
  for (const child of p.paragraphs ?? []) addParagraph(out, section, child, paragraphs, fdaSpecific, scoping);
}

/** ISO clauses keyed by number, each knowing its parent clause. */
export function buildIso(clauses: IsoClauseInput[]): Map<string, IsoClause> {
  const map = new Map<string, IsoClause>();
  for (const c of clauses) {
    const dot = c.number.lastIndexOf('.');
    const parent = dot > 0 ? c.number.slice(0, dot) : undefined;
    map.set(c.number, { ...c, id: `iso.${c.number}`, ...(parent ? { parent } : {}) });
  }
  return map;
}
