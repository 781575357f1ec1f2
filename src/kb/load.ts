/**
 * Loads the knowledge base from `kb/`: every file validated against its schema,
 * flattened into lookups, then checked for integrity. Returns every problem at
 * once rather than stopping at the first.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
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

/** The YAML files of the knowledge base, in the order they are hashed. */
const DATA_FILES = [
  'manifest.yaml',
  'sources.yaml',
  'regulations/qsr.yaml',
  'regulations/qmsr.yaml',
  'iso13485.yaml',
  'crosswalk.yaml',
  'terms.yaml',
  'changes.yaml',
  'related-parts.yaml',
  'inspection.yaml',
] as const;

/** The raw files of a knowledge base and the hash of their content (what every output carries). */
interface SourceFiles {
  /** File (relative to the kb folder) → its text, or the error that kept it from being read. */
  texts: Map<string, { text: string } | { error: string }>;
  /** Guide pages, relative paths in hashing order; undefined if the guide folder is missing. */
  guide: string[] | undefined;
  hash: string;
}

function readSources(dir: string): SourceFiles {
  const texts: SourceFiles['texts'] = new Map();
  const hash = createHash('sha256');
  const take = (file: string): void => {
    try {
      const text = readText(join(dir, file));
      hash.update(file).update('\0').update(text).update('\0');
      texts.set(file, { text });
    } catch (err) {
      texts.set(file, { error: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
    }
  };
  for (const file of DATA_FILES) take(file);
  let guide: string[] | undefined;
  try {
    guide = readdirSync(join(dir, 'guide'))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((name) => relative(dir, join(dir, 'guide', name)));
    for (const file of guide) take(file);
  } catch {
    guide = undefined;
  }
  return { texts, guide, hash: hash.digest('hex') };
}

/** Load and check the knowledge base in `dir`. */
export function loadKnowledgeBase(dir: string = defaultKbDir()): LoadResult {
  return parseSources(dir, readSources(dir));
}

function parseSources(dir: string, files: SourceFiles): LoadResult {
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

let cached: KnowledgeBase | undefined;

/**
 * The shipped knowledge base, loaded once per process. Throws a readable error if the data is unsound.
 * A compiled build carries a snapshot of the checked knowledge base (see `writeKbSnapshot`); it is used
 * when the kb/ files still have the content it was made from, and skips parsing and checking them again.
 */
export function getKnowledgeBase(): KnowledgeBase {
  if (cached) return cached;
  const dir = defaultKbDir();
  const sources = readSources(dir);
  const snapshot = readKbSnapshot(SHIPPED_SNAPSHOT, sources.hash);
  if (snapshot) return (cached = { ...snapshot, dir });
  const result = parseSources(dir, sources);
  if (!result.ok) throw new KbLoadError(result.problems);
  cached = result.kb;
  return cached;
}

/** Where `npm run build` puts the snapshot of the shipped knowledge base: next to this module in dist/. */
const SHIPPED_SNAPSHOT = fileURLToPath(new URL('./kb-snapshot.v8', import.meta.url));

/** Bump when the KnowledgeBase shape changes in a way old snapshots would not have. */
const SNAPSHOT_FORMAT = 1;

interface Snapshot {
  format: number;
  v8: string;
  kb: KnowledgeBase;
}

/** Write a checked knowledge base as a V8-serialised snapshot (structured clone: Maps and shared objects kept). */
export function writeKbSnapshot(kb: KnowledgeBase, file: string): void {
  const snapshot: Snapshot = { format: SNAPSHOT_FORMAT, v8: process.versions.v8, kb: { ...kb, dir: '' } };
  writeFileSync(file, serialize(snapshot));
}

/**
 * The knowledge base in a snapshot file, if the file exists, was written by this format and
 * V8 version, and was made from files whose content hash is `hash`; otherwise undefined.
 */
export function readKbSnapshot(file: string, hash: string): KnowledgeBase | undefined {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const snapshot = deserialize(data) as Partial<Snapshot>;
    if (snapshot.format !== SNAPSHOT_FORMAT || snapshot.v8 !== process.versions.v8 || snapshot.kb?.hash !== hash) return undefined;
    return snapshot.kb;
  } catch {
    return undefined;
  }
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
