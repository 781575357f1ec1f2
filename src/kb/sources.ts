/**
 * The files of a knowledge base as they are on disk: their text and the hash
 * of their content, which every output carries and which says whether the
 * shipped snapshot still matches them.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readText } from './files.js';

/** The `kb/` folder shipped with the tool (two levels above this module in src/ and in dist/). */
export function defaultKbDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'kb');
}

/** The YAML files of the knowledge base, in the order they are hashed. */
export const DATA_FILES = [
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
export interface SourceFiles {
  /** File (relative to the kb folder) → its text, or the error that kept it from being read. */
  texts: Map<string, { text: string } | { error: string }>;
  /** Guide pages, relative paths in hashing order; undefined if the guide folder is missing. */
  guide: string[] | undefined;
  hash: string;
}

export function readSources(dir: string): SourceFiles {
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
