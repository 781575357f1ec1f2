/**
 * The shipped knowledge base, once per process. A compiled build carries a
 * snapshot of it, checked when it was built (`writeKbSnapshot`); it is used
 * when the kb/ files still have the content it was made from. Only when it
 * is not (development, edited data) is the parser loaded, with YAML and the
 * schemas: whether it is needed is decided when this module loads, so that
 * `getKnowledgeBase` stays synchronous and a command that uses the snapshot
 * never loads them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { fileURLToPath } from 'node:url';
import type { KnowledgeBase } from './model.js';
import { KbLoadError } from './problems.js';
import { defaultKbDir, readSources, type SourceFiles } from './sources.js';

/** Where `npm run build` puts the snapshot of the shipped knowledge base: next to this module in dist/. */
const SHIPPED_SNAPSHOT = fileURLToPath(new URL('./kb-snapshot.v8', import.meta.url));

/** Bump when the KnowledgeBase shape changes in a way old snapshots would not have. */
const SNAPSHOT_FORMAT = 1;

interface Snapshot {
  format: number;
  v8: string;
  kb: KnowledgeBase;
}

/** The shipped files, and the snapshot's knowledge base if it was made from them. */
let shipped: { dir: string; sources?: SourceFiles; kb?: KnowledgeBase } = (() => {
  const dir = defaultKbDir();
  const sources = readSources(dir);
  const kb = readKbSnapshot(SHIPPED_SNAPSHOT, sources.hash);
  return kb ? { dir, kb: { ...kb, dir } } : { dir, sources };
})();

const parser = shipped.kb ? undefined : await import('./parse.js');

let cached: KnowledgeBase | undefined;

/** The shipped knowledge base, loaded once per process. Throws a readable error if the data is unsound. */
export function getKnowledgeBase(): KnowledgeBase {
  if (cached) return cached;
  const { dir, sources, kb } = shipped;
  if (kb) return (cached = kb);
  const result = parser!.parseSources(dir, sources!);
  if (!result.ok) throw new KbLoadError(result.problems);
  shipped = { dir }; // the files' text is no longer needed
  return (cached = result.kb);
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
