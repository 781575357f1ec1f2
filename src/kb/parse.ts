/**
 * Parses and checks a knowledge base: every file validated against its
 * schema, flattened into lookups, then checked for integrity. Returns every
 * problem at once rather than stopping at the first. Loads the YAML parser and
 * the schemas, which a command using the shipped snapshot never needs.
 */
import { buildIso, buildRegulation } from './build.js';
import { type KbProblem, type Parsed, splitFrontMatter } from './files.js';
import { checkIntegrity } from './integrity.js';
import type { GuidePage, KnowledgeBase } from './model.js';
import {
  changesSchema,
  crosswalkSchema,
  guideFrontMatterSchema,
  inspectionSchema,
  isoSchema,
  manifestSchema,
  regulationSchema,
  relatedPartsSchema,
  sourceSchema,
  termsSchema,
} from './schema.js';
import { type DATA_FILES, defaultKbDir, readSources, type SourceFiles } from './sources.js';
import { parseYaml } from './yaml.js';
import { z } from 'zod';

export type LoadResult = { ok: true; kb: KnowledgeBase } | { ok: false; problems: KbProblem[] };

/** Load and check the knowledge base in `dir`. */
export function loadKnowledgeBase(dir: string = defaultKbDir()): LoadResult {
  return parseSources(dir, readSources(dir));
}

export function parseSources(dir: string, files: SourceFiles): LoadResult {
  const problems: KbProblem[] = [];
  const read = <T>(file: (typeof DATA_FILES)[number], schema: z.ZodType<T>): T | undefined => {
    const source = files.texts.get(file)!;
    if ('error' in source) {
      problems.push({ file, message: `cannot read: ${source.error}` });
      return undefined;
    }
    const parsed: Parsed<T> = parseYaml(source.text, file, schema);
    if (parsed.ok) return parsed.value;
    problems.push(...parsed.problems);
    return undefined;
  };

  const manifest = read('manifest.yaml', manifestSchema);
  const sources = read('sources.yaml', z.object({ sources: z.array(sourceSchema).min(1) }).strict());
  const qsr = read('regulations/qsr.yaml', regulationSchema);
  const qmsr = read('regulations/qmsr.yaml', regulationSchema);
  const iso = read('iso13485.yaml', isoSchema);
  const crosswalk = read('crosswalk.yaml', crosswalkSchema);
  const terms = read('terms.yaml', termsSchema);
  const changes = read('changes.yaml', changesSchema);
  const parts = read('related-parts.yaml', relatedPartsSchema);
  const inspection = read('inspection.yaml', inspectionSchema);
  const guide = readGuide(files, problems);

  if (qsr && qsr.regulation !== 'QSR') problems.push({ file: 'regulations/qsr.yaml', message: 'regulation must be QSR' });
  if (qmsr && qmsr.regulation !== 'QMSR') problems.push({ file: 'regulations/qmsr.yaml', message: 'regulation must be QMSR' });
  if (!manifest || !sources || !qsr || !qmsr || !iso || !crosswalk || !terms || !changes || !parts || !inspection) {
    return { ok: false, problems };
  }

  const kb: KnowledgeBase = {
    version: manifest.version,
    date: manifest.date,
    hash: files.hash,
    dir,
    sources: new Map(sources.sources.map((s) => [s.id, s])),
    qsr: buildRegulation(qsr),
    qmsr: buildRegulation(qmsr),
    iso: buildIso(iso.clauses),
    crosswalk: new Map(crosswalk.entries.map((e) => [e.qsr, { ...e, id: `cw.${e.qsr}` }])),
    newRequirements: crosswalk.newRequirements,
    terms: terms.terms,
    changes: changes.changes,
    relatedParts: new Map(parts.parts.map((p) => [p.part, { ...p, id: `part.${p.part}` }])),
    inspection,
    guide,
  };
  if (crosswalk.entries.length !== kb.crosswalk.size) {
    const seen = new Set<string>();
    for (const e of crosswalk.entries) {
      if (seen.has(e.qsr)) problems.push({ file: 'crosswalk.yaml', message: `old provision ${e.qsr} has two crosswalk entries` });
      seen.add(e.qsr);
    }
  }
  problems.push(...checkIntegrity(kb));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, kb };
}

function readGuide(sources: SourceFiles, problems: KbProblem[]): GuidePage[] {
  if (!sources.guide) {
    problems.push({ file: 'guide/', message: 'the guide folder is missing' });
    return [];
  }
  const pages: GuidePage[] = [];
  for (const file of sources.guide) {
    const source = sources.texts.get(file)!;
    if ('error' in source) {
      problems.push({ file, message: `cannot read: ${source.error}` });
      continue;
    }
    const split = splitFrontMatter(source.text);
    if (!split) {
      problems.push({ file, line: 1, message: 'a guide page starts with YAML front matter between --- lines' });
      continue;
    }
    const fm = parseYaml(split.frontMatter, file, guideFrontMatterSchema);
    if (!fm.ok) {
      problems.push(...fm.problems.map((p) => ({ ...p, line: p.line !== undefined ? p.line + 1 : undefined })));
      continue;
    }
    pages.push({ ...fm.value, body: split.body, file });
  }
  return pages.sort((a, b) => a.order - b.order);
}
