/**
 * Loads the knowledge base from `kb/`: every file validated against its schema,
 * flattened into lookups, then checked for integrity. Returns every problem at
 * once rather than stopping at the first.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIso, buildRegulation } from './build.js';
import { type KbProblem, type Parsed, parseYaml, readText, splitFrontMatter } from './files.js';
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
import { z } from 'zod';

/** The `kb/` folder shipped with the tool (two levels above this module in src/ and in dist/). */
export function defaultKbDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'kb');
}

export type LoadResult = { ok: true; kb: KnowledgeBase } | { ok: false; problems: KbProblem[] };

/** Load and check the knowledge base in `dir`. */
export function loadKnowledgeBase(dir: string = defaultKbDir()): LoadResult {
  const problems: KbProblem[] = [];
  const hash = createHash('sha256');
  const read = <T>(file: string, schema: z.ZodType<T>): T | undefined => {
    let text: string;
    try {
      text = readText(join(dir, file));
    } catch (err) {
      problems.push({ file, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      return undefined;
    }
    hash.update(file).update('\0').update(text).update('\0');
    const parsed: Parsed<T> = parseYaml(text, file, schema);
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
  const guide = readGuide(dir, problems, hash);

  if (qsr && qsr.regulation !== 'QSR') problems.push({ file: 'regulations/qsr.yaml', message: 'regulation must be QSR' });
  if (qmsr && qmsr.regulation !== 'QMSR') problems.push({ file: 'regulations/qmsr.yaml', message: 'regulation must be QMSR' });
  if (!manifest || !sources || !qsr || !qmsr || !iso || !crosswalk || !terms || !changes || !parts || !inspection) {
    return { ok: false, problems };
  }

  const kb: KnowledgeBase = {
    version: manifest.version,
    date: manifest.date,
    hash: hash.digest('hex'),
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

function readGuide(dir: string, problems: KbProblem[], hash: ReturnType<typeof createHash>): GuidePage[] {
  const guideDir = join(dir, 'guide');
  let files: string[];
  try {
    files = readdirSync(guideDir).filter((f) => f.endsWith('.md')).sort();
  } catch {
    problems.push({ file: 'guide/', message: 'the guide folder is missing' });
    return [];
  }
  const pages: GuidePage[] = [];
  for (const name of files) {
    const file = relative(dir, join(guideDir, name));
    const text = readText(join(guideDir, name));
    hash.update(file).update('\0').update(text).update('\0');
    const split = splitFrontMatter(text);
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

let cached: KnowledgeBase | undefined;

/** The shipped knowledge base, loaded once per process. Throws a readable error if the data is unsound. */
export function getKnowledgeBase(): KnowledgeBase {
  if (cached) return cached;
  const result = loadKnowledgeBase();
  if (!result.ok) throw new KbLoadError(result.problems);
  cached = result.kb;
  return cached;
}

/** The knowledge base failed to load; the message lists every problem as `file:line: message`. */
export class KbLoadError extends Error {
  constructor(readonly problems: KbProblem[]) {
    super(`The knowledge base has ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'KbLoadError';
  }
}

/** `regulations/qsr.yaml:120 (subparts.2.title): message`. */
export function formatProblem(p: KbProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return `${where}${p.path ? ` (${p.path})` : ''}: ${p.message}`;
}
