/**
 * Finding guide pages by what a user types: a slug, an alias, a section number
 * or words from the title.
 */
import type { GuidePage, KnowledgeBase } from './model.js';
import { editDistance } from './nearest.js';

export type GuideLookup = { ok: true; page: GuidePage } | { ok: false; error: string; suggestions: string[] };

/** The page for a topic, or an error listing the closest topics. */
export function findGuidePage(kb: KnowledgeBase, topic: string): GuideLookup {
  const wanted = normalise(topic);
  const section = /820\.\d{1,3}/.exec(topic)?.[0];
  const page =
    kb.guide.find((g) => g.slug === wanted) ??
    (section ? kb.guide.find((g) => g.sections.includes(section)) : undefined) ??
    kb.guide.find((g) => g.aliases.some((a) => normalise(a) === wanted)) ??
    kb.guide.find((g) => normalise(g.title) === wanted);
  if (page) return { ok: true, page };
  const ranked = kb.guide
    .map((g) => ({ g, d: Math.min(...[g.slug, ...g.aliases, normalise(g.title)].map((n) => editDistance(normalise(n), wanted))) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ g }) => g.slug);
  const hint = section && !kb.qmsr.provisions.get(section) ? ` ${section} is not a current QMSR section; try \`qmsr explain ${section}\`.` : '';
  return { ok: false, error: `No guide page for "${topic}".${hint}`, suggestions: ranked };
}

function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/^(21\s*cfr\s*)?(§\s*)?/, '')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-|-$/g, '');
}
